"""The application engine: an application is a declaration (``Application``), and one engine runs
any of them.

    contact → identity → rules → [gate] → section 1 → … → section n → confirm ([preview] first) → submitted
    (an application with its own declaration, e.g. the builder license: contact → identity → [gate]
    → its declaration, accepted into its file → section 1 …; a file with the organization: its
    status, nothing asked, and the menu shows it by its status instead of its entry)
    (a section: its form's questions → summary → "save and next", or a repeated group's list →
    "save and next"; sections strictly in order; /menu or cancel anywhere → main menu, every
    answer already saved; the menu later → back to the exact question; a returned file → the
    reviewer's notes, then the first returned section or item)
    gate (before the file exists): known eligible → on; else asked ─yes→ on ─no→ the reason and
    the application that comes first (e.g. membership before the builder license); a gate with no
    question refuses anyone not known at once (annual dues: members only)
    a new file may be prefilled from what the bot already knows (e.g. the membership file)
    preview: a read-only text the confirmation opens with (e.g. the preliminary score)

Where an applicant is comes from the database alone: the position (the question shown last,
saved with the answers: ``kit.position``), and where the answers say (``resume``): the first
section that is not saved ("save and next") or that the core finds incomplete
(``Application.first_incomplete``, ``Application.missing``). So nothing is lost when the bot
restarts, and a button counts only at the step it was shown with (``show_current`` shows that
step again). The engine owns the "saved" marks; staff reopen returned items through ``reopen``.
Submitting is a step of the application's process (``kit.process.act``): what follows it and
whom it tells are declared there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from types import MappingProxyType
from typing import Generic, TypeVar

from aiogram import Router
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from conversations.kit.chats import InPrivate
from conversations.kit.context import Ctx, Organization
from conversations.kit.engine import FORM_STEPS, FormEngine, Routes
from conversations.kit.fields import InputKind, is_answered
from conversations.kit.forms import PREFILLED, Form, Ref, prefilled
from conversations.kit.i18n import Translator
from conversations.kit.identity import CONTACT, IDENTITY
from conversations.kit.keyboards import AppCb, button, inline, reply_keyboard, rows
from conversations.kit.pdf import Printout, Receipt, render
from conversations.kit.position import Position, at
from conversations.kit.process import Process, act
from conversations.kit.staffing import CaseDesk
from conversations.kit.text import chunks
from conversations.kit.verification import RECEIPT, stamp
from scoring import slot_kind
from storage import cases, documents, people
from storage.cases import Answer, CaseFile, CaseInfo
from storage.issued import IssuedInfo
from storage.workflow import Action, Actor, Status

RULES = "application:rules"
GATE = "application:gate"
PREVIEW = "application:preview"
CONFIRM = "application:confirm"
PROGRESS = "progress"  # the draft's record of the sections saved with "save and next"
DOCUMENT_KEY = "doc:"  # a returned single document: "doc:<slot>" beside the section keys

# The main menu's fixed rows (their handlers catch the same keys: menu.py, cartable.py).
MENU_CARTABLE, MENU_STATUS, MENU_HELP, MENU_LANGUAGE = "menu-cartable", "menu-status", "menu-help", "menu-language"

SubmittedHook = Callable[[Ctx, CaseInfo], Awaitable[None]]
IssuedRenderer = Callable[[Translator, CaseFile, IssuedInfo, Organization], Printout]
Show = Callable[[Ctx], Awaitable[None]]
R = TypeVar("R")  # the core's view of a file
S = TypeVar("S", bound=Enum)  # the core's sections


def always(_: CaseFile) -> bool:
    return True


@dataclass(frozen=True)
class Section:
    key: str  # the core's name of the section (e.g. ``scoring.Section.PERSONAL``)
    form: Form  # its questions, or a repeated group (a form of one GROUP field)
    label: Callable[[str], str]  # its name in a language
    applies: Callable[[CaseFile], bool] = always
    documents: bool = False  # the section that asks for the file's own documents
    text: Callable[[Translator, CaseFile], str] | None = None  # its part of the full summary, if not the form's


@dataclass(frozen=True)
class CoreRules(Generic[R, S]):
    """How an application asks the core about a file: the core's view of it (``read``), its
    sections (an enumeration whose values are the sections' keys), what a section lacks and which
    section comes first."""

    read: Callable[[CaseFile], R]
    sections: Callable[[str], S]
    missing_in: Callable[[S, R], list[str]]
    first_in: Callable[[R], S | None]

    def missing(self, file: CaseFile, key: str) -> list[str]:
        return self.missing_in(self.sections(key), self.read(file))

    def first_incomplete(self, file: CaseFile) -> str | None:
        section = self.first_in(self.read(file))
        return str(section.value) if section is not None else None


@dataclass(frozen=True)
class Gate:
    """Who may begin the application, checked before its file is created: ``known`` from what the
    bot knows (e.g. a member it made); otherwise the applicant is asked ``question``, and "no" is
    answered with ``refused`` and the offer of the application that comes first (``offer``)."""

    known: Callable[[Ctx], Awaitable[bool]]
    question: str  # text keys ("" question: nobody else is asked, they are refused at once)
    refused: str
    offer: str  # the name of the application offered instead
    offer_label: str
    yes: str = "btn-gate-yes"
    no: str = "btn-gate-no"


@dataclass(frozen=True)
class Prefilled:
    """Answers a new file starts with (section → field → value), and what to tell the applicant."""

    answers: Mapping[str, Mapping[str, Answer]]
    note: str | None = None  # a text key


Prefill = Callable[[Ctx, CaseInfo], Awaitable[Prefilled]]


@dataclass(frozen=True)
class Preview:
    """A read-only text the confirmation opens with (e.g. a preliminary score): its text from the
    file. (Once a screen of its own with a button on to the confirmation, which repeated the
    confirmation's edit buttons: issue 29, an action that corrected nothing.)"""

    text: Callable[[Translator, CaseFile, Organization], str]  # the file's organization (its rules, issue 25)


@dataclass(frozen=True)
class OwnRules:
    """An application's own declaration, shown instead of the organization's rules once its file
    exists (e.g. the builder license's self-declaration, seed 003 worksheet 2): accepting it is the
    answer ``field`` of ``section``, which that section's form then does not ask again."""

    title: str  # text key (with ``org``)
    text: str  # text key (with ``name``: the applicant's full name)
    section: str
    field: str
    button: str = "btn-accept-rules"
    done: str = "rules-accepted"  # the screen, once accepted

    def accepted(self, file: CaseFile) -> bool:
        return file.section(self.section).get(self.field) is True


@dataclass(frozen=True)
class Texts:
    """The text keys an application speaks with: its own, and the engine's shared ones."""

    menu_new: str
    menu_continue: str
    menu_done: str
    done: str  # asking again once done (e.g. already a member)
    submitted: str  # the tracking code given
    confirm_question: str  # what confirming sends
    confirm_button: str
    receipt_caption: str = "receipt-caption"
    returned: str = "returned-fix"
    not_editable: str = "file-not-editable"
    confirm_title: str = "confirm-title"
    confirm_press: str = "confirm-press-button"
    incomplete: str = "cannot-submit-incomplete"
    held: str = ""  # asking while holding it from before the bot (``Application.held``)


@dataclass(frozen=True)
class Application:
    """An application, all of it: the applicant's sections and what the engine asks around them,
    and the organization's side — its workflow with its staff steps, notifications and fee
    (``process``) and the staff's view of a file (``desk``). Its name is its kind."""

    name: str
    process: Process
    desk: CaseDesk
    sections: tuple[Section, ...]
    missing: Callable[[CaseFile, str], list[str]]  # the core: what a section still lacks
    first_incomplete: Callable[[CaseFile], str | None]  # the core: the section to work on
    document_label: Callable[[str, str], str]  # (document kind, language) → its name
    receipt: Callable[[CaseFile, Translator, Organization], Receipt | Printout]
    texts: Texts
    done_status: str  # the end of this application (asking again says so)
    done_args: Callable[[Translator, CaseInfo], Mapping[str, str]] = lambda t, case: {}
    before_submit: Callable[[Ctx, CaseFile], Awaitable[None]] | None = None  # e.g. copy the province to the case
    # whose organization a draft is while its province is an answer that ``before_submit`` copies
    # to the file (issue 25: its fee, its rules, before submission); None: the file's province
    province: Callable[[CaseFile], str | None] | None = None
    # the applicant chooses the file's province in it (membership); otherwise a file belongs to the
    # province of the applicant's membership, and so do the rules shown before it (issue 25)
    chooses_province: bool = False
    in_menu: bool = True
    gate: Gate | None = None  # who may begin it (None: anyone)
    prefill: Prefill | None = None  # what a new file starts with
    preview: Preview | None = None  # a read-only text the confirmation opens with
    rules: OwnRules | None = None  # its own declaration instead of the organization's rules (None: those)
    deep_link: str = ""  # its name in a deep link, /start apply_<link> (default: its name)
    offered: Callable[[Ctx], Awaitable[bool]] | None = None  # the menu shows it only to them (None: everyone)
    done_when: Callable[[Ctx, CaseInfo], Awaitable[bool]] | None = None  # done, if not by ``done_status``
    # what the applicant holds without any file of this application here (e.g. a membership from
    # before the bot): the arguments of ``texts.held``, or None. The menu shows the entry as done,
    # and asking says what is true for them instead of beginning it (issue 29).
    held: Callable[[Ctx], Awaitable[Mapping[str, str] | None]] | None = None
    documents: Mapping[str, IssuedRenderer] = field(default_factory=dict)  # what it issues, as printouts

    def __post_init__(self) -> None:
        if self.process.kind != self.name:
            raise ValueError(f"{self.name}: its process is {self.process.kind}'s")
        if self.held is not None and not self.texts.held:
            raise ValueError(f"{self.name}: what is held from before the bot needs its text (Texts.held)")

    @property
    def kind(self) -> str:
        return self.name

    @property
    def link(self) -> str:
        """Its name in a deep link: ``/start apply_<link>``."""
        return self.deep_link or self.name

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def editable(self, case: CaseInfo) -> bool:
        """The applicant may change it (a draft, or returned to them)."""
        return case.status in self.process.workflow.editable


# ---- reading a file (pure) -----------------------------------------------------------------


def saved(file: CaseFile, key: str) -> bool:
    return file.section(PROGRESS).get(key) is True


def section_text(t: Translator, section: Section, file: CaseFile) -> str:
    if section.text is not None:
        return section.text(t, file)
    form = section.form
    answers = form.store.pick(file, Ref(case=file.case.id))
    fields = form.applicable(answers, file)
    if fields and all(f.group is not None for f in fields):  # a list section: its items
        return "\n\n".join(f.group.text(t, file) for f in fields if f.group is not None)
    return form.text(t, answers, file)


def render_file(t: Translator, app: Application, file: CaseFile) -> str:
    """Everything of a file, as the applicant confirms it and as staff read it."""
    parts = [IDENTITY.text(t, IDENTITY.store.pick(file, Ref()), file)]
    parts += [section_text(t, s, file) for s in app.sections if s.applies(file)]
    return "\n\n".join(parts)


def item_label(app: Application, key: str, lang: str) -> str:
    """A returned section ("personal") or single document ("doc:national_card")."""
    section = app.section(key)
    if section is not None:
        return section.label(lang)
    return app.document_label(slot_kind(key.removeprefix(DOCUMENT_KEY)), lang)


def note_lines(t: Translator, app: Application, notes: Mapping[str, str]) -> str:
    """The reviewer's notes, one line per returned section or document."""
    return "\n".join(t("notify-note-line", section=item_label(app, k, t.lang), note=n) for k, n in notes.items())


def section_of(app: Application, key: str, file: CaseFile) -> Section | None:
    """The section a returned item reopens: itself, the group holding the item a document
    belongs to (a degree's certificate → education), or the section of the file's documents."""
    found = app.section(key)
    if found is not None or not key.startswith(DOCUMENT_KEY):
        return found
    ref = key.removeprefix(DOCUMENT_KEY).partition(":")[2]
    for section in app.sections:
        groups = [f.group for f in section.form.field_list({}, file) if f.group is not None] if ref else []
        if any(str(row.id) == ref for g in groups for row in g.items(file)):
            return section
    return next((s for s in app.sections if s.documents), None)


def returnable(t: Translator, app: Application, file: CaseFile) -> list[tuple[str, str]]:
    """What a reviewer may return: the sections, or single documents (key, label)."""
    items = [(s.key, s.label(t.lang)) for s in app.sections if s.applies(file)]
    first_of_slot = {d.slot: d for d in reversed(file.documents)}  # a document of several files is one item
    items += [
        (f"d{d.id}", "📄 " + item_label(app, DOCUMENT_KEY + d.slot, t.lang))
        for d in file.documents
        if d.kind not in documents.ORGANIZATION_KINDS and first_of_slot[d.slot] is d
    ]
    return items


def note_key(app: Application, file: CaseFile, key: str) -> str | None:
    """A picker's key → what the history keeps: a section, or "doc:<slot>"."""
    if key.startswith("d") and key[1:].isdigit():
        doc = next((d for d in file.documents if d.id == int(key[1:])), None)
        return DOCUMENT_KEY + doc.slot if doc is not None else None
    return key if app.section(key) is not None else None


async def reopen(ctx: Ctx, app: Application, case: CaseInfo, keys: Iterable[str]) -> None:
    """A reviewer returned these sections and documents: a returned document no longer counts
    (the applicant is asked for exactly that one again), and each section they belong to waits
    for "save and next" again."""
    file = await cases.case_file(ctx.session, case.id, app.process.parts)
    assert file is not None
    for key in keys:
        section = section_of(app, key, file)
        if key.startswith(DOCUMENT_KEY):
            await documents.withdraw_document(ctx.session, case.id, key.removeprefix(DOCUMENT_KEY))
        if section is None:
            continue
        await cases.save_answer(ctx.session, case.id, PROGRESS, section.key, False)
        groups = [f.name for f in section.form.field_list({}, file) if f.kind == InputKind.GROUP]
        if groups:
            await section.form.store.clear(ctx, Ref(app.name, case.id), groups)


# ---- the engine ---------------------------------------------------------------------------------


class ApplicationEngine:
    def __init__(
        self,
        applications: Sequence[Application],
        *,
        on_submitted: SubmittedHook,
        other_steps: Mapping[str, Show] = MappingProxyType({}),
        other_forms: Show | None = None,
    ) -> None:
        self.applications = {a.name: a for a in applications}
        self.on_submitted = on_submitted
        self.other_steps = other_steps  # other dialogs' steps (e.g. waiting for a payment slip) → shown again by
        self.other_forms = other_forms  # a position in another engine's form (staff's): shown again by
        self.forms = FormEngine(home=self.home, elsewhere=self.show_current, owns=self.owns, name="applicant-forms")
        for gate in (CONTACT, IDENTITY):
            self.forms.register(gate, Routes(done=self._gate_passed))
        for app in applications:
            for section in app.sections:
                self.forms.register(section.form, self._section_routes(app, section))

    def _section_routes(self, app: Application, section: Section) -> Routes:
        async def done(ctx: Ctx, ref: Ref) -> None:
            if ref.case is not None:
                await cases.save_answer(ctx.session, ref.case, PROGRESS, section.key, True)
            await self.resume(ctx, app.name)

        async def changed(ctx: Ctx, ref: Ref) -> None:
            if ref.case is not None:
                await cases.save_answer(ctx.session, ref.case, PROGRESS, section.key, False)

        return Routes(done=done, changed=changed)

    async def owns(self, ctx: Ctx, form: Form, file: CaseFile) -> bool:
        """A file the user may fill in: their applicant's, a draft or returned to them."""
        app = self.applications.get(file.case.kind)
        return app is not None and file.case.applicant_id == ctx.user.applicant_id and app.editable(file.case)

    async def _gate_passed(self, ctx: Ctx, ref: Ref) -> None:
        await self.resume(ctx, ref.app)

    def application(self, name: str) -> Application:
        """The application named ``name``; "" is the one a person begins with when they have not
        chosen (the first in the menu). Any other name is a programming error (``KeyError``)."""
        if not name:
            return next(iter(self.applications.values()))
        return self.applications[name]

    def of_kind(self, kind: str) -> Application:
        return self.applications[kind]

    # ---- the main menu ---------------------------------------------------------------------------

    async def home(self, ctx: Ctx) -> None:
        """The main menu: an entry per application; a file with the organization (submitted, in
        review, awaiting payment) is shown by its status instead, its next step in the cartable."""
        await ctx.position.clear()
        t = ctx.t
        entries: list[list[str]] = []
        waiting: list[str] = []
        for app in self.applications.values():
            if not await self.offered(ctx, app):
                continue
            case = await self.open_case(ctx, app) if ctx.user.mobile else None
            if case is not None and not app.editable(case):
                status = t(f"status-{case.status}")
                waiting.append(
                    t("menu-file-waiting", kind=t(f"kind-{case.kind}"), code=case.tracking_code, status=status)
                )
                continue
            entries.append([await self._entry(ctx, app)])
        keyboard = reply_keyboard([*entries, [t(MENU_CARTABLE), t(MENU_STATUS)], [t(MENU_HELP), t(MENU_LANGUAGE)]])
        text = t("menu-text", org=ctx.services.org.name(t.lang))
        if waiting:
            text += "\n\n" + "\n".join(waiting) + "\n" + t("menu-file-cartable")
        ctx.ui.send(ctx.chat_id, text, keyboard)

    @staticmethod
    async def offered(ctx: Ctx, app: Application) -> bool:
        return app.in_menu and (app.offered is None or await app.offered(ctx))

    @staticmethod
    async def is_done(ctx: Ctx, app: Application, latest: CaseInfo | None) -> bool:
        """The applicant has what the application gives (asking again says so)."""
        if latest is None:
            return False
        if app.done_when is not None:
            return await app.done_when(ctx, latest)
        return latest.status == app.done_status

    async def _entry(self, ctx: Ctx, app: Application) -> str:
        if await self.in_progress(ctx, app):
            return ctx.t(app.texts.menu_continue)
        applicant = await ctx.applicant()
        latest = await cases.latest_case(ctx.session, applicant.id, app.kind) if applicant else None
        done = await self.is_done(ctx, app, latest) or await self.held(ctx, app) is not None
        return ctx.t(app.texts.menu_done if done else app.texts.menu_new)

    @staticmethod
    async def held(ctx: Ctx, app: Application) -> Mapping[str, str] | None:
        """What the applicant holds from before the bot (``Application.held``), when they have no
        file of this application here."""
        applicant = await ctx.applicant() if app.held is not None else None
        if app.held is None or applicant is None:
            return None
        if await cases.latest_case(ctx.session, applicant.id, app.kind) is not None:
            return None
        return await app.held(ctx)

    def entry_keys(self, app: Application) -> tuple[str, ...]:
        return (app.texts.menu_new, app.texts.menu_continue, app.texts.menu_done)

    # ---- where is the applicant? ----------------------------------------------------------------

    async def open_case(self, ctx: Ctx, app: Application) -> CaseInfo | None:
        """The applicant's current (unfinished) file of this application, if any."""
        applicant = await ctx.applicant()
        if applicant is None:
            return None
        return await cases.open_case(ctx.session, applicant.id, app.kind, app.process.final)

    async def in_progress(self, ctx: Ctx, app: Application) -> bool:
        """Has the applicant begun this application and does it wait for them (a draft or returned
        file; or, before any file of it, contact, identity or rules begun for it)?"""
        case = await self.open_case(ctx, app)
        if case is not None:
            return app.editable(case)
        if not ctx.user.mobile or not await self._gates_open(ctx, app):
            return False  # nothing begun, or the gates are passed and no file was made for it
        position = await ctx.position.get()
        begun = position.app if position is not None and position.app in self.applications else ""
        if not begun and await self._has_files(ctx):
            return False  # the gates were passed for another application (with its own rules)
        return (begun or next(iter(self.applications))) == app.name

    async def _has_files(self, ctx: Ctx) -> bool:
        applicant = await ctx.applicant()
        if applicant is None:
            return False
        for kind in self.applications:
            if await cases.latest_case(ctx.session, applicant.id, kind) is not None:
                return True
        return False

    async def _identity_missing(self, ctx: Ctx, ref: Ref) -> bool:
        identity = await IDENTITY.store.load(ctx, ref)
        return any(not is_answered(identity.answers, f) for f in IDENTITY.applicable(identity.answers, None))

    async def _gates_open(self, ctx: Ctx, app: Application) -> bool:
        """Contact, identity or the organization's rules (when the application shows them) to do."""
        return (app.rules is None and not ctx.user.rules_accepted) or await self._identity_missing(ctx, Ref())

    async def draft_in_progress(self, ctx: Ctx) -> Application | None:
        for app in self.applications.values():
            if app.in_menu and await self.in_progress(ctx, app):
                return app
        return None

    async def resume(self, ctx: Ctx, name: str = "", *, message: Message | None = None) -> None:
        """Take the applicant to exactly where they are, from what is saved."""
        app = self.application(name)
        ref = Ref(app.name)
        waiting = await self.open_case(ctx, app) if ctx.user.mobile else None
        if waiting is not None and not app.editable(waiting):  # with the organization: said first, nothing asked
            ctx.send(app.texts.not_editable, code=waiting.tracking_code, status=ctx.t(f"status-{waiting.status}"))
            await self.home(ctx)
            return
        held = await self.held(ctx, app) if ctx.user.mobile else None
        if held is not None:  # e.g. a member from before the bot: what is true for them, nothing begun
            ctx.ui.send(ctx.chat_id, ctx.t(app.texts.held, **held))
            await self.home(ctx)
            return
        if not ctx.user.mobile:
            ctx.send("contact-why")
            await self.forms.start(ctx, CONTACT, ref)
            return
        if await self._identity_missing(ctx, ref):
            await self.forms.start(ctx, IDENTITY, ref)
            return
        gate = app.gate
        if gate is not None and not gate.question and not ctx.user.rules_accepted and not await gate.known(ctx):
            await self.on_gate(ctx, app, "no")  # nobody else may: refused before any rules are shown
            return
        if app.rules is None and not ctx.user.rules_accepted:
            await self.show_rules(ctx, app)
            return
        applicant = await ctx.applicant()
        assert applicant is not None
        case = await self.open_case(ctx, app)
        if case is None:
            latest = await cases.latest_case(ctx.session, applicant.id, app.kind)
            if latest is not None and await self.is_done(ctx, app, latest):
                ctx.ui.send(ctx.chat_id, ctx.t(app.texts.done, **app.done_args(ctx.t, latest)))
                await self.home(ctx)
                return
            if app.gate is not None and not await app.gate.known(ctx):
                if app.gate.question:
                    await self.show_gate(ctx, app)
                else:
                    await self.on_gate(ctx, app, "no")
                return
            case = await self.begin(ctx, app)
        if not app.editable(case):
            ctx.send(app.texts.not_editable, code=case.tracking_code, status=ctx.t(f"status-{case.status}"))
            await self.home(ctx)
            return
        file = await cases.case_file(ctx.session, case.id, app.process.parts)
        assert file is not None
        if app.rules is not None and not app.rules.accepted(file):
            await self.show_rules(ctx, app, file)
            return
        if case.status == Status.RETURNED and message is None and await ctx.position.get() is None:
            self.show_return_notes(ctx, app, file)
        section = self.current_section(app, file)
        if section is None:
            await self.show_confirm(ctx, app, case)
            return
        await self.forms.start(ctx, section.form, Ref(app.name, case.id), message=message, resume=True)

    async def show_current(self, ctx: Ctx) -> None:
        """The step the user is at, again (after a button of another one, or a message the
        position cannot take). A position the database no longer supports — the file was
        submitted or returned meanwhile, the item removed, the field no longer applies — gives
        way to what the database says, with a word why. No position: the open draft, or the menu."""
        position = await ctx.position.get()
        if position is None:
            app = await self.draft_in_progress(ctx)
            if app is not None:
                await self.resume(ctx, app.name)
            else:
                await self.home(ctx)
            return
        if position.step in FORM_STEPS and position.form not in self.forms.forms and self.other_forms is not None:
            await self.other_forms(ctx)  # a staff member's form: the staff side shows it
            return
        if position.app and position.app not in self.applications:  # kept by an older version
            await ctx.position.clear()
            await self.show_current(ctx)
            return
        if position.step in FORM_STEPS:
            here = await self.forms.here(ctx)
            if here is not None:
                await self.forms.show(ctx, here)
                return
        elif position.step == RULES and position.app in self.applications and self.application(position.app).rules:
            await self.resume(ctx, position.app)  # its own declaration again, unless accepted meanwhile
            return
        elif position.step == RULES and not ctx.user.rules_accepted:
            await self.show_rules(ctx, self.application(position.app))
            return
        elif position.step == GATE and position.app in self.applications:
            app = self.application(position.app)
            if await self.open_case(ctx, app) is None:
                await self.show_gate(ctx, app)
                return
        elif position.step in (CONFIRM, PREVIEW):
            app = self.application(position.app)
            case = await self.open_case(ctx, app)
            if case is not None and case.id == position.case and app.editable(case):
                await self.show_confirm(ctx, app, case)  # a preview of an older version: the confirmation
                return
        elif position.step in self.other_steps:
            await self.other_steps[position.step](ctx)
            return
        ctx.send("position-moved")
        await ctx.position.clear()
        await self.resume(ctx, position.app)

    async def begin(self, ctx: Ctx, app: Application) -> CaseInfo:
        """A new file of the application, with what it can start from."""
        applicant = await ctx.applicant()
        assert applicant is not None
        # issue 25: dues and the builder license belong to the province of the applicant's
        # membership; a membership file to the province chosen in it (set when submitted)
        province = None if app.chooses_province else await cases.membership_province(ctx.session, applicant.id)
        if province is None and len(ctx.services.served) == 1:
            province = ctx.services.served[0]
        case = await cases.create_case(ctx.session, app.kind, applicant.id, ctx.user.id, province=province)
        if app.prefill is not None:
            prefilled = await app.prefill(ctx, case)
            for section, answers in prefilled.answers.items():
                for name, value in answers.items():
                    await cases.save_answer(ctx.session, case.id, section, name, value)
                declared = app.section(section)
                if declared is not None:  # not asked: its questions' counter leaves them out
                    given = ",".join(answers)
                    await cases.save_answer(ctx.session, case.id, PREFILLED, declared.form.name, given)
            if prefilled.note:
                ctx.send(prefilled.note)
        return case

    @staticmethod
    def current_section(app: Application, file: CaseFile) -> Section | None:
        """spec §2: sections strictly in order — the first not saved, or not complete by the core."""
        open_ = [s for s in app.sections if s.applies(file)]
        unsaved = next((n for n, s in enumerate(open_) if not saved(file, s.key)), len(open_))
        incomplete_key = app.first_incomplete(file)
        incomplete = next((n for n, s in enumerate(open_) if s.key == incomplete_key), len(open_))
        first = min(unsaved, incomplete)
        return open_[first] if first < len(open_) else None

    def show_return_notes(self, ctx: Ctx, app: Application, file: CaseFile) -> None:
        """spec §4: a returned file shows the expert's note beside each section to fix."""
        notes = file.last_return_notes
        if notes:
            ctx.send(app.texts.returned, code=file.case.tracking_code, notes=note_lines(ctx.t, app, notes))

    # ---- the gate: who may begin ---------------------------------------------------------------

    async def show_gate(self, ctx: Ctx, app: Application) -> None:
        gate = app.gate
        assert gate is not None
        await ctx.position.set(Position(GATE, app.name))
        ctx.ui.send(
            ctx.chat_id,
            ctx.t(gate.question),
            inline(
                [
                    button(ctx.t(gate.yes), AppCb(act="gate", app=app.name, arg="yes")),
                    button(ctx.t(gate.no), AppCb(act="gate", app=app.name, arg="no")),
                ],
                [button(ctx.t("btn-menu"), AppCb(act="menu", app=app.name))],
            ),
        )

    async def on_gate(self, ctx: Ctx, app: Application, answer: str) -> None:
        await ctx.position.clear()
        gate = app.gate
        if gate is None or answer == "yes":
            if await self.open_case(ctx, app) is None and await ctx.applicant() is not None:
                await self.begin(ctx, app)
            await self.resume(ctx, app.name)
            return
        offered = self.application(gate.offer)
        held = await self.held(ctx, offered)
        if held is not None:  # what comes first is theirs from before the bot: what is true, not an offer of it
            ctx.ui.send(ctx.chat_id, ctx.t(offered.texts.held, **held))
            await self.home(ctx)
            return
        ctx.ui.send(
            ctx.chat_id,
            ctx.t(gate.refused),
            inline(
                [button(ctx.t(gate.offer_label), AppCb(act="offer", app=offered.name))],
                [button(ctx.t("btn-menu"), AppCb(act="menu", app=app.name))],
            ),
        )

    async def on_gate_text(self, message: Message, ctx: Ctx) -> None:
        ctx.send("gate-press-button")
        await self.show_current(ctx)

    # ---- a preview: read-only, at the confirmation -------------------------------------------------

    async def on_preview_text(self, message: Message, ctx: Ctx) -> None:
        position = await ctx.position.get()
        app = self.application(position.app if position else "")
        ctx.send(app.texts.confirm_press)
        await self.show_current(ctx)

    @staticmethod
    def _edit_buttons(t: Translator, app: Application, file: CaseFile) -> list[InlineKeyboardButton]:
        return [
            button(t("btn-edit-section", section=s.label(t.lang)), AppCb(act="section", app=app.name, arg=s.key))
            for s in app.sections
            if s.applies(file)
        ]

    # ---- rules ---------------------------------------------------------------------------------

    async def show_rules(self, ctx: Ctx, app: Application, file: CaseFile | None = None) -> None:
        """The organization's rules, or the application's own declaration (on its file)."""
        # issue 25: dues and the builder license are the membership province's, its rules theirs
        applicant = await ctx.applicant() if ctx.services.tenants and not app.chooses_province else None
        province = await cases.membership_province(ctx.session, applicant.id) if applicant else None
        org = ctx.services.org_of(province)
        if app.rules is not None and file is not None:
            org = ctx.services.org_of(file.case.province or province)
            title = ctx.t(app.rules.title, org=org.name(ctx.t.lang))
            rules = ctx.t(app.rules.text, name=file.applicant.full_name)
            await ctx.position.set(Position(RULES, app.name, case=file.case.id))
        else:
            title = ctx.t("rules-title", org=org.name(ctx.t.lang))
            rules = (org.rules_en if ctx.t.lang == "en" else org.rules_fa) or ctx.t("rules-default")
            await ctx.position.set(Position(RULES, app.name))
        accept = app.rules.button if app.rules is not None else "btn-accept-rules"
        ctx.ui.send(
            ctx.chat_id,
            title + "\n\n" + rules,
            inline(
                [button(ctx.t(accept), AppCb(act="rules", app=app.name))],
                [button(ctx.t("btn-menu"), AppCb(act="menu", app=app.name))],
            ),
        )

    async def on_rules_text(self, message: Message, ctx: Ctx) -> None:
        position = await ctx.position.get()
        own = position is not None and position.app in self.applications and self.application(position.app).rules
        if own or not ctx.user.rules_accepted:  # else accepted from another message meanwhile
            ctx.send("rules-press-accept")
        await self.show_current(ctx)

    # ---- buttons outside the forms: rules, confirm, edit a section ------------------------------

    # which steps each button belongs to: it counts only there (a second tap on "submit" submits nothing)
    STEPS_OF = MappingProxyType(
        {"rules": (RULES,), "gate": (GATE,), "confirm": (PREVIEW,), "section": (PREVIEW, CONFIRM), "submit": (CONFIRM,)}
    )

    async def on_button(self, query: CallbackQuery, callback_data: AppCb, ctx: Ctx) -> None:
        """The buttons outside the forms: the rules' "accept", the gate's "yes"/"no", the preview's
        "on", the confirmation's "submit" and "edit section"; "menu" and the offer of another
        application (navigation) anywhere."""
        message = query.message if isinstance(query.message, Message) else None
        app = self.applications.get(callback_data.app)
        act = callback_data.act
        if act == "menu":
            ctx.ui.answer(query)
            await self.home(ctx)
            return
        if app is not None and act == "offer":
            ctx.ui.answer(query)
            await ctx.position.clear()
            await self.resume(ctx, app.name)
            return
        position = await ctx.position.get()
        at_its_step = position is not None and position.step in self.STEPS_OF.get(act, ())
        if app is None or position is None or position.app != app.name or not at_its_step:
            await self.stale(ctx, query)
            return
        if act == "rules" and app.rules is not None:
            await self.accept_own_rules(ctx, app, app.rules, query, message, position)
            return
        if act == "rules":
            ctx.ui.answer(query)
            await people.accept_rules(ctx.session, ctx.user.id)
            ctx.user = replace(ctx.user, rules_accepted=True)
            ctx.ui.close_question(message, ctx.chat_id, ctx.t("rules-accepted"))
            await ctx.position.clear()
            await self.resume(ctx, app.name)
            return
        if act == "gate":
            ctx.ui.answer(query)
            ctx.ui.close_question(message, ctx.chat_id, ctx.t(app.gate.question) if app.gate else "")
            await self.on_gate(ctx, app, callback_data.arg)
            return
        case = await self.open_case(ctx, app)
        if case is None or case.id != position.case or not app.editable(case):
            await self.stale(ctx, query)
            return
        ctx.ui.answer(query)
        if act == "section":
            await self.open_section(ctx, app, case, callback_data.arg)
        elif act == "submit":
            await self.submit(ctx, app, case)
        else:
            await self.show_confirm(ctx, app, case)

    async def accept_own_rules(
        self, ctx: Ctx, app: Application, rules: OwnRules, query: CallbackQuery, message: Message | None, at_: Position
    ) -> None:
        """The application's declaration accepted: its answer in the file (the form it belongs to
        does not ask it again, nor count it), then on to the file's first question."""
        case = await self.open_case(ctx, app)
        if case is None or case.id != at_.case or not app.editable(case):
            await self.stale(ctx, query)
            return
        ctx.ui.answer(query)
        await cases.save_answer(ctx.session, case.id, rules.section, rules.field, True)
        section = app.section(rules.section)
        file = await cases.case_file(ctx.session, case.id)
        if section is not None and file is not None:
            given = prefilled(file, section.form.name)
            given += [rules.field] if rules.field not in given else []
            await cases.save_answer(ctx.session, case.id, PREFILLED, section.form.name, ",".join(given))
        ctx.ui.close_question(message, ctx.chat_id, ctx.t(rules.done))
        await ctx.position.clear()
        await self.resume(ctx, app.name)

    async def stale(self, ctx: Ctx, query: CallbackQuery) -> None:
        ctx.ui.answer(query, ctx.t("stale-button"))
        await self.show_current(ctx)

    async def open_section(self, ctx: Ctx, app: Application, case: CaseInfo, key: str) -> None:
        section = app.section(key)
        if section is None:
            await self.resume(ctx, app.name)
            return
        await self.forms.review(ctx, section.form, Ref(app.name, case.id))

    # ---- confirm and submit ----------------------------------------------------------------------

    async def show_confirm(self, ctx: Ctx, app: Application, case: CaseInfo) -> None:
        t = ctx.t
        file = await cases.case_file(ctx.session, case.id)
        assert file is not None
        await ctx.position.set(Position(CONFIRM, app.name, case=case.id))
        if app.preview is not None:  # issue 29: at the confirmation, not a screen of its own to press on from
            for chunk in chunks(app.preview.text(t, file, ctx.services.org_of_file(file))):
                ctx.ui.send(ctx.chat_id, chunk)
        for chunk in chunks(t(app.texts.confirm_title) + "\n\n" + render_file(t, app, file)):
            ctx.ui.send(ctx.chat_id, chunk)
        question = t(app.texts.confirm_question)
        org = self._own_rules_org(ctx, app, file)
        if org is not None:  # the province's own rules, accepted by submitting (issue 25)
            rules = org.rules_en if t.lang == "en" else org.rules_fa
            for chunk in chunks(t("rules-title", org=org.name(t.lang)) + "\n\n" + rules):
                ctx.ui.send(ctx.chat_id, chunk)
            question = t("confirm-province-rules", org=org.name(t.lang)) + "\n" + question
        edit_buttons = self._edit_buttons(t, app, file)
        ctx.ui.send(
            ctx.chat_id,
            question,
            inline(
                [button(t(app.texts.confirm_button), AppCb(act="submit", app=app.name))],
                *rows(edit_buttons, 2),
                [button(t("btn-menu"), AppCb(act="menu", app=app.name))],
            ),
        )

    @staticmethod
    def _own_rules_org(ctx: Ctx, app: Application, file: CaseFile) -> Organization | None:
        """The organization of the file's province when it has rules of its own that the applicant
        has not been shown: in an application whose province is chosen in it, the organization's
        rules come before the choice (they were the deployment's), so the chosen province's are
        shown with the confirmation instead."""
        if app.rules is not None or not app.chooses_province or not ctx.services.tenants:
            return None  # the others were shown their membership province's rules before their file
        org = ctx.services.org_of_file(file)
        lang = ctx.t.lang
        own = org.rules_en if lang == "en" else org.rules_fa
        shown = ctx.services.org.rules_en if lang == "en" else ctx.services.org.rules_fa
        return org if own and own != shown else None

    async def on_confirm_text(self, message: Message, ctx: Ctx) -> None:
        position = await ctx.position.get()
        app = self.application(position.app if position else "")
        ctx.send(app.texts.confirm_press)
        await self.show_current(ctx)

    async def submit(self, ctx: Ctx, app: Application, case: CaseInfo) -> None:
        """spec §3: submit (or resubmit) → tracking code, a printable receipt, the staff chat."""
        t = ctx.t
        file = await cases.case_file(ctx.session, case.id)
        assert file is not None
        for section in app.sections:
            if section.applies(file) and app.missing(file, section.key):
                ctx.send(app.texts.incomplete, section=section.label(t.lang))
                await self.open_section(ctx, app, case, section.key)
                return
        if app.before_submit is not None:
            await app.before_submit(ctx, file)
        action = Action.RESUBMIT if case.status == Status.RETURNED else Action.SUBMIT
        done = await act(ctx, case, action, Actor.applicant(), expected_version=case.version)
        await people.lock_identity(ctx.session, case.applicant_id)
        await ctx.position.clear()
        submitted = await cases.case_file(ctx.session, case.id)
        assert submitted is not None
        ctx.send(app.texts.submitted, code=submitted.case.tracking_code)
        # issue 27: each submission's receipt has its code; a resubmission's supersedes the last
        printout = await stamp(
            ctx,
            app.receipt(submitted, t, ctx.services.org_of(submitted.case.province)),
            case_id=case.id,
            kind=RECEIPT,
            number=submitted.case.tracking_code,
            source=f"receipt:{case.id}:{done.event.id}",
        )
        ctx.ui.send_rendered(  # rendered after the commit: the staff chat's card goes first (issue 23)
            ctx.chat_id,
            lambda: render(printout),
            f"receipt-{submitted.case.tracking_code}.pdf",
            t(app.texts.receipt_caption),
        )
        await self.on_submitted(ctx, submitted.case)
        await self.home(ctx)

    # ---- staff's side of the loop --------------------------------------------------------------

    def returnable(self, t: Translator, file: CaseFile) -> list[tuple[str, str]]:
        return returnable(t, self.of_kind(file.case.kind), file)

    def note_key(self, file: CaseFile, key: str) -> str | None:
        return note_key(self.of_kind(file.case.kind), file, key)

    async def reopen(self, ctx: Ctx, case: CaseInfo, keys: Iterable[str]) -> None:
        await reopen(ctx, self.of_kind(case.kind), case, keys)

    def note_lines(self, t: Translator, kind: str, notes: Mapping[str, str]) -> str:
        return note_lines(t, self.of_kind(kind), notes)

    def continue_label(self, t: Translator, kind: str) -> str:
        """The main menu's button that takes the applicant back to a file of ``kind``."""
        return t(self.of_kind(kind).texts.menu_continue)

    def item_label(self, kind: str, key: str, lang: str) -> str:
        return item_label(self.of_kind(kind), key, lang)

    def render_file(self, t: Translator, file: CaseFile) -> str:
        return render_file(t, self.of_kind(file.case.kind), file)

    def router(self) -> Router:
        router = Router(name="applications")
        router.message.filter(InPrivate())  # applicant dialogs only in a private chat
        router.callback_query.filter(InPrivate())
        router.callback_query.register(self.on_button, AppCb.filter())
        router.message.register(self.on_rules_text, at(RULES))
        router.message.register(self.on_gate_text, at(GATE))
        router.message.register(self.on_preview_text, at(PREVIEW))
        router.message.register(self.on_confirm_text, at(CONFIRM))
        router.include_router(self.forms.router())
        return router


__all__ = [
    "CONFIRM",
    "DOCUMENT_KEY",
    "GATE",
    "PREVIEW",
    "RULES",
    "Application",
    "ApplicationEngine",
    "CoreRules",
    "Gate",
    "OwnRules",
    "Prefill",
    "Prefilled",
    "Preview",
    "Section",
    "Texts",
]
