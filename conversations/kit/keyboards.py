"""Keyboard builders. Every label comes from the Fluent texts.

Callback data is what anyone can forge: every number in it is bounded to what the database can
hold (``DbId``), so a forged button fails to parse (and is answered "no longer valid") instead of
reaching a query; whatever parses is still checked against the database by its handler.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from pydantic import Field as Bounds

from conversations.kit.i18n import I18n, Translator


class Label(Filter):
    """A message whose text is the label of one of ``keys`` in any language: a reply keyboard's
    button, caught by the text key that labels it. A coroutine on purpose: aiogram runs a plain
    function, such as a magic filter ``F.text.in_(...)``, in a worker thread (issue 15)."""

    def __init__(self, i18n: I18n, *keys: str) -> None:
        self.labels: frozenset[str] = frozenset().union(*(i18n.variants(key) for key in keys))

    async def __call__(self, message: Message) -> bool:
        return message.text in self.labels


PAGE_SIZE = 8
DB_INTEGER_MAX = 2**31 - 1  # ids and versions are INTEGER columns (PostgreSQL: 32 bits)
DbId = Annotated[int, Bounds(ge=0, le=DB_INTEGER_MAX)]
CALLBACK_DATA_MAX = 64  # bytes, the Bot API's limit


class FormCb(CallbackData, prefix="f"):
    """A button of a form question: choose a value, go back, skip, cancel, page, edit, done.
    It names the question it belongs to (form, item, field): it applies only while that is the
    question the user is at."""

    act: str  # v (value), b (back), s (skip), c (cancel), p (page), e (edit field), d (done), n/x (files done/again)
    fm: str = ""  # the form …
    i: DbId = 0  # … its item (0: a form outside a list) …
    f: str = ""  # … and the field
    v: str = ""  # value / page number


class GroupCb(CallbackData, prefix="g"):
    """A button of a repeated group's list screen: add, edit or remove an item, done, menu."""

    act: str  # add, edit, del, done, menu
    f: str  # the form …
    g: str  # … and its field that is the group
    i: DbId = 0  # the item


class AppCb(CallbackData, prefix="a"):
    """Buttons of an application outside its forms: accept the rules, confirm, edit a section."""

    act: str  # rules, submit, section, menu
    app: str
    arg: str = ""


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str


def rows(buttons: Sequence[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + width]) for i in range(0, len(buttons), width)]


def inline(*button_rows: Sequence[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in button_rows if r])


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


@dataclass(frozen=True, slots=True)
class Question:
    """Which question a button belongs to: the form, its item (0 outside a list), the field."""

    form: str
    item: int
    field: str

    def cb(self, act: str, value: str = "") -> FormCb:
        return FormCb(act=act, fm=self.form, i=self.item, f=self.field, v=value)


def page_number(value: str, pages: int = 10_000) -> int:
    """A page from a button (forged: page 0)."""
    return int(value) if value.isdigit() and len(value) <= 4 and int(value) < pages else 0


def choice_rows(
    question: Question, choices: Sequence[Choice], page: int, t: Translator, *, width: int = 2
) -> list[list[InlineKeyboardButton]]:
    """Options of a choice question, paged when long (31 provinces, offices)."""
    pages = max(1, (len(choices) + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(max(page, 0), pages - 1)
    shown = choices if len(choices) <= PAGE_SIZE + 2 else choices[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    out = rows([button(c.label, question.cb("v", c.value)) for c in shown], width)
    if len(shown) < len(choices):
        nav = []
        if page > 0:
            nav.append(button(t("btn-prev-page"), question.cb("p", str(page - 1))))
        nav.append(
            InlineKeyboardButton(
                text=t("page-of", page=t.digits(page + 1), pages=t.digits(pages)),
                callback_data=question.cb("p", str(page)).pack(),
            )
        )
        if page < pages - 1:
            nav.append(button(t("btn-next-page"), question.cb("p", str(page + 1))))
        out.append(nav)
    return out


def question_controls(question: Question, t: Translator, *, back: bool, skip: bool) -> list[InlineKeyboardButton]:
    controls = []
    if back:
        controls.append(button(t("btn-back"), question.cb("b")))
    if skip:
        controls.append(button(t("btn-skip"), question.cb("s")))
    controls.append(button(t("btn-cancel"), question.cb("c")))
    return controls


def contact_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=t("btn-share-contact"), request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def reply_keyboard(labels: Sequence[Sequence[str]]) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=label) for label in row] for row in labels if row], resize_keyboard=True
    )
