"""The form engine: forms are declared as data (``Field``, ``Form``); one engine asks each
question, validates the answer (a wrong answer gets its specific reason and the same question
again), saves every accepted answer to the draft at once, and offers back, skip (optional fields
only), cancel, and editing any field from the form's summary.

States:  answering(form, field) —valid answer→ answering(next field) … → summary(form)
         summary —edit→ answering(field, edit) —valid→ summary;  summary —done→ form.on_done
         any —cancel→ home menu (answers stay saved)
"""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from aiogram import F, Router
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove

from conversations.context import Ctx
from conversations.keyboards import (
    Choice,
    FormCb,
    button,
    choice_rows,
    contact_keyboard,
    inline,
    question_controls,
    rows,
)
from scoring import InvalidInput, validate_mobile
from scoring.normalize import normalize_text
from storage.files import FileRejected, StoredFile, store_document

Answers = dict[str, Any]


class Flow(StatesGroup):
    answering = State()
    summary = State()


class Kind(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    YES_NO = "yes_no"
    CONFIRM = "confirm"  # a commitment: one "I accept" button
    CONTACT = "contact"
    DATE = "date"
    PHOTO = "photo"  # an image (photo or image file)
    DOCUMENT = "document"  # an image or a PDF


Parser = Callable[[str, "Env"], Any]
ChoiceSource = Callable[[Ctx, Answers], Awaitable[Sequence[Choice]]]
Condition = Callable[[Mapping[str, Any]], bool]


def always(_: Mapping[str, Any]) -> bool:
    return True


@dataclass(frozen=True)
class Env:
    """What a parser may look at besides the text: this form's answers and the applicant."""

    answers: Mapping[str, Any]
    extra: Mapping[str, Any]


class Refused(Exception):
    """A store refused a value (e.g. a national code claimed by someone else): key of the reason."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    parse: Parser | None = None
    choices: ChoiceSource | None = None
    when: Condition = always
    optional: bool = False
    document_kind: str | None = None  # PHOTO/DOCUMENT: the document kind it stores
    prompt: str = ""  # Fluent key of the question (default q-<name>)
    label: str = ""  # Fluent key of the summary label (default f-<name>)
    prompt_args: Callable[[Ctx, Answers], Awaitable[dict[str, Any]]] | None = None
    resets: tuple[str, ...] = ()  # answers that no longer hold when this one changes

    @property
    def prompt_key(self) -> str:
        return self.prompt or f"q-{self.name}"

    @property
    def label_key(self) -> str:
        return self.label or f"f-{self.name}"


class FormStore(Protocol):
    async def load(self, ctx: Ctx, item: int | None) -> Answers: ...

    async def save(self, ctx: Ctx, item: int | None, field: Field, value: Any) -> None: ...

    async def clear(self, ctx: Ctx, item: int | None, names: Sequence[str]) -> None: ...


FieldsSource = Sequence[Field] | Callable[[Ctx, Answers], Awaitable[Sequence[Field]]]


@dataclass(frozen=True)
class Form:
    name: str
    title: str  # Fluent key
    fields: FieldsSource
    store: FormStore
    on_done: Callable[[Ctx, int | None], Awaitable[None]]
    done_label: str = "btn-save-next"
    summary: bool = True
    on_back_from_first: Callable[[Ctx, int | None], Awaitable[None]] | None = None
    locked: Callable[[Ctx], Awaitable[bool]] | None = None
    env: Callable[[Ctx], Awaitable[dict[str, Any]]] | None = None
    summary_note: Callable[[Ctx, int | None], Awaitable[str | None]] | None = None

    async def field_list(self, ctx: Ctx, answers: Answers) -> Sequence[Field]:
        if callable(self.fields):
            return await self.fields(ctx, answers)
        return self.fields


def is_answered(answers: Mapping[str, Any], f: Field) -> bool:
    if f.name not in answers:
        return False
    value = answers[f.name]
    if value is None or value == "":
        return f.optional and f.name in answers
    return True


@dataclass
class FormEngine:
    """Asks and records the fields of registered forms."""

    home: Callable[[Ctx], Awaitable[None]]
    forms: dict[str, Form] = field(default_factory=dict)

    def register(self, form: Form) -> Form:
        self.forms[form.name] = form
        return form

    # ---- flow ------------------------------------------------------------------------------

    async def applicable(self, ctx: Ctx, form: Form, answers: Answers) -> list[Field]:
        return [f for f in await form.field_list(ctx, answers) if f.when(answers)]

    async def start(self, ctx: Ctx, form: Form, item: int | None = None, *, message: Message | None = None) -> None:
        """Continue ``form`` at its first unanswered field, or show its summary when complete."""
        answers = await form.store.load(ctx, item)
        await self._continue(ctx, form, item, answers, message=message)

    async def _continue(
        self, ctx: Ctx, form: Form, item: int | None, answers: Answers, *, message: Message | None = None
    ) -> None:
        for f in await self.applicable(ctx, form, answers):
            if not is_answered(answers, f):
                await self.ask(ctx, form, f, item, answers)
                return
        if form.summary:
            await self.show_summary(ctx, form, item, answers, message=message)
        else:
            await ctx.state.clear()
            await form.on_done(ctx, item)

    async def ask(
        self,
        ctx: Ctx,
        form: Form,
        f: Field,
        item: int | None,
        answers: Answers,
        *,
        edit: bool = False,
        page: int = 0,
        prefix: str | None = None,
        message: Message | None = None,
    ) -> None:
        await ctx.state.set_state(Flow.answering)
        await ctx.state.set_data({"form": form.name, "field": f.name, "item": item, "edit": edit})
        t = ctx.t
        fields = await self.applicable(ctx, form, answers)
        position = next((i for i, x in enumerate(fields) if x.name == f.name), 0)
        args = await f.prompt_args(ctx, answers) if f.prompt_args else {}
        parts = []
        if prefix:
            parts.append(prefix)
        parts.append(t("question-progress", form=t(form.title), n=t.digits(position + 1), total=t.digits(len(fields))))
        parts.append(t(f.prompt_key, **args))
        if is_answered(answers, f):
            parts.append(t("current-value", value=await self.display(ctx, f, answers)))
        text = "\n\n".join(parts)
        controls = question_controls(
            f.name, t, back=position > 0 or form.on_back_from_first is not None, skip=f.optional
        )
        if f.kind == Kind.CONTACT:
            await ctx.ui.send(ctx.chat_id, text, contact_keyboard(t))
            await ctx.ui.send(ctx.chat_id, t("or-cancel"), inline(controls))
            return
        keyboard: list[list[Any]] = []
        if f.kind == Kind.CHOICE and f.choices is not None:
            keyboard = choice_rows(f.name, list(await f.choices(ctx, answers)), page, t)
        elif f.kind == Kind.YES_NO:
            keyboard = [
                [button(t("yes"), FormCb(act="v", f=f.name, v="1")), button(t("no"), FormCb(act="v", f=f.name, v="0"))]
            ]
        elif f.kind == Kind.CONFIRM:
            keyboard = [[button(t("btn-accept"), FormCb(act="v", f=f.name, v="1"))]]
        keyboard.append(controls)
        markup = inline(*keyboard)
        if message is not None and page:
            await ctx.ui.replace(message, ctx.chat_id, text, markup)
        else:
            await ctx.ui.send(ctx.chat_id, text, markup)

    async def display(self, ctx: Ctx, f: Field, answers: Mapping[str, Any]) -> str:
        """A saved value as people read it."""
        t = ctx.t
        value = answers.get(f.name)
        if value is None or value == "":
            return t("value-skipped") if f.name in answers and f.optional else "—"
        if f.kind in (Kind.YES_NO, Kind.CONFIRM):
            return t.yes_no(value)
        if f.kind == Kind.DATE:
            return t.date(value)
        if f.kind in (Kind.PHOTO, Kind.DOCUMENT):
            return t("document-received")
        if f.kind == Kind.CHOICE and f.choices is not None:
            for choice in await f.choices(ctx, dict(answers)):
                if choice.value == str(value):
                    return choice.label
        text = str(value)
        return t.digits(text) if text.isdigit() else text

    async def show_summary(
        self, ctx: Ctx, form: Form, item: int | None, answers: Answers | None = None, *, message: Message | None = None
    ) -> None:
        if answers is None:
            answers = await form.store.load(ctx, item)
        await ctx.state.set_state(Flow.summary)
        await ctx.state.set_data({"form": form.name, "item": item})
        t = ctx.t
        fields = await self.applicable(ctx, form, answers)
        lines = [t("summary-title", form=t(form.title))]
        for f in fields:
            lines.append(t("summary-line", label=t(f.label_key), value=await self.display(ctx, f, answers)))
        if form.summary_note is not None:
            note = await form.summary_note(ctx, item)
            if note:
                lines.append(note)
        locked = form.locked is not None and await form.locked(ctx)
        edit_buttons = (
            [] if locked else [button(t("btn-edit", label=t(f.label_key)), FormCb(act="e", f=f.name)) for f in fields]
        )
        keyboard = [*rows(edit_buttons, 2), [button(t(form.done_label), FormCb(act="d", f=form.name))]]
        keyboard.append([button(t("btn-menu"), FormCb(act="c", f=form.name))])
        await ctx.ui.replace(message, ctx.chat_id, "\n".join(lines), inline(*keyboard))

    # ---- input -------------------------------------------------------------------------------

    async def current(self, ctx: Ctx) -> tuple[Form, Field | None, int | None, bool, Answers] | None:
        data = await ctx.state.get_data()
        form = self.forms.get(data.get("form", ""))
        if form is None:
            return None
        item = data.get("item")
        answers = await form.store.load(ctx, item)
        fields = await form.field_list(ctx, answers)
        current = next((f for f in fields if f.name == data.get("field")), None)
        return form, current, item, bool(data.get("edit")), answers

    async def env(self, ctx: Ctx, form: Form, answers: Answers) -> Env:
        extra = await form.env(ctx) if form.env else {}
        return Env(answers, extra)

    async def accept(
        self, ctx: Ctx, form: Form, f: Field, item: int | None, answers: Answers, value: Any, edit: bool
    ) -> None:
        """Save an accepted value and move on (next question, or the summary after an edit)."""
        try:
            await form.store.save(ctx, item, f, value)
        except Refused as exc:
            await self.ask(ctx, form, f, item, answers, edit=edit, prefix=ctx.t(exc.key, **exc.params))
            return
        if f.resets and answers.get(f.name) != value:
            await form.store.clear(ctx, item, f.resets)
            answers = {k: v for k, v in answers.items() if k not in f.resets}
        answers = {**answers, f.name: value}
        if edit and form.summary:
            # a changed answer can make new questions apply (e.g. insurance: no → yes)
            for nxt in await self.applicable(ctx, form, answers):
                if not is_answered(answers, nxt):
                    await self.ask(ctx, form, nxt, item, answers)
                    return
            await self.show_summary(ctx, form, item, answers)
            return
        await self._continue(ctx, form, item, answers)

    async def on_message(self, message: Message, ctx: Ctx) -> None:
        found = await self.current(ctx)
        if found is None or found[1] is None:
            await ctx.state.clear()
            await self.home(ctx)
            return
        form, f, item, edit, answers = found
        assert f is not None
        t = ctx.t
        try:
            value = await self.parse_message(ctx, form, f, message, answers)
        except InvalidInput as exc:
            await self.ask(ctx, form, f, item, answers, edit=edit, prefix=t(exc.key, **exc.params))
            return
        except FileRejected as exc:
            await self.ask(ctx, form, f, item, answers, edit=edit, prefix=t(exc.key, **exc.params))
            return
        except Refused as exc:
            await self.ask(ctx, form, f, item, answers, edit=edit, prefix=t(exc.key, **exc.params))
            return
        if f.kind == Kind.CONTACT:
            await ctx.ui.send(ctx.chat_id, t("contact-received"), ReplyKeyboardRemove())
        await self.accept(ctx, form, f, item, answers, value, edit)

    async def parse_message(self, ctx: Ctx, form: Form, f: Field, message: Message, answers: Answers) -> Any:
        t = ctx.t
        if f.kind == Kind.CONTACT:
            if message.contact is None:
                raise Refused("expect-contact")
            if message.from_user is None or message.contact.user_id != message.from_user.id:
                raise Refused("contact-not-yours")
            return validate_mobile(message.contact.phone_number)
        if f.kind in (Kind.PHOTO, Kind.DOCUMENT):
            return await self._receive_file(ctx, f, message)
        if message.text is None:
            raise Refused(_unexpected_key(message), expected=t(f"expect-{f.kind.value}"))
        text = message.text
        if f.kind in (Kind.TEXT, Kind.DATE):
            if text.startswith("/"):
                raise Refused("command-in-question")
            if f.parse is None:
                return normalize_text(text)
            return f.parse(text, await self.env(ctx, form, answers))
        typed = normalize_text(text).casefold()
        if f.kind == Kind.YES_NO:
            if typed in {v.casefold() for v in ctx.services.i18n.variants("yes")}:
                return True
            if typed in {v.casefold() for v in ctx.services.i18n.variants("no")}:
                return False
        elif f.kind == Kind.CONFIRM:
            if typed in {v.casefold() for v in ctx.services.i18n.variants("btn-accept")}:
                return True
        elif f.choices is not None:
            for choice in await f.choices(ctx, answers):
                if normalize_text(choice.label).casefold() == typed:
                    return choice.value
        raise Refused("expect-button")

    async def _receive_file(self, ctx: Ctx, f: Field, message: Message) -> StoredAnswer:
        return await receive_upload(ctx, message, allow_pdf=f.kind != Kind.PHOTO, expected=f"expect-{f.kind.value}")

    async def on_callback(self, query: CallbackQuery, callback_data: FormCb, ctx: Ctx) -> None:
        t = ctx.t
        state = await ctx.state.get_state()
        found = await self.current(ctx)
        if found is None:
            await query.answer(t("stale-button"))
            await self.home(ctx)
            return
        form, f, item, edit, answers = found
        message = query.message if isinstance(query.message, Message) else None
        act = callback_data.act
        if act == "c":
            await query.answer()
            await ctx.state.clear()
            await ctx.ui.close_question(message, ctx.chat_id, t("cancelled-saved"))
            await self.home(ctx)
            return
        if state == Flow.summary.state:
            await query.answer()
            if act == "d" and callback_data.f == form.name:
                await ctx.state.clear()
                await form.on_done(ctx, item)
                return
            if act == "e":
                target = next((x for x in await self.applicable(ctx, form, answers) if x.name == callback_data.f), None)
                locked = form.locked is not None and await form.locked(ctx)
                if target is not None and not locked:
                    await self.ask(ctx, form, target, item, answers, edit=True)
                    return
            await self.show_summary(ctx, form, item, answers)
            return
        if f is None or callback_data.f != f.name:
            await query.answer(t("stale-button"))
            if f is not None:
                await self.ask(ctx, form, f, item, answers, edit=edit)
            return
        if act == "p":
            await query.answer()
            await self.ask(ctx, form, f, item, answers, edit=edit, page=int(callback_data.v or 0), message=message)
            return
        if act == "b":
            await query.answer()
            fields = await self.applicable(ctx, form, answers)
            index = next((i for i, x in enumerate(fields) if x.name == f.name), 0)
            if index == 0:
                if form.on_back_from_first is not None:
                    await ctx.state.clear()
                    await form.on_back_from_first(ctx, item)
                return
            await self.ask(ctx, form, fields[index - 1], item, answers, edit=edit)
            return
        if act == "s":
            if not f.optional:
                await query.answer(t("cannot-skip"), show_alert=True)
                return
            await query.answer()
            await self.accept(ctx, form, f, item, answers, None, edit)
            return
        if act == "v":
            value: Any
            if f.kind in (Kind.YES_NO, Kind.CONFIRM):
                value = callback_data.v == "1"
            elif f.kind == Kind.CHOICE and f.choices is not None:
                options = {c.value: c for c in await f.choices(ctx, answers)}
                if callback_data.v not in options:
                    await query.answer(t("stale-button"))
                    await self.ask(ctx, form, f, item, answers, edit=edit)
                    return
                value = callback_data.v
            else:
                await query.answer(t("stale-button"))
                return
            await query.answer()
            shown = t.yes_no(value) if isinstance(value, bool) else options[value].label
            await ctx.ui.close_question(message, ctx.chat_id, t("answered", question=t(f.label_key), value=shown))
            await self.accept(ctx, form, f, item, answers, value, edit)
            return
        await query.answer(t("stale-button"))

    def router(self) -> Router:
        router = Router(name="form-engine")
        router.message.register(self.on_message, Flow.answering)
        router.callback_query.register(self.on_callback, FormCb.filter())
        router.message.register(
            self.on_summary_message, Flow.summary, F.text | F.photo | F.document | F.sticker | F.voice
        )
        return router

    async def on_summary_message(self, message: Message, ctx: Ctx) -> None:
        """Typing while a summary is shown: point at its buttons and show it again."""
        data = await ctx.state.get_data()
        form = self.forms.get(data.get("form", ""))
        await ctx.send("use-summary-buttons")
        if form is not None:
            await self.show_summary(ctx, form, data.get("item"))


@dataclass(frozen=True)
class StoredAnswer:
    """A received file: what the store keeps for a PHOTO/DOCUMENT field."""

    stored: StoredFile
    file_id: str
    file_unique_id: str


async def receive_upload(ctx: Ctx, message: Message, *, allow_pdf: bool, expected: str) -> StoredAnswer:
    """A photo, an image file or (``allow_pdf``) a PDF from ``message`` → checked and stored.

    Raises ``Refused`` (with the ``expected`` text key) for anything else, ``FileRejected`` when
    the bytes are not acceptable.
    """
    limits = ctx.services.image_limits
    if message.photo:
        size = message.photo[-1]
        file_id, unique, file_size = size.file_id, size.file_unique_id, size.file_size
    elif message.document is not None:
        document = message.document
        mime = document.mime_type or ""
        is_pdf = mime == "application/pdf" or (document.file_name or "").lower().endswith(".pdf")
        if is_pdf and not allow_pdf:
            raise Refused("expect-photo-not-pdf")
        if not (mime.startswith("image/") or is_pdf):
            raise Refused("file-wrong-type")
        file_id, unique, file_size = document.file_id, document.file_unique_id, document.file_size
    else:
        raise Refused(_unexpected_key(message), expected=ctx.t(expected))
    if file_size and file_size > limits.max_bytes:
        raise FileRejected("file-too-large", max_mb=limits.max_bytes // (1024 * 1024))
    await ctx.ui.typing(ctx.chat_id)
    buffer = io.BytesIO()
    await ctx.bot.download(file_id, destination=buffer)
    stored = await store_document(ctx.services.files, buffer.getvalue(), limits)
    return StoredAnswer(stored, file_id, unique)


def _unexpected_key(message: Message) -> str:
    if message.sticker is not None:
        return "unexpected-sticker"
    if message.voice is not None or message.audio is not None or message.video_note is not None:
        return "unexpected-voice"
    if message.photo or message.document is not None:
        return "unexpected-file"
    if message.contact is not None:
        return "unexpected-contact"
    return "unexpected-input"
