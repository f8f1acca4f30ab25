"""What every handler works with, built once per update by ``ContextMiddleware``.

The bot's middlewares (composition root) provide the database session, the messenger user, the
language, the platform and the update's effects (its replies and outbox, sent after commit);
this bundles them for the dialogs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from aiogram import BaseMiddleware, Bot
from aiogram.types import CallbackQuery, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from conversations.kit.downloads import Download
from conversations.kit.i18n import I18n, Translator
from conversations.kit.outbox import Outbox
from conversations.kit.platform import PlatformProfile
from conversations.kit.position import PositionStore
from conversations.kit.ui import Buttons, Markup, Replies, Ui
from conversations.kit.verification import Verifying
from scoring.license import Rules, default_rules
from storage import people
from storage.cases import EVERY_PART, CaseFile, Part
from storage.files import FileStore
from storage.images import ImageLimits
from storage.people import ApplicantInfo, UserInfo

if TYPE_CHECKING:
    from conversations.kit.application import Application
    from conversations.kit.process import Process


@dataclass(frozen=True)
class Fee:
    """What an application kind costs, and the account a slip is paid to."""

    rials: int
    account: str


@dataclass(frozen=True)
class Organization:
    """Per-organization settings (from the environment; see bot.settings)."""

    name_fa: str = "سازمان نظام مهندسی ساختمان استان"
    name_en: str = "Construction Engineering Organization"
    rules_fa: str = ""
    rules_en: str = ""
    fees: Mapping[str, Fee] = field(default_factory=dict)  # application kind → its fee and account
    dues_rials: Mapping[int, int] = field(default_factory=dict)  # Jalali year → a member's annual dues
    # platform → payment provider token (Telegram's provider, Bale's wallet); none: bank slips
    payment_provider_tokens: Mapping[str, str] = field(default_factory=dict)
    payment_currency: str = "IRR"
    # the builder license's worksheets are scored, limited and graded by these (issue 25: a
    # province's own license rules file; the shipped one by default)
    license_rules: Rules = field(default_factory=default_rules)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_fa

    def provider_token(self, platform: str) -> str:
        return self.payment_provider_tokens.get(platform, "")

    def fee(self, kind: str) -> Fee:
        """The fee and account of an application kind (settings per kind; none: 0)."""
        return self.fees.get(kind, Fee(0, ""))


@dataclass(frozen=True)
class Services:
    files: FileStore
    i18n: I18n
    org: Organization = field(default_factory=Organization)
    image_limits: ImageLimits = field(default_factory=ImageLimits)
    staff_chat_ids: dict[str, int | None] = field(default_factory=dict)  # platform → chat id
    # issue 25, PROVINCES_FILE: each province's organization and its staff chats (empty: ``org``
    # and ``staff_chat_ids`` are the one organization of this deployment)
    orgs: Mapping[str, Organization] = field(default_factory=dict)
    province_staff_chats: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # province → platform → chat
    served: tuple[str, ...] = ()  # the provinces served (first in every province list, issue 29)
    admin_ids: dict[str, frozenset[int]] = field(default_factory=dict)  # platform → user ids
    applications: Mapping[str, Application] = field(default_factory=dict)  # kind → its declaration
    sms: bool = False  # an SMS channel is configured (SMS_PROVIDER): decisions reach a verified mobile too
    verifying: Verifying = field(default_factory=Verifying)  # the documents' verification codes (issue 27)

    @property
    def tenants(self) -> bool:
        """Several provinces' organizations (PROVINCES_FILE): each file goes to its province's."""
        return bool(self.orgs)

    def org_of(self, province: str | None) -> Organization:
        """The organization of a file's province: its name, fees, accounts and rules (the one
        organization without PROVINCES_FILE)."""
        if province is not None and province in self.orgs:
            return self.orgs[province]
        return self.org

    def org_of_file(self, file: CaseFile) -> Organization:
        """The organization of a file — of a draft too, whose province may still be an answer its
        application copies to the file at submission (``Application.province``; issue 25: the fee
        asked, the rules of a preliminary score are that province's before submission as after)."""
        found = self.applications.get(file.case.kind)
        declared = found.province if found is not None else None
        return self.org_of(declared(file) if declared is not None else file.case.province)

    def staff_chat(self, platform: str, province: str | None = None) -> int | None:
        """The staff chat a file of ``province`` goes to on ``platform`` (with PROVINCES_FILE: that
        province's, none for a province it does not serve)."""
        if self.tenants:
            return self.province_staff_chats.get(province or "", {}).get(platform)
        return self.staff_chat_ids.get(platform)

    def province_of_staff_chat(self, platform: str, chat_id: int) -> str | None:
        """Which province's staff chat ``chat_id`` is (None: not one, or no PROVINCES_FILE)."""
        return next((p for p, chats in self.province_staff_chats.items() if chats.get(platform) == chat_id), None)

    def application(self, kind: str) -> Application:
        """The declaration of an application kind (an unknown kind is a programming error)."""
        return self.applications[kind]

    def process(self, kind: str) -> Process:
        return self.applications[kind].process

    def parts(self, kind: str) -> frozenset[Part]:
        """What a file of ``kind`` is read with (every part, for a kind this bot does not run)."""
        found = self.applications.get(kind)
        if found is None:
            return EVERY_PART
        return found.process.parts


class Reach(Protocol):
    """What a workflow side effect needs: the transaction, the outbox recorded in it, the services
    and the platform. An update's ``Ctx`` has them; so has work outside any update (``Background``,
    e.g. a payment checked again later)."""

    @property
    def session(self) -> AsyncSession: ...

    @property
    def outbox(self) -> Outbox: ...

    @property
    def services(self) -> Services: ...

    @property
    def profile(self) -> PlatformProfile: ...


@dataclass(frozen=True)
class Background:
    """Scheduled work's ``Reach``: its own transaction and outbox (sent after it commits), and no
    sender to reply to."""

    session: AsyncSession
    outbox: Outbox
    services: Services
    profile: PlatformProfile


@dataclass
class Effects:
    """What an update does besides the database, held back until its transaction commits: the
    replies to its sender, and the outbox rows it recorded for everyone else."""

    replies: Replies = field(default_factory=Replies)
    outbox: list[tuple[int, int]] = field(default_factory=list)  # (row id, chat id)
    buttons: Buttons = field(default_factory=Buttons)  # the sender's message with buttons (written back after)


@dataclass
class Ctx:
    bot: Bot
    session: AsyncSession
    user: UserInfo
    t: Translator
    ui: Ui
    outbox: Outbox
    position: PositionStore
    services: Services
    profile: PlatformProfile
    chat_id: int
    downloads: Mapping[str, Download] = field(default_factory=dict)  # the update's file, fetched already
    _applicant: ApplicantInfo | None = None
    _applicant_loaded: bool = False

    async def applicant(self) -> ApplicantInfo | None:
        """The sender's applicant record (identity), read once per update; what the update writes
        to it is remembered (``remember``), never read back."""
        if not self._applicant_loaded:
            self._applicant = (
                await people.get_applicant(self.session, self.user.applicant_id) if self.user.applicant_id else None
            )
            self._applicant_loaded = True
        return self._applicant

    def remember(self, applicant: ApplicantInfo) -> None:
        """The applicant as this update has just written it (and linked to the sender)."""
        self._applicant, self._applicant_loaded = applicant, True
        if self.user.applicant_id != applicant.id:
            self.user = replace(self.user, applicant_id=applicant.id)

    def send(self, key: str, markup: Markup | None = None, **args: Any) -> None:
        """A reply to the sender, in their language."""
        self.ui.send(self.chat_id, self.t(key, **args), markup)


Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]  # a middleware's next step


