"""The one notification relay: every workflow event a transaction appends (``storage.workflow``
keeps them, in order, for the open transaction) is turned into the notifications its
application declared (``kit.process.Notice``) and handed to the channels — today the chat, as
outbox rows, and SMS for the decisions declared SMS-worthy (``Notice.sms``) — just before the
transaction commits. So a decision is told exactly when it is
kept: a rolled-back update tells no one; a redelivered update (handled once, ``storage.inbox``)
tells no one twice; and no dialog tells anyone of a decision by hand.

    handler → transition(s) → [events] → relay.flush: notices → channels (outbox rows) → commit
                                                     → after commit: the outbox is sent
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from aiogram.types import InlineKeyboardMarkup

from conversations.kit.context import Reach
from conversations.kit.i18n import Translator
from conversations.kit.process import Audience, Notice, Told
from conversations.kit.sms import kind_of, render
from storage import cases, people, sms, staff
from storage.workflow import recorded


@dataclass(frozen=True)
class Recipient:
    """Whom a notice reaches: their chat on their messenger, in their language; the applicant's
    messenger user (None for staff)."""

    platform: str
    chat_id: int
    t: Translator
    messenger_user_id: int | None = None


@dataclass(frozen=True)
class Message:
    notice: Notice
    told: Told
    recipient: Recipient
    text: str
    markup: InlineKeyboardMarkup | None


class Channel(Protocol):
    """A way to reach people (the chat; SMS): it records what it sends in the transaction."""

    async def send(self, reach: Reach, message: Message) -> None: ...


class ChatChannel:
    """The messenger the recipient uses: a message (and what comes with it, e.g. an invoice),
    as outbox rows sent after the commit."""

    async def send(self, reach: Reach, message: Message) -> None:
        to = message.recipient
        await reach.outbox.text(to.chat_id, message.text, message.markup, platform=to.platform)
        if message.notice.also is not None and to.messenger_user_id is not None:
            user = await people.get_user(reach.session, to.messenger_user_id)
            if user is not None:
                for method in message.notice.also(to.t, message.told, user):
                    await reach.outbox.send(to.chat_id, method, platform=to.platform)


class SmsChannel:
    """An SMS to the applicant's verified mobile (the contact they shared), for a notice declared
    SMS-worthy: a row of the SMS outbox keyed by (event, mobile, channel), sent after the commit
    (``bot.sms``). An applicant who never shared a contact gets the chat message only."""

    async def send(self, reach: Reach, message: Message) -> None:
        notice, to = message.notice, message.recipient
        if not notice.sms or notice.to != Audience.APPLICANT or to.messenger_user_id is None:
            return
        mobile = await sms.verified_mobile(reach.session, to.messenger_user_id)
        if mobile is None:
            return
        short = render(to.t, kind_of(notice.key), message.told.case.tracking_code)
        await sms.add(
            reach.session,
            f"event:{message.told.event.id}",
            mobile,
            short.kind,
            short.text,
            short.params,
            language=to.t.lang,
            parts=short.parts,
        )


class Relay:
    def __init__(self, channels: Sequence[Channel] = (ChatChannel(),)) -> None:
        self.channels = tuple(channels)

    async def flush(self, reach: Reach) -> int:
        """Tell everyone what the transaction's events declare (events the telling itself causes
        included); how many messages."""
        sent = 0
        while batch := recorded(reach.session):
            files: dict[int, tuple[cases.CaseFile, str]] = {}
            for item in batch:
                process = reach.services.process(item.kind)
                notices = process.notices(item.event)
                if not notices:
                    continue
                case_id = item.event.case_id
                if case_id not in files:
                    found = await cases.case_file(reach.session, case_id, process.parts)
                    if found is None:
                        continue
                    user = await people.get_user(reach.session, found.case.messenger_user_id)
                    files[case_id] = (found, user.platform if user is not None else reach.profile.name)
                file, platform = files[case_id]
                told = Told(
                    item.event,
                    file,
                    reach.services.org_of(file.case.province),
                    reach.services.application(item.kind),
                    platform,
                )
                for notice in notices:
                    if notice.when(told):
                        sent += await self.deliver(reach, notice, told)
        return sent

    async def deliver(self, reach: Reach, notice: Notice, told: Told) -> int:
        recipient = await self.recipient(reach, notice, told)
        if recipient is None:
            return 0
        t = recipient.t
        text = t(notice.key, **notice.args(t, told))
        markup = notice.markup(t, told) if notice.markup is not None else None
        message = Message(notice, told, recipient, text, markup)
        for channel in self.channels:
            await channel.send(reach, message)
        return 1

    @staticmethod
    async def recipient(reach: Reach, notice: Notice, told: Told) -> Recipient | None:
        i18n = reach.services.i18n
        if notice.to == Audience.APPLICANT:
            user = await people.get_user(reach.session, told.case.messenger_user_id)
            if user is None:
                return None
            return Recipient(user.platform, user.chat_id, i18n(user.language), user.id)
        assigned = told.case.assigned_staff_id
        if assigned is None or assigned == told.event.actor_staff_id:  # not the one who acted
            return None
        member = await staff.get_staff_by_id(reach.session, assigned)
        if member is None:
            return None
        return Recipient(member.platform, member.external_id, i18n(None))
