"""Who may act on the staff side. A staff handler names the roles it needs (``allowed(...)`` as
its flags); this middleware, inner to every staff router (the staff dialogs, and an application's
own organization side such as the builder license's review), checks the presser against the
database (the configured admins are admins), injects the acting ``staff: StaffInfo`` and itself
answers "not allowed" to anyone else: a forged or stale button changes nothing. Which roles a
staff step needs is its process's (``kit.process``); the staff forms check them on every answer."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, TelegramObject, User

from conversations.kit.context import Ctx, Handler
from storage import staff
from storage.scope import restrict
from storage.staff import StaffInfo
from storage.workflow import Role

log = logging.getLogger(__name__)
ROLES = "roles"


def allowed(*roles: Role) -> dict[str, tuple[Role, ...]]:
    """A staff handler's flags: who may use it."""
    return {ROLES: roles}


async def staff_member(ctx: Ctx, user_id: int, display_name: str | None) -> StaffInfo | None:
    """The person's roles, from the database; the configured admins are admins. A staff member
    added without a name gets the one of their messenger profile the first time they act (issue
    23: staff actions show names, not ids)."""
    member = await staff.get_staff(ctx.session, ctx.profile.name, user_id)
    if user_id in ctx.services.admin_ids.get(ctx.profile.name, frozenset()) and (
        member is None or Role.ADMIN not in member.roles
    ):
        member = await staff.grant_role(
            ctx.session, ctx.profile.name, user_id, Role.ADMIN, display_name=display_name, granted_by="settings"
        )
    if member is not None and not member.display_name and display_name and display_name.strip():
        member = await staff.set_name(ctx.session, member, display_name)
    if member is not None:  # issue 25: acting as staff, the update sees their provinces' files only
        restrict(ctx.session, member.scope(), staff_id=member.id)
    return member


class IsStaff(Filter):
    """A router filter: the sender has a staff role (injects ``staff``); anyone else is left to
    the routers after (an applicant's /start is the applicant's menu)."""

    async def __call__(
        self, event: TelegramObject, ctx: Ctx, event_from_user: User | None = None
    ) -> bool | dict[str, Any]:
        if event_from_user is None:
            return False
        member = await staff_member(ctx, event_from_user.id, event_from_user.full_name)
        if member is None:
            return False
        return {"staff": member}


class StaffAuth(BaseMiddleware):
    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        roles: tuple[Role, ...] | None = get_flag(data, ROLES)
        ctx: Ctx | None = data.get("ctx")
        if roles is None or ctx is None:
            return await handler(event, data)
        sender: User | None = data.get("event_from_user")
        member = await staff_member(ctx, sender.id, sender.full_name) if sender is not None else None
        if member is None or not member.has(*roles):
            log.warning("refused a staff action from a user without the role")
            if isinstance(event, CallbackQuery):
                ctx.ui.answer(event, ctx.services.i18n(None)("staff-not-allowed"), alert=True)
            else:
                ctx.send("staff-not-allowed")
            return None
        # issue 25: from here on the update's session holds only the files of the provinces where
        # the member holds these roles (storage.scope): another province's file is not there
        restrict(ctx.session, member.scope(*roles), staff_id=member.id)
        data["staff"] = member
        return await handler(event, data)
