"""The form engine: one engine asks every declared form's questions, validates each answer (a
wrong answer gets its specific reason and the same question again), saves every accepted answer
at once, and offers back, skip (optional fields only), cancel, editing any field from the form's
summary, and the list screen of a repeated group.

    answering(field) ─valid answer→ answering(next field) … → summary ─done→ routes.done
      (a form whose ``recap`` does not hold after its last answer: straight to routes.done)
    answering(a sheet's first field, none answered) = the sheet: labelled lines in one message →
      each fact validated as its question, the valid saved → answering(first refused or missing
      fact, with the reasons) … ;  ─one at a time→ answering(that field) alone, and the rest
    answering(a field with ``sole``) = answered for the user when it has one answer, said so
    answering(first field) ─back→ routes.back_from_first (e.g. the list the item belongs to)
    summary ─edit field→ answering(field, edit) ─valid→ summary (or a question it made apply)
    answering(group field) = list ─add / edit n→ the item's form ─saved→ list ─done→ next field
    answering(field of several files) ─a file→ the same question, "n received" ─done→ next field
                                       ─start over→ the same question, none received
    answering(multi field) ─tick/untick→ the same question ─done (one at least)→ next field
    summary ─a shortcut (e.g. "accepted as claimed")→ saved → summary
    any ─cancel→ home menu (answers stay saved);  a stale button → "stale", the current question

The same engine runs the staff's forms (a return's notes, a reason, a grey-part row, a mark, the
license issued): its own instance, with its own ``owns`` (the staff member's role, the file's
status) and stores that guard their changes with a version (``Ref.version``: what the question
was shown with; someone else's change first → the reason, and the question or summary again).

The position (``kit.position``) is the question the user was shown last, kept in the database
with their answers. An answer applies to that question only: a typed answer goes to the
position's field; a button names its form, item and field and counts only while they are the
position's. The position itself is checked against the file (``here``): when the file is no
longer the user's open one, the item is gone or the field no longer applies, the database wins
and the user is taken to the question it says ("position-moved").
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from aiogram import Router
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message, ReplyKeyboardRemove, TelegramObject

from conversations.kit.context import Ctx
from conversations.kit.fields import (
    FILE_KINDS,
    Env,
    Field,
    InputKind,
    Refused,
    edit_button_text,
    is_answered,
    label_of,
    names_in_every_language,
    show,
    slot_of,
)
from conversations.kit.forms import PREFILLED, Form, Loaded, Ref, prefilled
from conversations.kit.groups import Group
from conversations.kit.i18n import Translator
from conversations.kit.keyboards import (
    PAGE_SIZE,
    Act,
    Choice,
    FormCb,
    GroupCb,
    Question,
    button,
    choice_rows,
    contact_keyboard,
    inline,
    page_number,
    question_controls,
    rows,
)
from conversations.kit.position import Position, PositionStore, at
from conversations.kit.uploads import FileRejected, StoredAnswer, receive_upload, unexpected_key
from scoring import InvalidInput, document_slot, slot_kind, validate_mobile, validate_text
from scoring.matching import match_name, search_key
from scoring.normalize import clean_text, normalize_text
from storage import cases, documents
from storage.cases import CaseFile

ANSWERING = "form:answering"
SUMMARY = "form:summary"
LIST = "form:list"

Step = Callable[[Ctx, Ref], Awaitable[None]]
FORM_STEPS = (ANSWERING, SUMMARY, LIST)


@dataclass(frozen=True)
class Routes:
    """Where a form leads: what its owner does when it is done, and around it."""

    done: Step
    back_from_first: Step | None = None  # "back" on the first question
    changed: Step | None = None  # an item of one of its groups was removed


@dataclass(frozen=True)
class Here:
    """The user's position in a form, as the database confirms it: the form, the field asked (for
    a question or a list), which answers, and those answers as saved."""

    position: Position
    form: Form
    field: Field | None
    ref: Ref
    loaded: Loaded

    def asks(self, cb: FormCb) -> bool:
        """The button belongs to this question (or summary) of this form and item."""
        if cb.fm != self.form.name or cb.i != (self.ref.item or 0):
            return False
        if self.position.step == ANSWERING:
            return self.field is not None and cb.names(self.field.name) and cb.act in QUESTION_ACTS
        return self.position.step == SUMMARY and cb.act in (Act.EDIT, Act.DONE, Act.SET)


Owns = Callable[[Ctx, Form, CaseFile], Awaitable[bool]]
SHEET_MOST_OPTIONS = 8  # a sheet lists a choice's options when it has no more than these
# a question's buttons: value, back, skip, page, files done / start again, tick, leave
QUESTION_ACTS = frozenset({Act.VALUE, Act.BACK, Act.SKIP, Act.PAGE, Act.NEXT, Act.REDO, Act.TICK, Act.LEAVE, Act.PLAIN})


class FormEngine:
    def __init__(
        self,
        *,
        home: Callable[[Ctx], Awaitable[None]],
        elsewhere: Callable[[Ctx], Awaitable[None]],
        owns: Owns,
        name: str = "form-engine",
    ) -> None:
        self.home = home  # the main menu
        self.elsewhere = elsewhere  # the position is not a form's, or no longer holds: its owner shows where
        self.owns = owns  # a file the user may fill in with a form (their own and open; staff: their role)
        self.name = name
        self.forms: dict[str, Form] = {}
        self.routes: dict[str, Routes] = {}
        self.groups: dict[str, Group] = {}  # an item's form → its group

    def register(self, form: Form, routes: Routes) -> Form:
        self.forms[form.name] = form
        self.routes[form.name] = routes
        for f in form.fields if not callable(form.fields) else ():
            if f.kind == InputKind.GROUP and f.group is not None:  # each item's form leads back to the list
                self.groups[f.group.item.name] = f.group
                self.register(f.group.item, self._item_routes(form, f))
        return form

    def _item_routes(self, form: Form, f: Field) -> Routes:
        async def back_to_list(ctx: Ctx, ref: Ref) -> None:
            await self.show_list(ctx, form, f, Ref(ref.app, ref.case))

        async def drop_if_empty(ctx: Ctx, ref: Ref) -> None:
            """Back from the first question of a just-added item: drop the empty row."""
            assert f.group is not None
            loaded = await f.group.item.store.load(ctx, ref)
            if ref.case is not None and ref.item is not None and not loaded.answers:
                await f.group.rows.remove(ctx.session, ref.case, ref.item)
            await back_to_list(ctx, ref)

        return Routes(done=back_to_list, back_from_first=drop_if_empty)

    # ---- flow ------------------------------------------------------------------------------

    async def start(
        self, ctx: Ctx, form: Form, ref: Ref, *, message: Message | None = None, resume: bool = False
    ) -> None:
        """Continue ``form`` at its first unanswered field, or show its summary when complete.
        ``resume``: a group goes straight to its first incomplete item (e.g. a returned one)."""
        loaded = await form.store.load(ctx, ref)
        if form.opens_at_summary:
            await self.show_summary(ctx, form, ref, loaded, message=message if form.in_place else None)
            return
        await self._continue(ctx, form, ref, loaded, message=message, resume=resume)

    async def _continue(
        self,
        ctx: Ctx,
        form: Form,
        ref: Ref,
        loaded: Loaded,
        *,
        message: Message | None = None,
        resume: bool = False,
        prefix: str | None = None,
        answered: bool = False,
    ) -> None:
        """The first question not answered, or the form's end. ``answered``: an answer was just
        taken (so a form that recaps only sometimes may go straight on)."""
        for f in form.applicable(loaded.answers, loaded.file):
            if self.answered(f, loaded, ref):
                continue
            if f.sole is not None and f.name not in loaded.answers and ref.case is not None:
                only = await f.sole(ctx, loaded.answers)
                if only is not None:  # issue 29: one office in the province — answered, and said
                    loaded = await self.answer_for(ctx, form, f, ref, only)
                    note = ctx.t(
                        "answered-for-you",
                        question=label_of(f, ctx.t),
                        value=show(f, loaded.answers, ctx.t, loaded.file),
                    )
                    prefix = note + ("\n\n" + prefix if prefix else "")
                    continue
            if f.group is not None:
                incomplete = f.group.incomplete_items(loaded.file) if resume and loaded.file else []
                if incomplete:
                    await self.start(ctx, f.group.item, Ref(ref.app, ref.case, incomplete[0].id))
                    return
                await self.show_list(ctx, form, f, ref, message=message)
                return
            await self.ask(ctx, form, f, ref, loaded, prefix=prefix, message=message if form.in_place else None)
            return
        if form.summary and not (answered and not form.recap(loaded.answers)):
            await self.show_summary(ctx, form, ref, loaded, message=message, prefix=prefix)
        else:
            if prefix and form.summary:  # its summary left out: what it would have said first
                ctx.ui.send(ctx.chat_id, prefix)
            await ctx.position.clear()
            await self.routes[form.name].done(ctx, Ref(ref.app, ref.case, ref.item, loaded.version or ref.version))

    async def review(self, ctx: Ctx, form: Form, ref: Ref) -> None:
        """Open a finished form again to change it: its summary, or its group's list."""
        group = next((f for f in form.fields if f.group is not None), None) if not callable(form.fields) else None
        if form.summary or group is None:
            await self.show_summary(ctx, form, ref)
        else:
            await self.show_list(ctx, form, group, ref)

    @staticmethod
    def files(f: Field, ref: Ref, loaded: Loaded) -> int:
        """How many files a file field holds now (a card's two sides: one PDF holds both)."""
        if loaded.file is None:
            return 0
        slot = slot_of(f, ref.item)
        if f.sides and any(d.slot == slot and d.content_type == documents.PDF for d in loaded.file.documents):
            return f.min_files
        return loaded.file.received_count.get(slot, 0)

    @staticmethod
    def same_side(f: Field, ref: Ref, loaded: Loaded, value: Any) -> bool:
        """A card's second side that is the first again (the same image, by its content hash)."""
        if not f.sides or not isinstance(value, StoredAnswer) or loaded.file is None:
            return False
        slot = slot_of(f, ref.item)
        return any(d.slot == slot and d.sha256 == value.stored.sha256 for d in loaded.file.documents)

    @staticmethod
    def answered(f: Field, loaded: Loaded, ref: Ref | None = None) -> bool:
        if not is_answered(loaded.answers, f):
            return False
        skipped = loaded.answers.get(f.name) is None  # an optional document left out
        if f.several and not skipped and FormEngine.files(f, ref or Ref(), loaded) < f.min_files:
            return False
        if f.group is not None:  # "done" was pressed, and the list is still complete
            return loaded.file is not None and f.group.complete(loaded.file)
        return True

    async def ask(
        self,
        ctx: Ctx,
        form: Form,
        f: Field,
        ref: Ref,
        loaded: Loaded,
        *,
        edit: bool = False,
        page: int = 0,
        prefix: str | None = None,
        message: Message | None = None,
        only: tuple[str, ...] = (),
        plain: bool | None = None,
    ) -> None:
        """Ask ``f``; a choice question's buttons narrowed to ``only`` when a typed name could mean
        several ("did you mean"). The first question of a form's sheet, before any of its answers,
        shows the sheet (``plain``: alone; None: as the form's questions were asked so far)."""
        version = loaded.version or ref.version
        current = ctx.position.current
        if plain is None:
            plain = bool(
                current is not None
                and (current.step, current.form, current.item) == (ANSWERING, form.name, ref.item)
                and current.plain
            )
        await ctx.position.set(
            Position(
                ANSWERING,
                ref.app,
                form.name,
                ref.case,
                ref.item,
                field=f.name,
                edit=edit,
                page=page,
                version=version,
                plain=plain,
            )
        )
        t, answers = ctx.t, loaded.answers
        sheet = self.sheet_fields(form, f, loaded, edit=edit, plain=plain)
        fields = form.applicable(answers, loaded.file)
        position = next((i for i, x in enumerate(fields) if x.name == f.name), 0)
        args = f.prompt_args(t, answers, loaded.file) if f.prompt_args else {}
        if f.org_args is not None:
            org = ctx.services.org_of_file(loaded.file) if loaded.file is not None else ctx.services.org
            args = {**args, **f.org_args(t, org, answers)}  # the file's organization's fee (issue 25)
        parts = []
        if prefix:
            parts.append(prefix)
        if form.progress:
            number, total = form.counter(f, answers, loaded.file, plain=plain)
            parts.append(t("question-progress", form=t(form.title), n=t.digits(number), total=t.digits(total)))
        if sheet:
            # the blank sheet a message of its own, above the question: copied whole, it is only the form
            ctx.ui.send(ctx.chat_id, "\n".join(t("sheet-line", label=label_of(x, t)) for x in sheet))
            parts.append(await self.sheet_text(ctx, form, sheet, t(f.prompt_key, **args)))
        else:
            parts.append(t(f.prompt_key, **args))
        if is_answered(answers, f) and f.kind != InputKind.MULTI:
            parts.append(t("current-value", value=show(f, answers, t, loaded.file)))
        text = "\n\n".join(parts)
        routes = self.routes[form.name]
        question = Question(form.name, ref.item or 0, f.name)
        controls = question_controls(
            question, t, back=position > 0 or routes.back_from_first is not None, skip=f.optional
        )
        if form.leave:
            controls.insert(0, button(t(form.leave), question.cb(Act.LEAVE)))
        if f.kind == InputKind.CONTACT:
            ctx.ui.send(ctx.chat_id, text, contact_keyboard(t))
            ctx.ui.send(ctx.chat_id, t("or-cancel"), inline(controls))
            return
        keyboard: list[list[InlineKeyboardButton]] = []
        if f.kind == InputKind.CHOICE and f.choices is not None:
            current = answers.get(f.name)
            options = [
                Choice(c.value, ("✅ " if c.value == current else "") + c.label)
                for c in await f.choices.options(ctx, answers)
                if not only or c.value in only
            ]
            keyboard = choice_rows(question, options, page, t, width=f.columns, paged=f.paged)
            if len(options) > PAGE_SIZE + 2 and f.paged:  # a long list: its name can be typed instead
                text += "\n\n" + t("choice-type-hint")
        elif f.kind == InputKind.MULTI and f.choices is not None:
            value = answers.get(f.name)
            ticked: list[Any] = value if isinstance(value, list) else []
            toggles = [
                button(("☑️ " if c.value in ticked else "⬜ ") + c.label, question.cb(Act.TICK, c.value))
                for c in await f.choices.options(ctx, answers)
            ]
            keyboard = [*rows(toggles, 2), [button(t(f.done_label), question.cb(Act.NEXT))]]
        elif f.kind == InputKind.YES_NO:
            keyboard = [[button(t("yes"), question.cb(Act.VALUE, "1")), button(t("no"), question.cb(Act.VALUE, "0"))]]
        elif f.kind == InputKind.CONFIRM:
            keyboard = [[button(t("btn-accept"), question.cb(Act.VALUE, "1"))]]
        elif f.several:
            keyboard, note = self._files_controls(t, question, f, self.files(f, ref, loaded))
            text += "\n\n" + note
        if sheet:
            keyboard.append([button(t("btn-one-by-one"), question.cb(Act.PLAIN))])
        keyboard.append(controls)
        markup = inline(*keyboard)
        if message is not None and (page or form.in_place or f.kind == InputKind.MULTI):
            ctx.ui.replace(message, ctx.chat_id, text, markup)
        else:
            ctx.ui.send(ctx.chat_id, text, markup)

    @staticmethod
    def _files_controls(
        t: Translator, question: Question, f: Field, count: int
    ) -> tuple[list[list[InlineKeyboardButton]], str]:
        """A question of several files: how many are in, "done" once enough, "start over"."""
        buttons = []
        if count >= f.min_files:
            buttons.append(button(t("btn-files-done", n=t.digits(count)), question.cb(Act.NEXT)))
        if count:
            buttons.append(button(t("btn-files-restart"), question.cb(Act.REDO)))
        note = t("sides-received" if f.sides else "files-received", n=t.digits(count), least=t.digits(f.min_files))
        return ([buttons] if buttons else []), note

    # ---- a sheet: several questions answered in one message (issue 29) ------------------------

    @staticmethod
    def sheet_fields(form: Form, f: Field, loaded: Loaded, *, edit: bool, plain: bool) -> list[Field]:
        """The fields a sheet asks at once: when ``f`` opens its form's sheet and none is answered
        yet (after that, what is left is asked one at a time)."""
        sheet = form.sheet
        if sheet is None or edit or plain or f.name not in sheet.fields:
            return []
        if any(name in loaded.answers for name in sheet.fields):
            return []
        return [x for x in form.applicable(loaded.answers, loaded.file) if x.name in sheet.fields]

    async def sheet_text(self, ctx: Ctx, form: Form, fields: Sequence[Field], first: str) -> str:
        """The sheet's question (below its blank form, a line per fact "label: "): what to do, the
        few options of a choice, and the first question for whoever answers one at a time."""
        t = ctx.t
        assert form.sheet is not None
        hints = []
        for x in fields:
            if x.kind == InputKind.CHOICE and x.choices is not None:
                options = await x.choices.options(ctx, {})
                if len(options) <= SHEET_MOST_OPTIONS:
                    hints.append(t("sheet-choices", label=label_of(x, t), options=t.join(c.label for c in options)))
        return "\n\n".join(
            [t(form.sheet.intro), *(["\n".join(hints)] if hints else []), t("sheet-or-one", question=first)]
        )

    def sheet_labels(self, ctx: Ctx, form: Form) -> dict[str, str]:
        """A sheet's labels in every language, as compared (``search_key``) → the field's name."""
        assert form.sheet is not None
        names: dict[str, str] = {}
        for x in form.all_fields():
            if x.name not in form.sheet.fields:
                continue
            if x.caption is not None:
                labels: frozenset[str] | set[str] = {x.caption(lang) for lang in ("fa", "en")}
            else:
                labels = ctx.services.i18n.variants(x.label_key, **x.label_args)
            for label in labels:
                names[search_key(label)] = x.name
        return names

    def read_sheet(self, ctx: Ctx, form: Form, text: str) -> tuple[dict[str, str], list[str]] | None:
        """A message of labelled lines ("label: value") → the values by field and the lines not
        understood; None when no line names a fact of the sheet (an answer to the question alone)."""
        labels = self.sheet_labels(ctx, form)
        values: dict[str, str] = {}
        unknown: list[str] = []
        for line in (x.strip() for x in text.splitlines()):
            if not line:
                continue
            label, colon, value = line.replace("：", ":").partition(":")
            name = labels.get(search_key(label)) if colon else None
            if name is None:
                unknown.append(line)
                continue
            values[name] = value.strip()
        return (values, unknown) if values else None

    async def take_sheet(self, ctx: Ctx, here: Here, values: dict[str, str], unknown: Sequence[str]) -> None:
        """Each fact of a sheet validated as its question would validate it: the valid ones saved,
        the refused ones said with their reasons; then what is left, one question at a time."""
        t, form, ref, loaded = ctx.t, here.form, here.ref, here.loaded
        answers: dict[str, Any] = dict(loaded.answers)
        taken, reasons = 0, []
        for x in form.field_list(answers, loaded.file):
            text = values.get(x.name, "")
            if not text or not x.when(answers):
                continue
            try:
                value = await self.parse_typed(ctx, form, x, text, Loaded(answers, loaded.file, loaded.version))
                if x.check is not None:
                    x.check(value, Env(answers, form.env(loaded.file) if form.env else {}))
                await form.store.save(ctx, ref, x, value)
            except (InvalidInput, Refused) as exc:
                reasons.append(t("sheet-refused", label=label_of(x, t), reason=t(exc.key, **exc.params)))
                continue
            if x.resets and answers.get(x.name) != value:
                await form.store.clear(ctx, ref, x.resets)
                for name in x.resets:
                    answers.pop(name, None)
            answers[x.name] = value
            taken += 1
        reasons += [t("sheet-unknown-line", line=normalize_text(line)[:40]) for line in unknown]
        fresh = await form.store.load(ctx, ref)
        prefix = "\n".join([t("sheet-taken", n=t.digits(taken)), *reasons])
        if not taken:  # nothing to keep: the sheet again, with the reasons
            assert here.field is not None
            await self.ask(ctx, form, here.field, ref, fresh, prefix=prefix)
            return
        await self.advance(ctx, form, ref, fresh, False, prefix=prefix)

    async def going_plain(self, ctx: Ctx, here: Here) -> None:
        """The sheet's first question answered alone (its button, or a typed answer without labels):
        the rest of the form is asked one at a time."""
        if here.field is not None and self.sheet_fields(
            here.form, here.field, here.loaded, edit=here.position.edit, plain=here.position.plain
        ):
            await ctx.position.set(replace(here.position, plain=True))

    async def answer_for(self, ctx: Ctx, form: Form, f: Field, ref: Ref, value: Any) -> Loaded:
        """Answer ``f`` for the applicant (its only possible answer): saved, and recorded as the
        bot's (``PREFILLED``: its question is not counted)."""
        await form.store.save(ctx, ref, f, value)
        given = prefilled((await form.store.load(ctx, ref)).file, form.name)
        if ref.case is not None and f.name not in given:
            await cases.save_answer(ctx.session, ref.case, PREFILLED, form.name, ",".join([*given, f.name]))
        return await form.store.load(ctx, ref)

    async def show_summary(
        self,
        ctx: Ctx,
        form: Form,
        ref: Ref,
        loaded: Loaded | None = None,
        *,
        message: Message | None = None,
        prefix: str | None = None,
    ) -> None:
        if loaded is None:
            loaded = await form.store.load(ctx, ref)
        version = loaded.version or ref.version
        await ctx.position.set(Position(SUMMARY, ref.app, form.name, ref.case, ref.item, version=version))
        t = ctx.t
        fields = form.applicable(loaded.answers, loaded.file)
        locked = form.locked is not None and await form.locked(ctx)
        item = ref.item or 0
        keyboard: list[list[InlineKeyboardButton]] = []
        if not locked:
            shortcuts = [
                button(t(s.label, **s.args), Question(form.name, item, f.name).cb(Act.SET, str(n)))
                for f in fields
                for n, s in enumerate(f.shortcuts)
            ]
            keyboard += rows(shortcuts, 2)
            edits = [
                button(edit_button_text(f, t), Question(form.name, item, f.name).cb(Act.EDIT))
                for f in fields
                if f.editable
            ]
            keyboard += rows(edits, 2)
        summary = Question(form.name, item, "")
        keyboard.append([button(t(form.done_label), summary.cb(Act.DONE))])
        keyboard.append([button(t("btn-menu"), summary.cb(Act.QUIT))])
        text = (prefix + "\n\n" if prefix else "") + form.summary_text(t, loaded, ref)
        ctx.ui.replace(message, ctx.chat_id, text, inline(*keyboard))

    async def show_list(self, ctx: Ctx, form: Form, f: Field, ref: Ref, *, message: Message | None = None) -> None:
        """The list screen of a repeated group: a line per item with edit and remove, add, done."""
        group = _group(f)
        loaded = await form.store.load(ctx, ref)
        file = loaded.file
        assert file is not None
        await ctx.position.set(Position(LIST, ref.app, form.name, ref.case, field=f.name, version=loaded.version))
        t = ctx.t
        lines = [t(group.title)]
        buttons: list[list[InlineKeyboardButton]] = []
        for n, row in enumerate(group.items(file), start=1):
            answers = row.answers()
            lines.append(group.line(t, n, answers, not group.missing(answers, n - 1, file), file))
            buttons.append(
                [
                    button(t("btn-edit-item", n=t.digits(n)), GroupCb(act="edit", f=form.name, g=f.name, i=row.id)),
                    button(t("btn-remove-item", n=t.digits(n)), GroupCb(act="del", f=form.name, g=f.name, i=row.id)),
                ]
            )
        if not group.items(file):
            lines.append(t(group.empty))
        if group.can_add(file):
            buttons.append([button(t(group.add_label), GroupCb(act="add", f=form.name, g=f.name))])
        buttons.append([button(t(group.done_label), GroupCb(act="done", f=form.name, g=f.name))])
        buttons.append([button(t("btn-menu"), GroupCb(act="menu", f=form.name, g=f.name))])
        ctx.ui.replace(message, ctx.chat_id, "\n".join(lines), inline(*buttons))

    # ---- input -------------------------------------------------------------------------------

    async def here(self, ctx: Ctx) -> Here | None:
        """The user's position in a form, if it still holds against the database: its file is the
        user's own and open for them, its item exists, its field applies. None otherwise (or when
        the position is not a form's)."""
        position = await ctx.position.get()
        form = self.forms.get(position.form) if position is not None else None
        if position is None or form is None or position.step not in FORM_STEPS:
            return None
        ref = Ref(position.app, position.case, position.item, position.version)
        try:
            loaded = await form.store.load(ctx, ref)
        except Refused:  # the file (or the item) is gone
            return None
        file = loaded.file
        if file is not None and not await self.owns(ctx, form, file):
            return None
        group = self.groups.get(form.name)
        if group is not None and (file is None or not any(row.id == ref.item for row in group.items(file))):
            return None
        field = None
        if position.step != SUMMARY:
            field = next((x for x in form.applicable(loaded.answers, file) if x.name == position.field), None)
            if field is None or (position.step == LIST) is (field.group is None):
                return None
        return Here(position, form, field, ref, loaded)

    async def show(self, ctx: Ctx, here: Here, *, prefix: str | None = None) -> None:
        """The question, summary or list of the position again."""
        position = here.position
        if position.step == ANSWERING and here.field is not None:
            await self.ask(
                ctx,
                here.form,
                here.field,
                here.ref,
                here.loaded,
                edit=position.edit,
                page=position.page,
                prefix=prefix,
                plain=position.plain,
            )
            return
        if position.step == LIST and here.field is not None:
            if prefix:
                ctx.ui.send(ctx.chat_id, prefix)
            await self.show_list(ctx, here.form, here.field, here.ref)
        else:
            await self.show_summary(ctx, here.form, here.ref, here.loaded, prefix=prefix)

    async def accept(
        self,
        ctx: Ctx,
        form: Form,
        f: Field,
        ref: Ref,
        loaded: Loaded,
        value: Any,
        edit: bool,
        *,
        query: CallbackQuery | None = None,
        message: Message | None = None,
        again: bool = False,
    ) -> bool:
        """Save an accepted value and move on (next question, or the summary after an edit; with
        ``again``, the same question or summary). A value the store refuses (a check, someone
        else's change first) is said with the question again. A staff form's press is answered
        here: its ``toast``, or the refusal as an alert."""
        try:
            if self.same_side(f, ref, loaded, value):  # issue 29: both sides, two different images
                raise Refused("sides-same-image")
            if f.check is not None and value is not None:
                f.check(value, Env(loaded.answers, form.env(loaded.file) if form.env else {}))
            await form.store.save(ctx, ref, f, value)
        except (Refused, InvalidInput) as exc:
            reason = ctx.t(exc.key, **exc.params)
            fresh = await form.store.load(ctx, ref)  # as it is now (someone else may have changed it)
            if query is not None and form.toast:
                ctx.ui.answer(query, reason, alert=True)
                reason = ""
            elif query is not None:
                ctx.ui.answer(query)
            if again and ctx.position.current is not None and ctx.position.current.step == SUMMARY:
                await self.show_summary(ctx, form, ref, fresh, message=message, prefix=reason or None)
            else:
                await self.ask(ctx, form, f, ref, fresh, edit=edit, prefix=reason or None, message=message)
            return False
        if query is not None:
            ctx.ui.answer(query, ctx.t(form.toast) if form.toast else None)
        if f.resets and loaded.answers.get(f.name) != value:
            await form.store.clear(ctx, ref, f.resets)
        loaded = await form.store.load(ctx, ref)  # as saved: the next question sees the file as it is now
        if again and ctx.position.current is not None and ctx.position.current.step == SUMMARY:
            await self.show_summary(ctx, form, ref, loaded, message=message)
            return True
        more = f.several and isinstance(value, StoredAnswer)  # more pages may follow: the same question
        if more and f.sides and self.files(f, ref, loaded) >= f.min_files:
            more = False  # both sides in: nothing more to send, no "done" to press
        if again or more:
            await self.ask(ctx, form, f, ref, loaded, edit=edit, message=message)
            return True
        prefix = ctx.t(form.toast) if form.toast and query is None else None
        await self.advance(ctx, form, ref, loaded, edit, prefix=prefix, message=message if form.in_place else None)
        return True

    async def advance(
        self,
        ctx: Ctx,
        form: Form,
        ref: Ref,
        loaded: Loaded,
        edit: bool,
        *,
        prefix: str | None = None,
        message: Message | None = None,
    ) -> None:
        """After an answer: the next question, or the summary after an edit."""
        if edit and form.summary:
            # a changed answer can make new questions apply (e.g. insurance: no → yes)
            for nxt in () if form.opens_at_summary else form.applicable(loaded.answers, loaded.file):
                if not is_answered(loaded.answers, nxt):
                    await self.ask(ctx, form, nxt, ref, loaded, prefix=prefix, message=message)
                    return
            await self.show_summary(ctx, form, ref, loaded, message=message, prefix=prefix)
            return
        await self._continue(ctx, form, ref, loaded, message=message, prefix=prefix, answered=True)

    async def on_message(self, message: Message, ctx: Ctx) -> None:
        """A typed (or sent) answer: to the question of the position, nowhere else."""
        here = await self.here(ctx)
        if here is None or here.field is None:
            await self.elsewhere(ctx)
            return
        form, f, ref, loaded, edit = here.form, here.field, here.ref, here.loaded, here.position.edit
        t = ctx.t
        if not form.toast:  # the question is answered (or asked again): its buttons go (issue 29)
            ctx.ui.drop_buttons(ctx.chat_id)
        if form.sheet is not None and not edit and f.name in form.sheet.fields and message.text:
            sheet = self.read_sheet(ctx, form, clean_text(message.text))
            if sheet is not None:  # labelled lines: a sheet's facts, whichever question is asked
                await self.take_sheet(ctx, here, *sheet)
                return
            await self.going_plain(ctx, here)
        carried = None  # another question's answer at the end of this one (a postal code)
        if f.carries is not None and f.kind == InputKind.TEXT and message.text:
            carried = f.carries.take(clean_text(message.text))
        try:
            if carried is not None:
                value = self.parse_text(t, form, f, carried[0], loaded)
            else:
                value = await self.parse_message(ctx, form, f, message, loaded)
        except (InvalidInput, FileRejected, Refused) as exc:
            only = exc.values if isinstance(exc, Ambiguous) else ()
            await self.ask(ctx, form, f, ref, loaded, edit=edit, prefix=t(exc.key, **exc.params), only=only)
            return
        if carried is not None and f.carries is not None:
            companion = next(
                (x for x in form.applicable(loaded.answers, loaded.file) if x.name == f.carries.field), None
            )
            if companion is not None:
                await form.store.save(ctx, ref, companion, carried[1])
        if f.kind == InputKind.CONTACT:
            ctx.ui.send(ctx.chat_id, t("contact-received"), ReplyKeyboardRemove())
        await self.accept(ctx, form, f, ref, loaded, value, edit)

    @staticmethod
    def parse_text(t: Translator, form: Form, f: Field, text: str, loaded: Loaded) -> Any:
        """A typed answer of a TEXT or DATE field (a message's, or the part of one answer that
        answers its companion field)."""
        if text.startswith("/"):
            raise Refused("command-in-question")
        # before any parser or database sees it: the field's limit, stated
        if len(normalize_text(text)) > f.max_length:
            raise Refused("invalid-text-too-long", max=t.digits(f.max_length))
        if f.parse is None:
            return validate_text(text, max_length=f.max_length)
        extra = form.env(loaded.file) if form.env else {}
        return f.parse(text, Env(loaded.answers, extra))

    async def parse_message(self, ctx: Ctx, form: Form, f: Field, message: Message, loaded: Loaded) -> Any:
        t = ctx.t
        if f.kind == InputKind.CONTACT:
            if message.contact is None:
                raise Refused("expect-contact")
            if message.from_user is None or message.contact.user_id != message.from_user.id:
                raise Refused("contact-not-yours")
            return validate_mobile(message.contact.phone_number)
        if f.kind in FILE_KINDS:
            return await receive_upload(
                ctx, message, allow_pdf=f.kind != InputKind.PHOTO, expected=f"expect-{f.kind.value}"
            )
        if f.attachment and (message.photo or message.document is not None):
            # a text with a photo or PDF of what it says (e.g. an inquiry's reply): the caption is the text
            caption = clean_text(message.caption or "").strip()
            if not caption or caption.startswith("/"):
                raise Refused("expect-text-with-attachment")
            if len(normalize_text(caption)) > f.max_length:
                raise Refused("invalid-text-too-long", max=t.digits(f.max_length))
            extra = form.env(loaded.file) if form.env else {}
            parse = f.parse or (lambda text, env: validate_text(text, max_length=f.max_length))
            text = parse(caption, Env(loaded.answers, extra))
            upload = await receive_upload(ctx, message, allow_pdf=True, expected="expect-text-with-attachment")
            return {"text": text, "file": upload.to_json()}
        if message.text is None:
            key = "expect-text-with-attachment" if f.attachment else f"expect-{f.kind.value}"
            raise Refused(unexpected_key(message), expected=t(key))
        return await self.parse_typed(ctx, form, f, clean_text(message.text), loaded)

    async def parse_typed(self, ctx: Ctx, form: Form, f: Field, text: str, loaded: Loaded) -> Any:
        """A typed answer (a message, or a line of a sheet): text and dates by their parser, a
        yes/no or a choice by its name."""
        if f.kind in (InputKind.TEXT, InputKind.DATE):
            return self.parse_text(ctx.t, form, f, text, loaded)
        typed = normalize_text(text).casefold()
        if f.kind == InputKind.YES_NO:
            if typed in {v.casefold() for v in ctx.services.i18n.variants("yes")}:
                return True
            if typed in {v.casefold() for v in ctx.services.i18n.variants("no")}:
                return False
        elif f.kind == InputKind.CONFIRM:
            if typed in {v.casefold() for v in ctx.services.i18n.variants("btn-accept")}:
                return True
        elif f.choices is not None:
            options = await f.choices.options(ctx, loaded.answers)
            for choice in options:
                if normalize_text(choice.label).casefold() == typed:
                    return choice.value
            if f.kind == InputKind.CHOICE:
                every = ctx.services.i18n.every()
                return typed_choice(text, names_in_every_language(f.choices, options, every, loaded.file))
        raise Refused("expect-button")

    async def stale(self, ctx: Ctx, query: CallbackQuery, here: Here | None) -> None:
        """A button of another question (an old message, a second tap): it changes nothing; the
        question of the position again."""
        ctx.ui.answer(query, ctx.t("stale-button"))
        if here is not None:
            await self.show(ctx, here)
        else:
            await self.elsewhere(ctx)

    async def on_callback(self, query: CallbackQuery, callback_data: FormCb, ctx: Ctx) -> None:
        t = ctx.t
        message = query.message if isinstance(query.message, Message) else None
        act = callback_data.act
        if act == Act.QUIT:  # cancel: from any question, whatever the position (answers stay saved)
            ctx.ui.answer(query)
            await ctx.position.clear()
            ctx.ui.close_question(message, ctx.chat_id, t("cancelled-saved"))
            await self.home(ctx)
            return
        here = await self.here(ctx)
        if here is None or not here.asks(callback_data):
            await self.stale(ctx, query, here)
            return
        form, f, ref, loaded, edit = here.form, here.field, here.ref, here.loaded, here.position.edit
        if here.position.step == SUMMARY:
            await self._on_summary(query, callback_data, ctx, here, message)
            return
        assert f is not None
        if act == Act.PAGE:
            ctx.ui.answer(query)
            await self.ask(ctx, form, f, ref, loaded, edit=edit, page=page_number(callback_data.v), message=message)
            return
        if act == Act.BACK:
            ctx.ui.answer(query)
            if edit and form.summary:  # back from a question opened on the summary: the summary
                await self.show_summary(ctx, form, ref, loaded, message=message if form.in_place else None)
                return
            fields = form.applicable(loaded.answers, loaded.file)
            index = next((i for i, x in enumerate(fields) if x.name == f.name), 0)
            if index == 0:
                back = self.routes[form.name].back_from_first
                if back is not None:
                    await ctx.position.clear()
                    await back(ctx, ref)
                else:
                    await self.show(ctx, here)
                return
            await self.ask(ctx, form, fields[index - 1], ref, loaded, edit=edit)
            return
        if act == Act.TICK:
            await self._toggle(query, callback_data, ctx, here, message)
            return
        if act == Act.PLAIN:  # the sheet's questions one at a time
            ctx.ui.answer(query)
            ctx.ui.close_question(message, ctx.chat_id, t("btn-one-by-one"))
            await self.ask(ctx, form, f, ref, loaded, edit=edit, plain=True)
            return
        if act == Act.LEAVE and form.leave:  # leave the form where its "done" leads, nothing more saved
            ctx.ui.answer(query)
            await ctx.position.clear()
            await self.routes[form.name].done(ctx, ref)
            return
        if act in (Act.NEXT, Act.REDO) and f.kind == InputKind.MULTI:
            ticked = loaded.answers.get(f.name)
            if act == Act.REDO or not ticked:
                ctx.ui.answer(query, t(f.pick_one), alert=True)
                return
            ctx.ui.answer(query)
            ctx.ui.close_question(
                message,
                ctx.chat_id,
                t("answered", question=label_of(f, t), value=show(f, loaded.answers, t, loaded.file)),
            )
            await self.advance(ctx, form, ref, loaded, edit)
            return
        if act in (Act.NEXT, Act.REDO):
            if not f.several:
                await self.stale(ctx, query, here)
                return
            ctx.ui.answer(query)
            if act == Act.REDO:
                await documents.withdraw_document(ctx.session, ref.case or 0, slot_of(f, ref.item))
                loaded = await form.store.load(ctx, ref)
            if act == Act.REDO or self.files(f, ref, loaded) < f.min_files:
                await self.ask(ctx, form, f, ref, loaded, edit=edit)
                return
            ctx.ui.close_question(
                message,
                ctx.chat_id,
                t("answered", question=label_of(f, t), value=show(f, loaded.answers, t, loaded.file)),
            )
            await self.advance(ctx, form, ref, loaded, edit)
            return
        if act == Act.SKIP:
            if not f.optional:
                ctx.ui.answer(query, t("cannot-skip"), alert=True)
                return
            ctx.ui.answer(query)
            await self.accept(ctx, form, f, ref, loaded, None, edit)
            return
        value: Any
        shown: str
        if f.kind in (InputKind.YES_NO, InputKind.CONFIRM) and callback_data.v in (
            ("1", "0") if f.kind == InputKind.YES_NO else ("1",)
        ):
            value = callback_data.v == "1"
            shown = t.yes_no(value)
        elif f.kind == InputKind.CHOICE and f.choices is not None:
            options = {c.value: c for c in await f.choices.options(ctx, loaded.answers)}
            if callback_data.v not in options:
                await self.stale(ctx, query, here)
                return
            value = callback_data.v
            shown = options[value].label
        else:
            await self.stale(ctx, query, here)
            return
        if form.toast:  # a staff form: answered by what saving it says; the next screen in place
            await self.accept(ctx, form, f, ref, loaded, value, edit, query=query, message=message)
            return
        ctx.ui.answer(query)
        ctx.ui.close_question(message, ctx.chat_id, t("answered", question=label_of(f, t), value=shown))
        await self.going_plain(ctx, here)
        await self.accept(ctx, form, f, ref, loaded, value, edit)

    async def _on_summary(
        self, query: CallbackQuery, cb: FormCb, ctx: Ctx, here: Here, message: Message | None
    ) -> None:
        """A summary's buttons: done, a field's "edit", a shortcut that sets a field at once."""
        form, ref, loaded = here.form, here.ref, here.loaded
        if cb.act == Act.DONE:
            ctx.ui.answer(query)
            ctx.ui.leave(message, ctx.chat_id)  # its "edit" buttons no longer hold (issue 29)
            await ctx.position.clear()
            await self.routes[form.name].done(ctx, ref)
            return
        target = next((x for x in form.applicable(loaded.answers, loaded.file) if cb.names(x.name)), None)
        locked = form.locked is not None and await form.locked(ctx)
        if target is None or locked:
            await self.stale(ctx, query, here)
            return
        if cb.act == Act.SET:
            index = int(cb.v) if cb.v.isdigit() and len(cb.v) <= 2 else -1
            if not 0 <= index < len(target.shortcuts):
                await self.stale(ctx, query, here)
                return
            value = target.shortcuts[index].value(loaded.answers, loaded.file)
            await self.accept(ctx, form, target, ref, loaded, value, True, query=query, message=message, again=True)
            return
        ctx.ui.answer(query)
        await self.ask(ctx, form, target, ref, loaded, edit=True, message=message if form.in_place else None)

    async def _toggle(self, query: CallbackQuery, cb: FormCb, ctx: Ctx, here: Here, message: Message | None) -> None:
        """A tick of a MULTI question: saved at once (a restart keeps it), the same question again."""
        f, loaded = here.field, here.loaded
        assert f is not None
        assert f.choices is not None
        options = [c.value for c in await f.choices.options(ctx, loaded.answers)]
        if cb.v not in options:
            await self.stale(ctx, query, here)
            return
        ticked = list(loaded.answers.get(f.name) or [])
        ticked = [v for v in ticked if v != cb.v] if cb.v in ticked else [*ticked, cb.v]
        ctx.ui.answer(query)
        await self.accept(
            ctx,
            here.form,
            f,
            here.ref,
            loaded,
            [v for v in options if v in ticked],
            here.position.edit,
            message=message,
            again=True,
        )

    async def on_group(self, query: CallbackQuery, callback_data: GroupCb, ctx: Ctx) -> None:
        """A press on a list screen: only while that list is the position (a second "add" on the
        same message adds nothing)."""
        if callback_data.act == "menu":
            ctx.ui.answer(query)
            await ctx.position.clear()
            await self.home(ctx)
            return
        here = await self.here(ctx)
        if (
            here is None
            or here.position.step != LIST
            or here.form.name != callback_data.f
            or here.field is None
            or here.field.name != callback_data.g
            or here.field.group is None
            or here.loaded.file is None
        ):
            await self.stale(ctx, query, here)
            return
        form, f, ref, loaded = here.form, here.field, here.ref, here.loaded
        group, file = _group(f), here.loaded.file
        message = query.message if isinstance(query.message, Message) else None
        case_id = file.case.id
        if callback_data.act == "add":
            ctx.ui.answer(query)
            if not group.can_add(file):
                await self.show_list(ctx, form, f, ref)
                return
            item = await group.rows.add(ctx.session, case_id)
            await self.start(ctx, group.item, Ref(ref.app, case_id, item))
            return
        if callback_data.act in ("edit", "del"):
            if not any(row.id == callback_data.i for row in group.items(file)):  # not this file's, or removed
                await self.stale(ctx, query, here)
                return
            ctx.ui.answer(query)
            if callback_data.act == "edit":
                await self.start(ctx, group.item, Ref(ref.app, case_id, callback_data.i))
                return
            await group.rows.remove(ctx.session, case_id, callback_data.i)
            for doc in file.documents:  # the item's documents no longer count (they stay in the history)
                if document_slot(slot_kind(doc.slot), str(callback_data.i)) == doc.slot:
                    await documents.withdraw_document(ctx.session, case_id, doc.slot)
            await form.store.clear(ctx, ref, [f.name])
            changed = self.routes[form.name].changed
            if changed is not None:
                await changed(ctx, ref)
            await self.show_list(ctx, form, f, ref, message=message)
            return
        if callback_data.act == "done":
            ctx.ui.answer(query)
            if not group.complete(file):
                ctx.send(group.incomplete)
                await self.show_list(ctx, form, f, ref)
                return
            await self.accept(ctx, form, f, ref, loaded, True, edit=False)
            return
        await self.stale(ctx, query, here)

    async def on_summary_message(self, message: Message, ctx: Ctx) -> None:
        """Typing while a summary is shown: point at its buttons and show it again."""
        here = await self.here(ctx)
        if here is None:
            await self.elsewhere(ctx)
            return
        await self.show(ctx, here, prefix=ctx.t("use-summary-buttons"))

    async def on_list_message(self, message: Message, ctx: Ctx) -> None:
        """Typing while a list is shown: point at its buttons and show it again."""
        here = await self.here(ctx)
        if here is None:
            await self.elsewhere(ctx)
            return
        await self.show(ctx, here, prefix=ctx.t("use-list-buttons"))

    def router(self) -> Router:
        """Its handlers, for its own forms only (the applicants' and the staff's engines share the
        buttons' and the position's shapes)."""
        router = Router(name=self.name)
        mine = OwnForms(self)
        router.message.register(self.on_message, at(ANSWERING), mine)
        router.callback_query.register(self.on_callback, FormCb.filter(), mine)
        router.callback_query.register(self.on_group, GroupCb.filter(), mine)
        router.message.register(self.on_summary_message, at(SUMMARY), mine)
        router.message.register(self.on_list_message, at(LIST), mine)
        return router


