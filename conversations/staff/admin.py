"""/staff for admins, in any chat with the bot:

/staff [list]              the staff and their roles
/staff add ID ROLE         grant a role (reviewer, technical_manager, finance, admin)
/staff remove ID ROLE      revoke it
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from conversations.kit.context import Ctx
from conversations.staff.auth import StaffAuth, allowed
from storage import staff
from storage.workflow import Role


class StaffAdmin:
    async def on_staff_command(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        t = ctx.t
        parts = (command.args or "").split()
        if parts[:1] == ["list"] or not parts:
            everyone = await staff.list_staff(ctx.session, ctx.profile.name)
            lines = [t("staff-list-title")] + [
                t(
                    "staff-list-line",
                    id=str(s.external_id),
                    name=s.display_name or "—",
                    roles=", ".join(sorted(s.roles)),
                )
                for s in everyone
            ]
            ctx.ui.send(ctx.chat_id, "\n".join(lines))
            return
        # a messenger user id is a number of at most 15 digits (larger ones fit no column)
        if (
            len(parts) == 3
            and parts[0] in ("add", "remove")
            and parts[1].isascii()
            and parts[1].isdigit()
            and len(parts[1]) <= 15
        ):
            try:
                role = staff.parse_role(parts[2])
            except staff.UnknownRole:
                ctx.send("staff-usage")
                return
            if parts[0] == "add":
                await staff.grant_role(
                    ctx.session, ctx.profile.name, int(parts[1]), role, granted_by=str(ctx.user.external_id)
                )
            else:
                await staff.revoke_role(ctx.session, ctx.profile.name, int(parts[1]), role)
            ctx.send("staff-updated")
            return
        ctx.send("staff-usage")

    def router(self) -> Router:
        router = Router(name="staff-admin")
        router.message.middleware(StaffAuth())
        router.message.register(self.on_staff_command, Command("staff"), flags=allowed(Role.ADMIN))
        return router
