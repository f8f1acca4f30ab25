"""The vocabulary of a form declaration: a field is one line — its name, input kind, parser from
``scoring``, when it applies, its choices — and its texts are ``q-<name>`` (the question) and
``f-<name>`` (the label in summaries) unless it names others.

How a saved value is shown (``show``) is a pure function of the value, the reader's language and
the file it belongs to, so the applicant's summaries and the staff's view of a file are rendered
from data alike.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from conversations.kit.i18n import Translator
from conversations.kit.keyboards import Choice
from scoring import document_slot, provinces
from scoring.normalize import persian_sort_key
from scoring.requirements import Requirement
from storage.cases import CaseFile

if TYPE_CHECKING:
    from conversations.kit.context import Ctx, Organization
    from conversations.kit.groups import Group

Answers = dict[str, Any]


class InputKind(StrEnum):
    """How a field is answered."""

    TEXT = "text"
    CHOICE = "choice"
    MULTI = "multi"  # several of its choices, ticked one by one, then "done"
    YES_NO = "yes_no"
    CONFIRM = "confirm"  # a commitment: one "I accept" button
    CONTACT = "contact"
    DATE = "date"
    PHOTO = "photo"  # an image (photo or image file)
    DOCUMENT = "document"  # an image or a PDF
    GROUP = "group"  # a repeated group: a list of items, each a form (``groups.Group``)


FILE_KINDS = (InputKind.PHOTO, InputKind.DOCUMENT)


@dataclass(frozen=True)
class Env:
    """What a parser may look at besides the text: this form's answers and facts of the file."""

    answers: Mapping[str, Any]
    extra: Mapping[str, Any]


Parser = Callable[[str, Env], Any]
Condition = Callable[[Mapping[str, Any]], bool]
PromptArgs = Callable[[Translator, Mapping[str, Any], CaseFile | None], dict[str, Any]]
OrgArgs = Callable[[Translator, "Organization", Mapping[str, Any]], Mapping[str, Any]]  # with the answers
Check = Callable[[Any, Env], None]  # raises InvalidInput or Refused: a value that cannot be taken


def always(_: Mapping[str, Any]) -> bool:
    return True


def never(_: Mapping[str, Any]) -> bool:
    return False


# the one answer a question can have for this applicant, if there is one (a province with a single
# active office): the engine answers it, says so, and the summary still offers to change it
Sole = Callable[["Ctx", Mapping[str, Any]], Awaitable[str | None]]


class Refused(Exception):
    """A value refused (not the kind of input asked for, or a store said no, e.g. a national code
    claimed by someone else): the key of the reason."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)


class Choices(Protocol):
    """The options of a choice question, and how a chosen value reads."""

    async def options(self, ctx: Ctx, answers: Mapping[str, Any]) -> Sequence[Choice]: ...

    def label(self, value: str, t: Translator, file: CaseFile | None) -> str: ...


def names_in_every_language(
    choices: Choices, options: Sequence[Choice], translators: Iterable[Translator], file: CaseFile | None
) -> list[tuple[str, tuple[str, ...]]]:
    """Each option's value with every name it goes by: the label shown, then how it reads in each
    language — so «Tehran» typed by a Persian reader, or «تهران» by an English one, is the province
    (issue 29), while the buttons and the reply stay in the reader's language."""
    readers = tuple(translators)
    return [
        (c.value, tuple(dict.fromkeys((c.label, *(choices.label(c.value, t, file) for t in readers))))) for c in options
    ]


@dataclass(frozen=True)
class EnumChoices:
    enum: type[Enum]

    async def options(self, ctx: Ctx, answers: Mapping[str, Any]) -> Sequence[Choice]:
        return [Choice(str(m.value), self.label(str(m.value), ctx.t, None)) for m in self.enum]

    def label(self, value: str, t: Translator, file: CaseFile | None) -> str:
        return enum_label(self.enum, value, t.lang)


