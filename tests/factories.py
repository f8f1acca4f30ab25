"""Synthetic test data: national codes are generated, never copied from anywhere."""

from __future__ import annotations

import random

from scoring import national_code_check_digit


def make_national_code(first_nine: str | None = None, *, rng: random.Random | None = None) -> str:
    """A valid national code with the given first nine digits (random ones by default)."""
    rng = rng or random.Random()
    while first_nine is None:
        candidate = "".join(rng.choice("0123456789") for _ in range(9))
        if candidate[3:9] != "000000" and len(set(candidate)) > 1:
            first_nine = candidate
    return first_nine + str(national_code_check_digit(first_nine))


def with_prefix(prefix: str, rng: random.Random | None = None) -> str:
    """A valid national code starting with ``prefix`` (3 digits)."""
    rng = rng or random.Random()
    middle = "".join(rng.choice("123456789") for _ in range(9 - len(prefix)))
    return make_national_code(prefix + middle)
