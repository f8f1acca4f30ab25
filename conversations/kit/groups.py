"""Repeated groups: a field whose answer is a list of items, each item a form of its own
(a degree, a family member, a project of worksheet 4).

The engine shows the group's list screen (a line per item with edit and remove, add, done) and
asks each item's form; at least ``min_items`` and at most ``max_items`` items, each complete by
the core's rules (``missing``), before "done" is accepted.

    list ─add→ item form (questions → summary ─save→ list) ─back from its first question→ list
    list ─edit n→ item form;  list ─remove n→ list;  list ─done (complete)→ the form goes on
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from conversations.kit.fields import Answers, Field, InputKind, Refused
from conversations.kit.forms import Form, FormStore, Loaded, Ref, read_file, received
from conversations.kit.i18n import Translator
from conversations.kit.uploads import StoredAnswer, save_field_document
from storage.cases import Answer, CaseFile

if TYPE_CHECKING:
    from conversations.kit.context import Ctx


class Row(Protocol):
    """One stored item: its id and its answers (the core's view, id included)."""

    @property
    def id(self) -> int: ...

    def answers(self) -> dict[str, Answer]: ...


@dataclass(frozen=True)
class Rows:
    """Where a group's items live: child rows of the case (a repository's functions)."""

    of: Callable[[CaseFile], Sequence[Row]]
    add: Callable[[AsyncSession, int], Awaitable[int]]
    update: Callable[..., Awaitable[None]]  # (session, case id, item id, **values)
    remove: Callable[[AsyncSession, int, int], Awaitable[None]]


# (t, position from 1, the item's answers, complete?, the file) → one line of the list
ItemLine = Callable[[Translator, int, Mapping[str, Any], bool, CaseFile], str]
ItemMissing = Callable[[Mapping[str, Any], int, CaseFile], list[str]]


@dataclass(frozen=True)
class Group:
    item: Form  # each item's form (its store: ``ItemStore(rows)``)
    rows: Rows
    missing: ItemMissing  # the core: what one item (answers with its id, position from 0) lacks
    line: ItemLine
    title: str  # text keys of the list screen
    empty: str
    add_label: str
    incomplete: str  # said when "done" is pressed too early
    done_label: str = "btn-save-next"
    min_items: int = 0
    max_items: int | None = None
    heading: str = ""  # the full summary: a heading per item, then its fields …
    summary_line: ItemLine | None = None  # … or one line per item

    def items(self, file: CaseFile) -> Sequence[Row]:
        return self.rows.of(file)

    def incomplete_items(self, file: CaseFile) -> list[Row]:
        return [row for n, row in enumerate(self.items(file)) if self.missing(row.answers(), n, file)]

    def complete(self, file: CaseFile) -> bool:
        count = len(self.items(file))
        if count < self.min_items or (self.max_items is not None and count > self.max_items):
            return False
        return not self.incomplete_items(file)

    def can_add(self, file: CaseFile) -> bool:
        return self.max_items is None or len(self.items(file)) < self.max_items

    def text(self, t: Translator, file: CaseFile) -> str:
        """The group in a full summary (pure)."""
        lines = [t(self.title)]
        for n, row in enumerate(self.items(file), start=1):
            answers = row.answers()
            if self.summary_line is not None:
                lines.append(self.summary_line(t, n, answers, not self.missing(answers, n - 1, file), file))
                continue
            item = self.item.store.pick(file, Ref(case=file.case.id, item=row.id))
            lines.append("\n".join([t(self.heading, n=t.digits(n)), *self.item.lines(t, item, file)]))
        if not self.items(file):
            lines.append(t(self.empty))
        return "\n".join(lines)


def list_form(name: str, title: str, field: str, group: Group, store: FormStore) -> Form:
    """A form that is one repeated group (a section such as education): its list screen is its
    question, and "done" on the list is the form's "save and next"."""
    return Form(name, title, (Field(field, InputKind.GROUP, group=group),), store, summary=False)


@dataclass(frozen=True)
class ItemStore:
    """One item of a group: a child row of the case, and its documents (slot ``kind:item``)."""

    rows: Rows

    def pick(self, file: CaseFile, ref: Ref) -> Answers:
        row = next((r for r in self.rows.of(file) if r.id == ref.item), None)
        if row is None:
            return {}
        answers: Answers = {k: v for k, v in row.answers().items() if v is not None and k != "id"}
        answers.update(received(file, str(ref.item)))
        return answers

    async def load(self, ctx: Ctx, ref: Ref) -> Loaded:
        file = await read_file(ctx, ref.case)
        return Loaded(self.pick(file, ref), file)

    async def save(self, ctx: Ctx, ref: Ref, field: Field, value: Any) -> None:
        if ref.case is None or ref.item is None:
            raise Refused("no-open-file")
        if isinstance(value, StoredAnswer):
            await save_field_document(ctx, ref.case, field, ref.item, value)
            return
        await self.rows.update(ctx.session, ref.case, ref.item, **{field.name: value})

    async def clear(self, ctx: Ctx, ref: Ref, names: Sequence[str]) -> None:
        if ref.case is None or ref.item is None:
            return
        await self.rows.update(ctx.session, ref.case, ref.item, **dict.fromkeys(names))
