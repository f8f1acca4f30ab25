"""``/notifications``: whether the bot reminds the applicant of what they left undone (issue 24),
and the reminders themselves.

    /notifications (private chat, any state) → reminders on or off, what always reaches them
        (decisions: in the chat, and by SMS when the bot has an SMS channel), one button
    "turn reminders off" / "turn reminders on" → the choice kept; the same screen, updated
    a stale or forged press → answered "no longer valid" by the kit (a parse failure)

The dialog position is left where it was: the command is a side question, like /whoami.

A reminder (``tell_reminder``, called by the bot's reminder round) says what is left and offers
the button that continues it: a draft or a returned file opens where it waits (the cartable's
"fix"), a fee opens the payment. A draft's reminder says when retention would delete it
(``storage.retention``), so the two notices never disagree.
"""

from __future__ import annotations

import datetime as dt

from aiogram import Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from conversations.kit.chats import InPrivate
from conversations.kit.context import Ctx
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import CartCb, button, inline
from conversations.kit.outbox import Outbox
from conversations.process.fees import PayCb
from scoring.validators import IRAN_TIME
from storage import sms
from storage.reminders import Reminder
from storage.retention import DAY, Policy


class NotifyCb(CallbackData, prefix="nt"):
    act: str  # on, off


class Notifications:
    def router(self) -> Router:
        router = Router(name="notifications")
        router.message.filter(InPrivate())
        router.callback_query.filter(InPrivate())
        router.message.register(self.on_command, Command("notifications"))
        router.callback_query.register(self.on_button, NotifyCb.filter())
        return router

    @staticmethod
    def screen(ctx: Ctx, on: bool) -> tuple[str, InlineKeyboardMarkup]:
        t = ctx.t
        by_sms = "yes" if ctx.services.sms and ctx.user.mobile else "no"  # an SMS channel, a verified mobile
        text = "\n\n".join(
            (
                t("notifications-on", sms=by_sms) if on else t("notifications-off"),
                t("notifications-decisions", sms=by_sms),
            )
        )
        act = "off" if on else "on"
        return text, inline([button(t(f"btn-reminders-{act}"), NotifyCb(act=act))])

    async def on_command(self, message: Message, ctx: Ctx) -> None:
        on = await sms.reminders_on(ctx.session, ctx.user.id)
        text, markup = self.screen(ctx, on)
        ctx.ui.send(ctx.chat_id, text, markup)

    async def on_button(self, query: CallbackQuery, callback_data: NotifyCb, ctx: Ctx) -> None:
        on = callback_data.act == "on"
        await sms.set_reminders(ctx.session, ctx.user.id, on=on)
        ctx.ui.answer(query, ctx.t("notifications-turned-on" if on else "notifications-turned-off"))
        text, markup = self.screen(ctx, on)
        message = query.message if isinstance(query.message, Message) else None
        ctx.ui.replace(message, ctx.chat_id, text, markup)


def _iran_date(t: Translator, moment: dt.datetime) -> str:
    return t.date(moment.astimezone(IRAN_TIME).date())


async def tell_reminder(outbox: Outbox, reminder: Reminder, policy: Policy) -> None:
    """The reminder in the chat, in the applicant's language, with the button that continues
    (recorded in the round's transaction, sent after it commits)."""
    key = f"reminder-{reminder.reason}" + ("-last" if reminder.last else "")

    def keyboard(t: Translator) -> InlineKeyboardMarkup:
        if reminder.reason == "fee":
            return inline([button(t("btn-pay", code=reminder.tracking_code), PayCb(act="pay", case=reminder.case_id))])
        return inline([button(t("btn-fix", code=reminder.tracking_code), CartCb(act="fix", case=reminder.case_id))])

    def text(t: Translator) -> str:
        lines = [
            t(
                key,
                kind=t(f"kind-{reminder.kind}"),
                code=reminder.tracking_code,
                since=_iran_date(t, reminder.since),
                fee=t.money(reminder.fee_rials or 0),
            )
        ]
        if reminder.reason == "draft" and reminder.last and policy.draft_days:
            deleted_on = reminder.since + policy.draft_days * DAY
            lines.append(t("reminder-draft-kept", days=t.digits(policy.draft_days), date=_iran_date(t, deleted_on)))
        lines.append(t("reminder-off-hint"))
        return "\n\n".join(lines)

    found = await outbox.recipient(reminder.messenger_user_id)
    if found is None:
        return
    user, t = found
    await outbox.text(user.chat_id, text(t), keyboard(t), platform=user.platform)
