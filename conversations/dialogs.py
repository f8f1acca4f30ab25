"""Assembles the dialogs into one router, in the order their filters must be tried:
commands and menu buttons first (they work in any state), then the open dialog, then the
catch-all."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram import Router

from conversations.context import ContextMiddleware
from conversations.engine import FormEngine
from conversations.i18n import I18n
from conversations.membership import Membership
from conversations.menu import Menu
from conversations.payment import Payment
from conversations.review import Review
from conversations.staff_desk import StaffDesk


@dataclass
class Dialogs:
    router: Router
    menu: Menu
    engine: FormEngine
    membership: Membership
    review: Review
    payment: Payment


def build_dialogs(i18n: I18n) -> Dialogs:
    menu = Menu(i18n)
    engine = FormEngine(home=menu.home)
    membership = Membership(engine, menu.home)
    menu.membership = membership
    review = Review(membership)
    menu.review = review
    payment = Payment(review)
    desk = StaffDesk(review)
    root = Router(name="nezam")
    context = ContextMiddleware()
    root.message.outer_middleware(context)
    root.callback_query.outer_middleware(context)
    root.pre_checkout_query.outer_middleware(context)
    root.include_routers(
        menu.router(),
        desk.router(),
        review.router(),
        payment.router(),
        engine.router(),
        membership.router(),
        menu.fallback_router(),
    )
    return Dialogs(root, menu, engine, membership, review, payment)