class OwnForms(Filter):
    """A button of one of the engine's forms, or a message while the position is at one of them
    (a cancel button is every engine's: the first takes it)."""

    def __init__(self, engine: FormEngine) -> None:
        self.engine = engine

    async def __call__(
        self, event: TelegramObject, callback_data: CallbackData | None = None, position: PositionStore | None = None
    ) -> bool:
        if isinstance(callback_data, FormCb):
            return callback_data.act == Act.QUIT or callback_data.fm in self.engine.forms
        if isinstance(callback_data, GroupCb):
            return callback_data.act == "menu" or callback_data.f in self.engine.forms
        current = position.current if position is not None else None
        return current is not None and current.form in self.engine.forms


class Ambiguous(Refused):
    """A typed name that could mean several options: the reason, and the options to offer."""

    def __init__(self, values: tuple[str, ...], **params: Any) -> None:
        super().__init__("choice-did-you-mean", **params)
        self.values = values


def typed_choice(text: str, options: Sequence[tuple[str, Sequence[str]]]) -> str:
    """The option (value, its names in every language) a typed name means (issue 29: «چهار محال»,
    «يزد», «بختیاری», «Tehran»), with letter variants, Latin case and spacing normalised
    (``scoring.matching``); several → "did you mean" with their buttons; none → the reason, with
    the question again."""
    shown = normalize_text(text)[:40]
    found = match_name(text, options)
    if found.found is not None:
        return found.found
    if found.candidates:
        raise Ambiguous(found.candidates, typed=shown)
    raise Refused("choice-type-more" if found.too_many else "choice-not-found", typed=shown)


def _group(f: Field) -> Group:
    assert f.group is not None, f"{f.name} is not a group"
    return f.group


__all__ = ["ANSWERING", "FORM_STEPS", "LIST", "SUMMARY", "FormEngine", "Here", "Routes", "StoredAnswer"]
