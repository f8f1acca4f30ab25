"""What every handler works with, built once per update by ``ContextMiddleware``.

The bot's middlewares (composition root) provide the database session, the messenger user, the
language and the platform; this bundles them with the FSM context for the dialogs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from conversations.i18n import I18n, Translator
from conversations.platform import PlatformProfile
from conversations.ui import Ui
from storage import cases, people
from storage.cases import CaseInfo
from storage.files import FileStore
from storage.images import ImageLimits
from storage.people import ApplicantInfo, UserInfo
from storage.workflow import CaseKind


@dataclass(frozen=True)
class Organization:
    """Per-organization settings (from the environment; see bot.settings)."""

    name_fa: str = "سازمان نظام مهندسی ساختمان استان"
    name_en: str = "Construction Engineering Organization"
    rules_fa: str = ""
    rules_en: str = ""
    membership_fee_rials: int = 0
    bank_account: str = ""
    payment_provider_token: str = ""
    payment_currency: str = "IRR"

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_fa


class Notifier(Protocol):
    """Outgoing messages that are not a reply (staff channel, applicants): rate-limited."""

    async def notify(self, bot: Bot, chat_id: int, text: str, **kwargs: Any) -> None: ...

    def submit(self, chat_id: int, job: Callable[[], Awaitable[Any]]) -> None: ...


@dataclass(frozen=True)
class Services:
    files: FileStore
    i18n: I18n
    org: Organization = field(default_factory=Organization)
    image_limits: ImageLimits = field(default_factory=ImageLimits)
    staff_chat_ids: dict[str, int | None] = field(default_factory=dict)  # platform → chat id
    admin_ids: dict[str, frozenset[int]] = field(default_factory=dict)  # platform → user ids
    notifier: Notifier | None = None


@dataclass
class Ctx:
    bot: Bot
    session: AsyncSession
    state: FSMContext
    user: UserInfo
    t: Translator
    ui: Ui
    services: Services
    profile: PlatformProfile
    chat_id: int
    _applicant: ApplicantInfo | None = None
    _applicant_loaded: bool = False

    def viewing(self, applicant: ApplicantInfo) -> Ctx:
        """The same update's context, reading another applicant's file (staff views)."""
        view = Ctx(**self.__dict__)
        view._applicant, view._applicant_loaded = applicant, True
        return view

    async def applicant(self, *, reload: bool = False) -> ApplicantInfo | None:
        if reload or not self._applicant_loaded:
            user = await people.get_user(self.session, self.user.id) if reload else self.user
            if user is not None:
                self.user = user
            self._applicant = (
                await people.get_applicant(self.session, self.user.applicant_id) if self.user.applicant_id else None
            )
            self._applicant_loaded = True
        return self._applicant

    async def membership_case(self) -> CaseInfo | None:
        """The applicant's current (unfinished) membership file, if any."""
        applicant = await self.applicant()
        if applicant is None:
            return None
        return await cases.open_case(self.session, applicant.id, CaseKind.MEMBERSHIP)

    async def send(self, key: str, markup: Any = None, **args: Any) -> None:
        await self.ui.send(self.chat_id, self.t(key, **args), markup)

    async def notify_user(self, messenger_user_id: int, key: str, markup: Any = None, **args: Any) -> None:
        """The spec's SMS: a message to another user (an applicant) in their own language,
        through the rate-limited queue. An argument may be a function of that user's translator
        (e.g. an amount written with their digits)."""
        notifier = self.services.notifier
        found = await self.recipient(messenger_user_id)
        if found is None or notifier is None:
            return
        chat_id, t = found
        values = {name: value(t) if callable(value) else value for name, value in args.items()}
        await notifier.notify(
            self.bot, chat_id, t(key, **values), reply_markup=markup(t) if callable(markup) else markup
        )

    async def recipient(self, messenger_user_id: int) -> tuple[int, Translator] | None:
        """Another user's chat and their language's texts (None if the user is unknown)."""
        user = await people.get_user(self.session, messenger_user_id)
        if user is None:
            return None
        return user.chat_id, self.services.i18n(user.language)


class ContextMiddleware(BaseMiddleware):
    """Builds ``ctx`` from what the bot's middlewares put in the handler data."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        chat = data.get("event_chat")
        user: UserInfo | None = data.get("user")
        if user is not None and "session" in data:
            bot: Bot = data["bot"]
            profile: PlatformProfile = data["profile"]
            data["ctx"] = Ctx(
                bot=bot,
                session=data["session"],
                state=data["state"],
                user=user,
                t=data["t"],
                ui=Ui(bot, profile),
                services=data["services"],
                profile=profile,
                chat_id=chat.id if chat is not None else user.chat_id,
            )
        return await handler(event, data)
