"""Staff forms: what a staff member answers in their private chat on a file, run by the same form
engine as the applicant's (parse → refuse with the reason → ask again → summary), their
half-done state in the database (``storage.staff_forms``, the position).

``DraftStore`` keeps the answers of a form that applies once it is done (a return's notes, a
reason, the license issued); an application's own forms that change the file answer by answer
(the builder license's grey part, amounts, marks) have stores of their own that guard each
change with a version. ``note_form`` is the one-question form of a step that needs a note (and,
where it takes one, the photo or PDF it came with).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from conversations.kit.context import Ctx
from conversations.kit.fields import Env, Field, InputKind, Refused
from conversations.kit.forms import Form, Loaded, Ref, read_file
from conversations.kit.i18n import Translator
from conversations.kit.uploads import StoredAnswer
from scoring import InvalidInput
from scoring.normalize import clean_text
from storage import staff_forms
from storage.cases import CaseFile

NOTE_MAX = 500  # characters of a note or reason: the applicant's message quotes it, it must fit in one


@dataclass(frozen=True)
class DraftStore:
    """The answers of staff form ``form``, kept per person and file until it is done."""

    form: str

    def pick(self, file: CaseFile, ref: Ref) -> dict[str, Any]:
        return {}  # a draft is not part of the file

    async def load(self, ctx: Ctx, ref: Ref) -> Loaded:
        file = await read_file(ctx, ref.case)
        answers = await staff_forms.answers(ctx.session, ctx.user.id, file.case.id, self.form)
        return Loaded(answers, file, ref.version)

    async def save(self, ctx: Ctx, ref: Ref, field: Field, value: Any) -> None:
        if ref.case is None:
            raise Refused("no-open-file")
        if isinstance(value, StoredAnswer):
            value = value.to_json()
        await staff_forms.save(ctx.session, ctx.user.id, ref.case, self.form, field.name, value)

    async def clear(self, ctx: Ctx, ref: Ref, names: Sequence[str]) -> None:
        if ref.case is not None:
            await staff_forms.clear(ctx.session, ctx.user.id, ref.case, self.form, names)

    async def forget(self, ctx: Ctx, case_id: int) -> None:
        """The form begins again (opened anew, or done)."""
        await staff_forms.clear(ctx.session, ctx.user.id, case_id, self.form)


def as_written(text: str, env: Env) -> str:
    """A note or reason as staff wrote it (their digits and letters kept): the applicant reads it."""
    cleaned = clean_text(text).strip()
    if not cleaned:
        raise InvalidInput("invalid-text-empty", text)
    return cleaned


def code_args(t: Translator, answers: Mapping[str, Any], file: CaseFile | None) -> dict[str, Any]:
    return {"code": file.case.tracking_code if file is not None else "—"}


def note_form(name: str, prompt: str, *, attachment: bool = False, field: str = "note") -> Form:
    """A step's note (with ``attachment``: or a photo or PDF with the note as its caption)."""
    return Form(
        name,
        "form-staff-note",
        (
            Field(
                field,
                InputKind.TEXT,
                as_written,
                prompt=prompt,
                label="f-staff-note",
                prompt_args=code_args,
                max_length=NOTE_MAX,
                attachment=attachment,
            ),
        ),
        DraftStore(name),
        summary=False,
        progress=False,
    )


@dataclass(frozen=True)
class Note:
    """A note as staff gave it: its text, and the photo or PDF it came with."""

    text: str
    upload: StoredAnswer | None = None

    @classmethod
    def of(cls, value: Any) -> Note:
        if isinstance(value, dict):
            stored = value.get("file")
            return cls(str(value.get("text", "")), StoredAnswer.from_json(stored) if stored else None)
        return cls(str(value or ""))


__all__ = ["NOTE_MAX", "DraftStore", "Note", "as_written", "code_args", "note_form"]
