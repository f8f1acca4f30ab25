"""Where a user is in a dialog: the one interface to it.

Every read and write of "where the user is" (the step, the application and form, the item, the
field, the edit flag, the page) goes through ``PositionStore``; routers filter on the step with
``at(...)``. Today aiogram's FSM storage (memory or Redis) backs it; moving the position into
the database means changing this module only. Answers never live here: they are in the draft.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseStorage, StorageKey


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


_NAMES = {f.name for f in fields(Position)} - {"step"}


class PositionStore:
    def __init__(self, state: FSMContext) -> None:
        self._state = state

    @classmethod
    def of_chat(cls, storage: BaseStorage, bot_id: int, chat_id: int, user_id: int) -> PositionStore:
        """The position of a user in another chat (e.g. a reviewer's private chat)."""
        return cls(FSMContext(storage, StorageKey(bot_id=bot_id, chat_id=chat_id, user_id=user_id)))

    async def get(self) -> Position | None:
        step = await self._state.get_state()
        if step is None:
            return None
        data: dict[str, Any] = await self._state.get_data()
        return Position(step, **{k: v for k, v in data.items() if k in _NAMES})

    async def set(self, position: Position) -> None:
        await self._state.set_state(position.step)
        await self._state.set_data({k: v for k, v in asdict(position).items() if k != "step"})

    async def clear(self) -> None:
        await self._state.clear()


def at(*steps: str) -> StateFilter:
    """A router filter: the user is at one of ``steps``."""
    return StateFilter(*steps)