class ProvinceChoices:
    """Iran's 31 provinces, the organization's own first (issue 29), then each language's
    alphabetical order. ``served_only``: only the provinces whose organization this deployment
    runs, when it runs several (PROVINCES_FILE; the membership file's own province, issue 25)."""

    def __init__(self, *, served_only: bool = False) -> None:
        self.served_only = served_only

    async def options(self, ctx: Ctx, answers: Mapping[str, Any]) -> Sequence[Choice]:
        everyone = province_options(ctx.t, ctx.services.served)
        if self.served_only and ctx.services.tenants:
            return [c for c in everyone if c.value in ctx.services.served]
        return everyone

    def label(self, value: str, t: Translator, file: CaseFile | None) -> str:
        return province_label(value, t.lang)


def province_options(t: Translator, first: Sequence[str] = ()) -> list[Choice]:
    """Every province: those of ``first`` (the organization's own, in that order), then the rest
    alphabetically in the reader's language."""
    key = (lambda p: persian_sort_key(p.fa)) if t.lang == "fa" else (lambda p: (p.en,))
    rest = [Choice(p.iso, p.label(t.lang)) for p in sorted(provinces(), key=key) if p.iso not in first]
    return [Choice(iso, province_label(iso, t.lang)) for iso in first] + rest


def province_label(iso: object, lang: str) -> str:
    found = next((p for p in provinces() if p.iso == iso), None)
    return found.label(lang) if found else "—"


def labeller(enum: type[Enum]) -> Callable[[str, str], str]:
    """(value, language) → the label of a member of ``enum``; an unknown value reads as itself
    (e.g. a document kind of another application)."""

    def label(value: str, lang: str) -> str:
        return enum_label(enum, value, lang) if value in enum._value2member_map_ else value

    return label


def enum_label(enum: type[Enum], value: object, lang: str) -> str:
    try:
        return str(enum(value).label(lang))  # type: ignore[attr-defined]
    except ValueError:
        return "—"


@dataclass(frozen=True)
class Shortcut:
    """A button on a form's summary that sets a field at once (e.g. "accepted as claimed"):
    ``value`` from the form's answers and file; ``args`` for its label."""

    label: str  # text key
    value: Callable[[Mapping[str, Any], CaseFile | None], Any]
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Carried:
    """Another field's answer that a typed answer may carry (issue 29: a postal code at the end of
    its address): ``take`` splits the text into the rest and that value, or returns None."""

    field: str
    take: Callable[[str], tuple[str, Any] | None]


@dataclass(frozen=True)
class Field:
    name: str
    kind: InputKind
    parse: Parser | None = None
    choices: Choices | None = None
    when: Condition = always
    optional: bool = False
    document: str | None = None  # PHOTO/DOCUMENT: the document kind it stores (default: the name)
    prompt: str = ""  # Fluent key of the question (default q-<name>)
    label: str = ""  # Fluent key of the summary label (default f-<name>)
    prompt_args: PromptArgs | None = None
    resets: tuple[str, ...] = ()  # answers that no longer hold when this one changes
    group: Group | None = None  # GROUP: the list it asks for
    max_length: int = 300  # TEXT, DATE: longer typed text is refused before it is parsed or stored
    several: bool = False  # PHOTO/DOCUMENT: several files (every page: photos one by one, or one PDF)
    min_files: int = 1  # with ``several``: how many files at least (two 3×4 photos)
    sides: bool = False  # with ``several``: a card's two sides — two different images, or one PDF of both
    carries: Carried | None = None  # TEXT: another field's answer the typed text may end with (a postal code)
    follows: bool = False  # asked only when the answer before it did not give it: shares that question's number
    document_ref: str | None = None  # PHOTO/DOCUMENT: the thing of the section it belongs to (a finance item)
    check: Check | None = None  # refuses a value however it came (typed or pressed), with the reason
    caption: Callable[[str], str] | None = None  # its label by language, when data names it (a rules file)
    display: Callable[[Any, Translator], str] | None = None  # how its value reads, if not as typed
    org_args: OrgArgs | None = None  # the question names the organization's settings (a fee, an account)
    attachment: bool = False  # TEXT: or a photo or PDF with the text as its caption
    shortcuts: tuple[Shortcut, ...] = ()  # buttons on the form's summary that set it at once
    done_label: str = "btn-multi-done"  # MULTI: the button that ends the ticking
    pick_one: str = "multi-pick-one"  # MULTI: the reason "done" with nothing ticked is refused
    editable: bool = True  # its summary offers "edit" (False: only its shortcuts set it)
    button: str = ""  # the text key of its "edit" button on the summary (default: ✏️ and its label)
    label_args: Mapping[str, Any] = field(default_factory=dict)  # for its label and button (e.g. an item's number)
    columns: int = 2  # CHOICE: buttons a row
    paged: bool = True  # CHOICE: a long list in pages (False: every option at once, e.g. marks 0–10)
    sole: Sole | None = None  # CHOICE: answered for the applicant when it has only one answer (issue 29)

    @property
    def prompt_key(self) -> str:
        return self.prompt or f"q-{self.name}"

    @property
    def label_key(self) -> str:
        return self.label or f"f-{self.name}"

    @property
    def document_kind(self) -> str:
        return self.document or self.name

    @property
    def text_keys(self) -> tuple[str, ...]:
        """The texts this field needs in every language (checked by a test)."""
        if self.kind == InputKind.GROUP:
            return (self.label_key,)
        own = (self.prompt_key,) if self.caption is not None else (self.prompt_key, self.label_key)
        if self.button:
            own = (*own, self.button)
        if self.kind == InputKind.MULTI:
            own = (*own, self.done_label, self.pick_one)
        return (*own, *(s.label for s in self.shortcuts))


