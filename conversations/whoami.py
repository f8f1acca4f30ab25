"""``/whoami``, and a group's id told when the bot is added to it (issue 26.5): the numbers the
settings need — a person's user id (``TELEGRAM_ADMIN_IDS``, ``/staff add``) and the staff chat's
id (``TELEGRAM_STAFF_CHAT_ID``) — asked of the bot instead of guessed.

    /whoami (anyone, any chat, any state) → your user id; this chat's id (in a group: and the
        variable that makes it the staff chat); the dialog is left where it was
    the bot added to a group or channel → a message there: its id and that variable
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import JOIN_TRANSITION, ChatMemberUpdatedFilter, Command
from aiogram.types import ChatMemberUpdated, Message

from conversations.kit.chats import is_private
from conversations.kit.context import Ctx


def _staff_variable(ctx: Ctx) -> str:
    return f"{ctx.profile.name.upper()}_STAFF_CHAT_ID"


class Whoami:
    def router(self) -> Router:
        router = Router(name="whoami")
        router.message.register(self.on_whoami, Command("whoami"))
        router.my_chat_member.register(self.on_added, ChatMemberUpdatedFilter(member_status_changed=JOIN_TRANSITION))
        return router

    async def on_whoami(self, message: Message, ctx: Ctx) -> None:
        # ids as plain ASCII digits on a line of their own: copied into .env as they are
        user = str(message.from_user.id) if message.from_user else "-"
        if is_private(message.chat):
            ctx.send("whoami-private", user=user)
        else:
            ctx.send("whoami-group", user=user, chat=str(message.chat.id), variable=_staff_variable(ctx))

    async def on_added(self, event: ChatMemberUpdated, ctx: Ctx) -> None:
        if is_private(event.chat):
            return
        chat, variable = str(event.chat.id), _staff_variable(ctx)
        if event.chat.type == "channel":
            text = ctx.t("whoami-added-channel", chat=chat, variable=variable)
        else:
            text = ctx.t("whoami-added-group", chat=chat, variable=variable)
        ctx.ui.send(event.chat.id, text)
