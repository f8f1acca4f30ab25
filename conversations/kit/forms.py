"""Forms as data: a form is a titled, ordered list of fields over a store that keeps its answers.

Every accepted answer is written at once (``FormStore.save``), so where a person is can always be
found again from the database. A store also reads a form's answers out of a case file without
the database (``FormStore.pick``): the applicant's summaries and the staff's view of a file are
the same pure rendering (``Form.text``) over one repository read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from conversations.kit.fields import Answers, Condition, Field, FieldsSource, Locked, Refused, always, label_of, show
from conversations.kit.i18n import Translator
from conversations.kit.uploads import StoredAnswer, save_field_document
from scoring import document_slot, slot_kind
from storage import cases
from storage.cases import CaseFile

if TYPE_CHECKING:
    from conversations.kit.context import Ctx, Organization


PREFILLED = "prefilled"  # the draft's record of the answers the bot gave for a new file: form → "name,name"


def prefilled(file: CaseFile | None, form: str) -> list[str]:
    """The fields of ``form`` the bot answered for the applicant (``PREFILLED``)."""
    value = file.section(PREFILLED).get(form) if file is not None else None
    return [name for name in str(value or "").split(",") if name]


@dataclass(frozen=True)
class Ref:
    """Which answers a form fills: of which application, case and (in a list) item."""

    app: str = ""
    case: int | None = None
    item: int | None = None
    version: int = 0  # what the answers change, at the version it was shown (0: no guard)


@dataclass(frozen=True)
class Loaded:
    """A form's answers, and the file they belong to (None for forms outside a case)."""

    answers: Answers
    file: CaseFile | None
    version: int = 0  # the version a store guards its changes with (0: none)
    org: Organization | None = None  # the file's organization, for what it renders (its rules, issue 25)


class FormStore(Protocol):
    def pick(self, file: CaseFile, ref: Ref) -> Answers:
        """The form's answers as the file holds them (pure)."""
        ...

    async def load(self, ctx: Ctx, ref: Ref) -> Loaded: ...

    async def save(self, ctx: Ctx, ref: Ref, field: Field, value: Any) -> None: ...

    async def clear(self, ctx: Ctx, ref: Ref, names: Sequence[str]) -> None: ...


@dataclass(frozen=True)
class Sheet:
    """Fields of a form an applicant may give in one message (issue 29: a project in one answer):
    the question shows a short labelled form, one fact per line; each line is validated as its
    question would validate it, what is valid is kept, and only what is missing or refused is asked
    again, one at a time, with its reason. A button asks them one at a time from the start."""

    fields: tuple[str, ...]  # in the order of the form
    intro: str  # text key: what to send (above the labelled lines)


