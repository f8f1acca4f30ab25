"""/verify: anyone — a clerk, an employer, the ministry — checks a document the bot issued by its
verification code (issue 27), with the same facts as the public page (``kit.verification``):

    /verify CODE, or the deep link start=v_CODE → the document's facts, or "no such document"
    /verify → "send the code" (the step ``verify:code``) → a code → its facts → the menu
                                                        → not a code → why, and the question again
                                                        → no such document → so, and the question again
    over the checks a user may make in a minute → "too many", nothing looked up

Anyone: no account, no identity, in a private chat (a group's command is pointed here).
"""

from __future__ import annotations

from typing import Protocol

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message

from conversations.kit.application import ApplicationEngine
from conversations.kit.chats import InPrivate
from conversations.kit.context import Ctx
from conversations.kit.position import Position, at
from conversations.kit.verification import START_PREFIX, facts
from scoring.verification import grouped, read_code
from storage import verification

STEP = "verify:code"
SHOWN_TEXT = 40  # of what was sent instead of a code, quoted back


class Window(Protocol):
    """Checks per client in a window (``bot.guard.ClientRefusals``): noted, and blocked past the limit."""

    def note(self, address: str) -> None: ...

    def blocked(self, address: str) -> float | None: ...


class Verify:
    def __init__(self, applications: ApplicationEngine, checks: Window) -> None:
        self.applications = applications
        self.checks = checks

    async def on_command(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        text = (command.args or "").strip()
        if not text:
            await self.ask(ctx)
            return
        await self.check(ctx, text, again=False)

    async def on_start_link(self, message: Message, command: CommandObject, ctx: Ctx) -> None:
        await ctx.position.clear()
        await self.check(ctx, (command.args or "").removeprefix(START_PREFIX), again=False)

    async def on_code_text(self, message: Message, ctx: Ctx) -> None:
        await self.check(ctx, message.text or message.caption or "", again=True)

    async def ask(self, ctx: Ctx) -> None:
        await ctx.position.set(Position(STEP))
        ctx.send("verify-ask")

    async def check(self, ctx: Ctx, text: str, *, again: bool) -> None:
        """The facts of the code in ``text``; ``again``: at the step, whose question a miss repeats."""
        counted = ctx.services.verifying.counted
        client = f"{ctx.profile.name}:{ctx.user.id}"
        if self.checks.blocked(client) is not None:
            counted("bot", "limited")
            ctx.send("verify-limited")
            return
        self.checks.note(client)
        code = read_code(text)
        if code is None:
            counted("bot", "malformed")
            shown = text.strip()[:SHOWN_TEXT] or "—"
            ctx.send("verify-malformed", text=shown)
            if again:
                ctx.send("verify-ask")
            return
        found = await verification.check(ctx.session, code)
        if found is None:
            counted("bot", "unknown")
            ctx.send("verify-unknown", code=grouped(code))
            if again:
                ctx.send("verify-ask")
            return
        counted("bot", found.standing.value)
        t = ctx.t
        lines = [
            t("verify-title"),
            *(f"{label}: {value}" for label, value in facts(t, ctx.services.org_of(found.province), found)),
        ]
        ctx.ui.send(ctx.chat_id, "\n".join(lines))
        if again:
            await ctx.position.clear()
            await self.applications.home(ctx)

    def router(self) -> Router:
        """Before the menu's: a /start that carries a code is a check, not the menu."""
        router = Router(name="verify")
        router.message.filter(InPrivate())
        router.message.register(self.on_start_link, CommandStart(deep_link=True, magic=F.args.startswith(START_PREFIX)))
        router.message.register(self.on_command, Command("verify"))
        return router

    def step_router(self) -> Router:
        """The answer to "send the code" (after the commands: /menu still leaves)."""
        router = Router(name="verify-step")
        router.message.filter(InPrivate())
        router.message.register(self.on_code_text, at(STEP))
        return router
