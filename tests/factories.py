"""Synthetic test data: national codes are generated, never copied from anywhere."""

from __future__ import annotations

import random

from scoring import national_code_check_digit, provinces
from storage.encryption import Keyring, new_key_text

# The documents' master key of a test run (FILES_KEY): made when the tests start, never stored.
FILES_KEY = new_key_text()


def keyring() -> Keyring:
    return Keyring.from_texts(FILES_KEY)


# One seeded sequence for the whole run: the same codes on every pytest-xdist worker (test ids
# built from them must match across workers) and from one run to the next (a failure repeats).
_SEQUENCE = random.Random(1403)


def make_national_code(first_nine: str | None = None, *, rng: random.Random | None = None) -> str:
    """A valid national code with the given first nine digits (random ones by default)."""
    rng = rng or _SEQUENCE
    while first_nine is None:
        candidate = "".join(rng.choice("0123456789") for _ in range(9))
        if candidate[3:9] != "000000" and len(set(candidate)) > 1:
            first_nine = candidate
    return first_nine + str(national_code_check_digit(first_nine))


def with_prefix(prefix: str, rng: random.Random | None = None) -> str:
    """A valid national code starting with ``prefix`` (3 digits)."""
    rng = rng or _SEQUENCE
    middle = "".join(rng.choice("123456789") for _ in range(9 - len(prefix)))
    return make_national_code(prefix + middle)


def offices_csv() -> bytes:
    """An offices file with one synthetic office per province (ISO codes and Persian names
    alternating, as the file allows both) and a second one in Tehran with city and active empty."""
    lines = ["province,name,city,active"]
    for n, p in enumerate(provinces()):
        lines.append(f"{p.iso if n % 2 else p.fa},دفتر آزمایشی {p.fa},شهر آزمایشی {n},1")
    lines.append("IR-23,دفتر آزمایشی دوم تهران,,")
    return ("\n".join(lines) + "\n").encode("utf-8")
