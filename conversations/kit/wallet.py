"""Bale's wallet: ``inquireTransaction(transaction_id)`` tells whether a payment that the messenger
reported (``successful_payment``) is paid, still pending, failed or rejected (bale.md: a Bale-only
method, medium-high confidence; the id is ``successful_payment.telegram_payment_charge_id``).

Where the method does not exist (404, or a 400 that says so) the bot falls back to trusting
``successful_payment``, as on Telegram, and remembers that for the bot (``Learned``).
"""

from __future__ import annotations

import logging
from enum import StrEnum

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramNotFound
from aiogram.methods import TelegramMethod
from aiogram.types import TelegramObject

from conversations.kit.platform import INQUIRE_TRANSACTION, PlatformProfile

log = logging.getLogger(__name__)
ASK_WITHIN = 10  # seconds: an answer that takes longer counts as no answer (asked again later)


class Paid(StrEnum):
    """What the wallet says of a payment; ``UNKNOWN`` when there is no answer (an error, a
    timeout, an unexpected reply): the payment is checked again later."""

    PAID = "paid"
    PENDING = "pending"
    FAILED = "failed"
    REJECTED = "rejected"
    NO_METHOD = "no-method"  # the messenger has no inquireTransaction: trust successful_payment
    UNKNOWN = "unknown"


class Transaction(TelegramObject):
    """Bale's answer (camelCase keys; only ``status`` is read, the rest is kept as sent)."""

    status: str


class InquireTransaction(TelegramMethod[Transaction]):
    __returning__ = Transaction
    __api_method__ = "inquireTransaction"

    transaction_id: str


def _no_method(exc: TelegramAPIError) -> bool:
    text = exc.message.lower()
    return isinstance(exc, TelegramNotFound) or ("method" in text and "not found" in text)


async def inquire(bot: Bot, profile: PlatformProfile, transaction_id: str) -> Paid:
    if not profile.inquires_transactions or profile.learned.refused(INQUIRE_TRANSACTION):
        return Paid.NO_METHOD
    try:
        answer = await bot(InquireTransaction(transaction_id=transaction_id), request_timeout=ASK_WITHIN)
    except (TelegramNotFound, TelegramBadRequest) as exc:
        if _no_method(exc):
            profile.learned.refuse(INQUIRE_TRANSACTION, exc.message)
            return Paid.NO_METHOD
        log.warning("inquireTransaction refused: %s", exc.message)
        return Paid.UNKNOWN
    except (TelegramAPIError, TimeoutError, OSError) as exc:
        log.warning("inquireTransaction did not answer: %s", type(exc).__name__)
        return Paid.UNKNOWN
    try:
        return Paid(answer.status.strip().lower())
    except ValueError:
        log.warning("inquireTransaction: unexpected status %r", answer.status)
        return Paid.UNKNOWN