class Telling(Protocol):
    """The notification relay (``kit.relay``): what the transaction's workflow events tell."""

    async def flush(self, reach: Reach) -> int: ...


class ContextMiddleware(BaseMiddleware):
    """Builds ``ctx`` from what the bot's middlewares put in the handler data; once the handler
    is done (inside the update's transaction), the relay tells what its workflow events declare."""

    def __init__(self, relay: Telling) -> None:
        self.relay = relay

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        ctx = self._ctx(data)
        if ctx is not None:
            data["ctx"] = ctx
        result = await handler(event, data)
        if ctx is not None:
            await self.relay.flush(ctx)
        # every button press is answered (the messenger shows a spinner until then): a handler
        # that had nothing to say, or no handler at all, gets the empty answer here
        if ctx is not None and isinstance(event, CallbackQuery) and not ctx.ui.answered(event):
            ctx.ui.answer(event)
        return result

    @staticmethod
    def _ctx(data: dict[str, Any]) -> Ctx | None:
        chat = data.get("event_chat")
        user: UserInfo | None = data.get("user")
        if user is not None and "session" in data:
            bot: Bot = data["bot"]
            profile: PlatformProfile = data["profile"]
            services: Services = data["services"]
            effects: Effects = data["effects"]
            chat_id = chat.id if chat is not None else user.chat_id
            effects.buttons.load(user.id, chat_id, user.asked)
            return Ctx(
                bot=bot,
                session=data["session"],
                user=user,
                t=data["t"],
                ui=Ui(bot, profile, effects.replies, effects.buttons),
                outbox=Outbox(data["session"], profile.name, services.i18n, effects.outbox),
                position=data.get("position") or PositionStore(),
                services=services,
                profile=profile,
                chat_id=chat_id,
                downloads=data.get("downloads", {}),
            )
        return None
