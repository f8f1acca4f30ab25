"""Where a user is in a dialog: the one interface to it.

Every read and write of "where the user is" (the step, the application and form, the item, the
field, the edit flag, the page) goes through ``PositionStore``; routers filter on the step with
``at(...)``. The position is a column of the messenger user's row (``storage.people``): read with
that row once per update, kept in memory while the update is handled, and written once, in the
update's own transaction, only when it changed. So the question a user was shown last and the
answers they gave can never disagree (a restart, an emptied or restored cache: nothing to lose),
and an answer is applied to the question of the position and nowhere else. Answers never live
here: they are in the draft.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from storage import people


@dataclass(frozen=True)
class Position:
    step: str  # the dialog step, e.g. "form:answering" (the routers' filters name these)
    app: str = ""  # the application the user works on
    form: str = ""
    case: int | None = None
    item: int | None = None  # the item of a repeated group
    field: str = ""
    edit: bool = False  # answering from a summary's "edit"
    page: int = 0
    version: int = 0  # the version of what the answers change, as it was when the question was shown
    plain: bool = False  # a question a form's sheet could ask: asked alone ("one at a time" pressed)

    def to_json(self) -> dict[str, Any]:
        """What the database keeps: the step and what differs from the defaults."""
        defaults = _DEFAULTS
        return {k: v for k, v in asdict(self).items() if k == "step" or v != defaults[k]}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Position | None:
        """A stored position; None for nothing stored or anything this code cannot read (then the
        user is where the database's answers say: the menu, or the draft's first open question)."""
        if not data or not isinstance(data.get("step"), str):
            return None
        values = {k: v for k, v in data.items() if k in _TYPES}
        for name, value in values.items():
            if type(value) is not _TYPES[name] and not (value is None and name in ("case", "item")):
                return None
        return cls(**values)


_DEFAULTS = {f.name: f.default for f in fields(Position) if f.name != "step"}
_TYPES: dict[str, type] = {
    "step": str,
    "app": str,
    "form": str,
    "case": int,
    "item": int,
    "field": str,
    "edit": bool,
    "page": int,
    "version": int,
    "plain": bool,
}


class PositionStore:
    """The position of the user of one update."""

    def __init__(self, loaded: Position | None = None) -> None:
        self._loaded = loaded
        self._current = loaded

    @classmethod
    def of(cls, user: people.UserInfo) -> PositionStore:
        return cls(Position.from_json(user.position))

    @property
    def current(self) -> Position | None:
        return self._current

    @property
    def changed(self) -> bool:
        return self._current != self._loaded

    async def get(self) -> Position | None:
        return self._current

    async def set(self, position: Position) -> None:
        self._current = position

    async def clear(self) -> None:
        self._current = None

    async def save(self, session: AsyncSession, user_id: int) -> None:
        """Write the position in the update's transaction, if it changed (one statement)."""
        if self.changed:
            await people.set_position(session, user_id, self._current.to_json() if self._current else None)
            self._loaded = self._current


class At(Filter):
    """The user is at one of ``steps`` (the position handlers get as ``position``)."""

    def __init__(self, *steps: str) -> None:
        self.steps = frozenset(steps)

    async def __call__(self, event: TelegramObject, position: PositionStore | None = None) -> bool:
        current = position.current if position is not None else None
        return current is not None and current.step in self.steps


def at(*steps: str) -> At:
    """A router filter: the user is at one of ``steps``."""
    return At(*steps)
