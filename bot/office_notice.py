"""At start, the admins learn which provinces have no active office (issue 14 §2): there, the
applicant's only answer to the office question is "no preference"."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.notifier import NotificationQueue
from conversations.kit.i18n import I18n, Translator
from scoring import province, provinces
from storage import offices, people

log = logging.getLogger("nezam.offices")


def missing_offices_text(t: Translator, missing: list[str]) -> str | None:
    """The notice in ``t``'s language; None when every province has an active office."""
    if not missing:
        return None
    if len(missing) == len(provinces()):
        return t("operator-offices-none")
    names = t.join(province(iso).label(t.lang) for iso in missing)
    return t("operator-offices-missing", n=t.digits(len(missing)), provinces=names)


async def tell_admins_about_offices(
    sessions: async_sessionmaker[AsyncSession],
    bots: Mapping[str, Bot],
    admin_ids: Mapping[str, frozenset[int]],
    i18n: I18n,
    notifier: NotificationQueue,
) -> int:
    """Queue the notice to every admin of every running platform, in the admin's language (their
    private chat's id is their user id); returns how many were queued."""
    async with sessions() as session:
        missing = await offices.provinces_without_active_office(session)
        if not missing:
            return 0
        log.warning("%d provinces have no active office; admins are told", len(missing))
        queued = 0
        for platform, bot in bots.items():
            for admin in sorted(admin_ids.get(platform, ())):
                known = await people.find_user(session, platform, admin)
                text = missing_offices_text(i18n(known.language if known else None), missing)
                if text:
                    await notifier.notify(bot, admin, text)
                    queued += 1
    return queued
