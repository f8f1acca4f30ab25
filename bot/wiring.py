"""The one place that wires the dialogs: each object gets its dependencies at construction, and
the routers are assembled in the order their filters must be tried — leaving a half-written
return, commands and menu buttons first (they work in any state), then the staff desk, payment,
the applications (the open question wins), the staff's buttons and a reviewer's notes, the
builder license's documents review, and last the catch-alls: of a group (only staff act there),
and of a private chat."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Router

from conversations.cartable import Cartable
from conversations.kit.application import Application, ApplicationEngine
from conversations.kit.context import ContextMiddleware
from conversations.kit.i18n import I18n
from conversations.kit.staffing import CaseDesk
from conversations.license import DESK as LICENSE_DESK
from conversations.license import LICENSE, Assessment
from conversations.membership import DESK as MEMBERSHIP_DESK
from conversations.membership import MEMBERSHIP
from conversations.menu import Menu
from conversations.mydata import MyData
from conversations.payment import SLIP, Payment
from conversations.staff.admin import StaffAdmin
from conversations.staff.desk import StaffDesk
from conversations.staff.posting import StaffPosting
from conversations.staff.review import Review

# Every application the bot runs (in the menu's order), and what staff do with each kind.
APPLICATIONS: tuple[Application, ...] = (MEMBERSHIP, LICENSE)
DESKS: tuple[CaseDesk, ...] = (MEMBERSHIP_DESK, LICENSE_DESK)


@dataclass(frozen=True)
class Dialogs:
    router: Router
    applications: ApplicationEngine
    posting: StaffPosting
    review: Review
    payment: Payment


def build_dialogs(i18n: I18n) -> Dialogs:
    posting = StaffPosting(DESKS)
    payment = Payment(posting)
    applications = ApplicationEngine(
        APPLICATIONS, on_submitted=posting.post_submission, other_steps={SLIP: payment.remind}
    )
    review = Review(applications, posting)
    menu = Menu(i18n, applications)
    cartable = Cartable(i18n, applications)
    root = Router(name="nezam")
    context = ContextMiddleware()
    root.message.outer_middleware(context)
    root.edited_message.outer_middleware(context)
    root.callback_query.outer_middleware(context)
    root.pre_checkout_query.outer_middleware(context)
    root.include_routers(
        review.leave_router(),
        menu.router(),
        cartable.router(),
        MyData(i18n, applications).router(),
        StaffDesk(posting).router(),
        StaffAdmin().router(),
        payment.router(),
        applications.router(),
        review.router(),
        Assessment(posting).router(),
        menu.group_router(),
        menu.fallback_router(),
    )
    return Dialogs(root, applications, posting, review, payment)