@dataclass(frozen=True)
class Form:
    name: str
    title: str  # Fluent key
    fields: FieldsSource
    store: FormStore
    done_label: str = "btn-save-next"
    summary: bool = True  # show a summary with "edit" buttons before done
    locked: Locked | None = None  # no more edits (e.g. identity after the first submission)
    env: Callable[[CaseFile | None], Mapping[str, Any]] | None = None  # facts a parser may use
    every: Sequence[Field] = ()  # when ``fields`` computes them: every field it may ask
    progress: bool = True  # a question says "n of total"
    render: Callable[[Translator, Loaded, Ref], str] | None = None  # its summary's text, if not a line per field
    toast: str = ""  # staff forms: a press that changed something is answered with this; a refusal, as an alert
    in_place: bool = False  # the next question or summary replaces the message that was answered
    opens_at_summary: bool = False  # it opens, and comes back after every answer, at its summary
    leave: str = ""  # a button under every question that leaves the form where its "done" leads (a text key)
    # after its last question: its summary when this holds of the answers; otherwise straight on
    # (issue 29: a summary only where it saves a correction — the final confirmation shows and
    # edits every section); opened again (edit, resume) it always opens at its summary
    recap: Condition = always
    sheet: Sheet | None = None  # fields answerable in one message

    def all_fields(self) -> Sequence[Field]:
        """Every field the form may ask (for checks such as "each has its texts")."""
        return self.every if callable(self.fields) else self.fields

    def field_list(self, answers: Mapping[str, Any], file: CaseFile | None) -> Sequence[Field]:
        if callable(self.fields):
            return self.fields(answers, file)
        return self.fields

    def applicable(self, answers: Mapping[str, Any], file: CaseFile | None) -> list[Field]:
        return [f for f in self.field_list(answers, file) if f.when(answers)]

    def counter(
        self, f: Field, answers: Mapping[str, Any], file: CaseFile | None, *, plain: bool = False
    ) -> tuple[int, int]:
        """ "Question n of total" for ``f`` (issue 29): the total counts the questions this person is
        asked, known before the first — a question that applies whatever was answered, and that
        the bot did not answer for them (``PREFILLED``). A question that applies only because of an
        answer (insurance: its type; an amount: its document) follows it and shares its number, so
        the total never grows as answers arrive and no number is skipped. A sheet is one question
        (its facts asked again share its number) unless the applicant chose them one at a time
        (``plain``)."""
        given = prefilled(file, self.name)
        applicable = self.applicable(answers, file)
        in_sheet = [x.name for x in applicable if self.sheet is not None and not plain and x.name in self.sheet.fields]
        target = in_sheet[0] if f.name in in_sheet else f.name
        counted = [
            x for x in applicable if x.when({}) and not x.follows and x.name not in given and x.name not in in_sheet[1:]
        ]
        names = [x.name for x in applicable]
        before = names[: names.index(target)] if target in names else names
        number = sum(1 for x in counted if x.name in before) + (1 if any(x.name == target for x in counted) else 0)
        return max(number, 1), max(len(counted), 1)

    def lines(self, t: Translator, answers: Mapping[str, Any], file: CaseFile | None) -> list[str]:
        """A line per field that applies: its label and its value."""
        return [
            t("summary-line", label=label_of(f, t), value=show(f, answers, t, file))
            for f in self.applicable(answers, file)
        ]

    def text(self, t: Translator, answers: Mapping[str, Any], file: CaseFile | None) -> str:
        """The form's summary: its title and a line per field that applies."""
        return "\n".join([t("summary-title", form=t(self.title)), *self.lines(t, answers, file)])

    def summary_text(self, t: Translator, loaded: Loaded, ref: Ref) -> str:
        if self.render is not None:
            return self.render(t, loaded, ref)
        return self.text(t, loaded.answers, loaded.file)


async def read_file(ctx: Ctx, case_id: int | None) -> CaseFile:
    found = await cases.case_file(ctx.session, case_id, ctx.services.parts) if case_id is not None else None
    if found is None:
        raise Refused("no-open-file")
    return found


def received(file: CaseFile, ref: str | None) -> dict[str, Any]:
    """The documents received for the case (``ref`` None) or for one item, by kind: ``True``."""
    out: dict[str, Any] = {}
    for doc in file.documents:
        kind = slot_kind(doc.slot)
        if document_slot(kind, ref) == doc.slot:
            out[kind] = True
    return out


@dataclass(frozen=True)
class SectionStore:
    """A section's answers in the case's draft; file fields go to the documents table."""

    section: str
    documents: bool = False  # the form asks for documents of the case

    def pick(self, file: CaseFile, ref: Ref) -> Answers:
        answers = dict(file.section(self.section))
        if self.documents:
            answers.update(received(file, None))
        return answers

    async def load(self, ctx: Ctx, ref: Ref) -> Loaded:
        file = await read_file(ctx, ref.case)
        return Loaded(self.pick(file, ref), file)

    async def save(self, ctx: Ctx, ref: Ref, field: Field, value: Any) -> None:
        if ref.case is None:
            raise Refused("no-open-file")
        if isinstance(value, StoredAnswer):
            await save_field_document(ctx, ref.case, field, None, value)
            return
        await cases.save_answer(ctx.session, ref.case, self.section, field.name, value)

    async def clear(self, ctx: Ctx, ref: Ref, names: Sequence[str]) -> None:
        if ref.case is not None:
            await cases.delete_answers(ctx.session, ref.case, self.section, list(names))