def label_of(f: Field, t: Translator) -> str:
    """A field's label in summaries and on its edit button."""
    return f.caption(t.lang) if f.caption is not None else t(f.label_key, **f.label_args)


def edit_button_text(f: Field, t: Translator) -> str:
    """The text of a field's "edit" button on its form's summary."""
    return t(f.button, **f.label_args) if f.button else t("btn-edit", label=label_of(f, t))


def slot_of(f: Field, item: int | None) -> str:
    """The document slot a file field fills: of the section, of a thing of the section (a finance
    item), or of the list item it is asked for (a project's document)."""
    ref = f.document_ref if f.document_ref is not None else (str(item) if item is not None else None)
    return document_slot(f.document_kind, ref)


def required(requirements: Sequence[Requirement]) -> Callable[..., Field]:
    """A factory of the fields of a section whose condition is the core's requirement of the same
    name: "what is asked" and "what is complete" cannot disagree, and a field the core does not
    know is an error at import, not a question that is never complete."""
    by_name = {r.name: r for r in requirements}

    def make(name: str, kind: InputKind, parse: Parser | None = None, **kwargs: Any) -> Field:
        return Field(name, kind, parse, when=by_name[name].applies, **kwargs)

    return make


def is_answered(answers: Mapping[str, Any], f: Field) -> bool:
    if f.name not in answers:
        return False
    value = answers[f.name]
    if value is None or value == "":
        return f.optional
    return True


def show(f: Field, answers: Mapping[str, Any], t: Translator, file: CaseFile | None) -> str:
    """A saved value as people read it (pure: the same for the applicant and for staff)."""
    value = answers.get(f.name)
    if value is None or value == "":
        return t("value-skipped") if f.name in answers and f.optional else "—"
    if f.display is not None:
        return f.display(value, t)
    if f.kind in (InputKind.YES_NO, InputKind.CONFIRM):
        return t.yes_no(value)
    if f.kind == InputKind.DATE:
        return t.date(value)
    if f.kind in FILE_KINDS:
        count = file.received_count.get(slot_of(f, None), 0) if file is not None and f.several else 0
        return t("documents-received", n=t.digits(count)) if count > 1 else t("document-received")
    if f.kind == InputKind.CHOICE and f.choices is not None:
        return f.choices.label(str(value), t, file)
    if f.kind == InputKind.MULTI and f.choices is not None and isinstance(value, list):
        choices = f.choices
        return t.join(choices.label(str(v), t, file) for v in value)
    if isinstance(value, dict):  # a note with its attachment
        return str(value.get("text", ""))
    return t.typed(value)  # issue 29: «کوچه ۱۲، پلاک ۳» as typed, not «کوچه 12، پلاک 3»


FieldsSource = Sequence[Field] | Callable[[Mapping[str, Any], CaseFile | None], Sequence[Field]]
Locked = Callable[["Ctx"], Awaitable[bool]]
