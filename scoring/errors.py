"""The one error type of the core: a rejected input, with a message key for Fluent texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

# a message's variables: numbers and dates stay themselves, printed in the reader's digits and
# calendar by the message (``scoring.messages.fluent_args``), never as Latin text in Persian
Param = str | int | Decimal | dt.date


class InvalidInput(ValueError):
    """A value the core refuses.

    ``key`` names a Fluent message in ``scoring/locales/{fa,en}/core.ftl`` (and the bot's texts);
    ``value`` is what was offered; ``field`` names the input field when the caller knows it;
    ``params`` are the message's variables.
    """

    def __init__(
        self,
        key: str,
        value: object = None,
        *,
        field: str | None = None,
        params: Mapping[str, Param] | None = None,
    ) -> None:
        self.key = key
        self.value = value
        self.field = field
        self.params: dict[str, Param] = dict(params or {})
        super().__init__(key if field is None else f"{field}: {key}")

    def message(self, lang: str = "fa") -> str:
        """The human message in ``lang`` (fa or en)."""
        from scoring.messages import render

        args: dict[str, Param] = {"field": self.field or ""}
        args.update(self.params)
        return render(self.key, lang, args)

    def with_field(self, field: str) -> InvalidInput:
        """The same error, naming the field it came from."""
        return InvalidInput(self.key, self.value, field=field, params=self.params)
