"""The one place that wires the dialogs: each object gets its dependencies at construction, and
the routers are assembled in the order their filters must be tried — commands and menu buttons
first (they work in any state), then the staff desk, payment, the applications (the open
question wins), the staff forms and the staff's buttons, and last the catch-alls: of a group
(only staff act there), and of a private chat.

An application is registered by one line of ``APPLICATIONS``: its declaration brings its
sections, workflow, staff steps, notifications and fee."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Router

from bot.guard import ClientRefusals
from conversations.applications import builder_license, dues, membership
from conversations.cartable import Cartable
from conversations.kit.application import Application, ApplicationEngine
from conversations.kit.context import ContextMiddleware, Ctx
from conversations.kit.i18n import I18n
from conversations.kit.relay import ChatChannel, Relay, SmsChannel
from conversations.menu import Menu
from conversations.mydata import MyData
from conversations.notifications import Notifications
from conversations.payment import SLIP, Payment
from conversations.staff.admin import StaffAdmin
from conversations.staff.desk import StaffDesk
from conversations.staff.posting import StaffPosting
from conversations.staff.review import Review
from conversations.verify import STEP as VERIFY_STEP
from conversations.verify import Verify, Window
from conversations.whoami import Whoami

# Every application the bot runs, in the menu's order.
APPLICATIONS: tuple[Application, ...] = (
    membership.APPLICATION,
    builder_license.APPLICATION,
    dues.APPLICATION,
)


@dataclass(frozen=True)
class Dialogs:
    router: Router
    applications: ApplicationEngine
    posting: StaffPosting
    review: Review
    payment: Payment
    relay: Relay
    desk: StaffDesk


def build_dialogs(i18n: I18n, *, sms: bool = False, verify_checks: Window | None = None) -> Dialogs:
    """``sms``: the relay tells the decisions declared SMS-worthy by SMS too (SMS_PROVIDER set).
    ``verify_checks``: the verification codes a user may check a minute (default 30)."""
    posting = StaffPosting(APPLICATIONS)
    payment = Payment(posting)

    async def home(ctx: Ctx) -> None:  # the staff forms' "cancel": the main menu
        await applications.home(ctx)

    async def ask_code(ctx: Ctx) -> None:  # /verify's question, shown again
        await verify.ask(ctx)

    review = Review(APPLICATIONS, posting, home=home)
    applications = ApplicationEngine(
        APPLICATIONS,
        on_submitted=posting.post_submission,
        other_steps={SLIP: payment.remind, VERIFY_STEP: ask_code},
        other_forms=review.show_current,
    )
    verify = Verify(applications, verify_checks or ClientRefusals(30))
    menu = Menu(i18n, applications)
    cartable = Cartable(i18n, applications)
    relay = Relay((ChatChannel(), SmsChannel()) if sms else (ChatChannel(),))
    root = Router(name="nezam")
    context = ContextMiddleware(relay)
    root.message.outer_middleware(context)
    root.edited_message.outer_middleware(context)
    root.callback_query.outer_middleware(context)
    root.pre_checkout_query.outer_middleware(context)
    root.my_chat_member.outer_middleware(context)  # the bot added to a group (whoami)
    desk = StaffDesk(posting, applicant_home=applications.home)
    root.include_routers(
        Whoami().router(),
        verify.router(),
        desk.menu_router(),
        menu.router(),
        cartable.router(),
        MyData(i18n, applications).router(),
        Notifications().router(),
        desk.router(),
        StaffAdmin().router(),
        payment.router(),
        verify.step_router(),
        applications.router(),
        review.forms_router(),
        review.router(),
        menu.group_router(),
        menu.fallback_router(),
    )
    return Dialogs(root, applications, posting, review, payment, relay, desk)
