"""Keyboard builders. Every label comes from the Fluent texts.

Callback data is what anyone can forge: every number in it is bounded to what the database can
hold (``DbId``), so a forged button fails to parse (and is answered "no longer valid") instead of
reaching a query; whatever parses is still checked against the database by its handler.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
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


class Act(StrEnum):
    """What a form's button does (``FormCb.act``)."""

    VALUE = "value"  # a choice, yes/no, "I accept"
    BACK = "back"  # the question before (from a summary's edit: the summary)
    SKIP = "skip"  # an optional question left out
    QUIT = "quit"  # cancel: the menu, every answer kept
    PAGE = "page"  # another page of a long choice
    EDIT = "edit"  # a summary's field asked again
    DONE = "done"  # a summary's "save and next" / "back"
    NEXT = "next"  # enough files given; the ticks of a several-choice question done
    REDO = "redo"  # the files of a question given again from none
    TICK = "tick"  # a several-choice option ticked or unticked
    LEAVE = "leave"  # a staff form left where its "done" leads
    SET = "set"  # a summary's shortcut (e.g. "accepted as claimed")
    PLAIN = "plain"  # a form's sheet: its questions one at a time instead


def field_key(name: str) -> str:
    """A field's name as a button carries it: six characters whatever its length, so that what a
    button does is a word and its value (a rules file's key, a document id) still fits the Bot
    API's 64 bytes. Unique within a form (checked by a test for every declared one)."""
    return hashlib.blake2s(name.encode(), digest_size=3).hexdigest() if name else ""


class FormCb(CallbackData, prefix="f"):
    """A button of a form question: choose a value, go back, skip, cancel, page, edit, done.
    It names the question it belongs to (form, item, field): it applies only while that is the
    question the user is at."""

    act: str  # an ``Act``
    fm: str = ""  # the form …
    i: DbId = 0  # … its item (0: a form outside a list) …
    f: str = ""  # … and the field
    v: str = ""  # value / page number

    def names(self, field: str) -> bool:
        """The button is of the field named ``field`` (its ``field_key``)."""
        return self.f == field_key(field)


class GroupCb(CallbackData, prefix="g"):
    """A button of a repeated group's list screen: add, edit or remove an item, done, menu."""

    act: str  # add, edit, del, done, menu
    f: str  # the form …
    g: str  # … and its field that is the group
    i: DbId = 0  # the item


class CartCb(CallbackData, prefix="c"):
    """The cartable's buttons on a file (also on a reminder: "fix" opens the file where it waits)."""

    act: str  # fix, history
    case: DbId


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
        return FormCb(act=act, fm=self.form, i=self.item, f=field_key(self.field), v=value)


def page_number(value: str, pages: int = 10_000) -> int:
    """A page from a button (forged: page 0)."""
    return int(value) if value.isdigit() and len(value) <= 4 and int(value) < pages else 0


def choice_rows(
    question: Question, choices: Sequence[Choice], page: int, t: Translator, *, width: int = 2, paged: bool = True
) -> list[list[InlineKeyboardButton]]:
    """Options of a choice question, paged when long (31 provinces, offices)."""
    pages = max(1, (len(choices) + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(max(page, 0), pages - 1)
    whole = not paged or len(choices) <= PAGE_SIZE + 2
    shown = choices if whole else choices[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    out = rows([button(c.label, question.cb(Act.VALUE, c.value)) for c in shown], width)
    if len(shown) < len(choices):
        nav = []
        if page > 0:
            nav.append(button(t("btn-prev-page"), question.cb(Act.PAGE, str(page - 1))))
        nav.append(
            InlineKeyboardButton(
                text=t("page-of", page=t.digits(page + 1), pages=t.digits(pages)),
                callback_data=question.cb(Act.PAGE, str(page)).pack(),
            )
        )
        if page < pages - 1:
            nav.append(button(t("btn-next-page"), question.cb(Act.PAGE, str(page + 1))))
        out.append(nav)
    return out


def question_controls(question: Question, t: Translator, *, back: bool, skip: bool) -> list[InlineKeyboardButton]:
    controls = []
    if back:
        controls.append(button(t("btn-back"), question.cb(Act.BACK)))
    if skip:
        controls.append(button(t("btn-skip"), question.cb(Act.SKIP)))
    controls.append(button(t("btn-cancel"), question.cb(Act.QUIT)))
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
