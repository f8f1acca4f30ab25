"""Keyboard builders. Every label comes from the Fluent texts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from conversations.kit.i18n import Translator

PAGE_SIZE = 8


class FormCb(CallbackData, prefix="f"):
    """A button of a form question: choose a value, go back, skip, cancel, page, edit, done."""

    act: str  # v (value), b (back), s (skip), c (cancel), p (page), e (edit field), d (done)
    f: str = ""  # field name
    v: str = ""  # value / page number


class GroupCb(CallbackData, prefix="g"):
    """A button of a repeated group's list screen: add, edit or remove an item, done, menu."""

    act: str  # add, edit, del, done, menu
    f: str  # the form …
    g: str  # … and its field that is the group
    i: int = 0  # the item


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


def choice_rows(
    field: str, choices: Sequence[Choice], page: int, t: Translator, *, width: int = 2
) -> list[list[InlineKeyboardButton]]:
    """Options of a choice question, paged when long (31 provinces, offices)."""
    pages = max(1, (len(choices) + PAGE_SIZE - 1) // PAGE_SIZE)
    page = min(max(page, 0), pages - 1)
    shown = choices if len(choices) <= PAGE_SIZE + 2 else choices[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    out = rows([button(c.label, FormCb(act="v", f=field, v=c.value)) for c in shown], width)
    if len(shown) < len(choices):
        nav = []
        if page > 0:
            nav.append(button(t("btn-prev-page"), FormCb(act="p", f=field, v=str(page - 1))))
        nav.append(
            InlineKeyboardButton(
                text=t("page-of", page=t.digits(page + 1), pages=t.digits(pages)),
                callback_data=FormCb(act="p", f=field, v=str(page)).pack(),
            )
        )
        if page < pages - 1:
            nav.append(button(t("btn-next-page"), FormCb(act="p", f=field, v=str(page + 1))))
        out.append(nav)
    return out


def question_controls(field: str, t: Translator, *, back: bool, skip: bool) -> list[InlineKeyboardButton]:
    controls = []
    if back:
        controls.append(button(t("btn-back"), FormCb(act="b", f=field)))
    if skip:
        controls.append(button(t("btn-skip"), FormCb(act="s", f=field)))
    controls.append(button(t("btn-cancel"), FormCb(act="c", f=field)))
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
