"""Verification codes (issue 27): ten characters of an unambiguous alphabet from a keyed MAC, read
back leniently from what a person types; the holder's name masked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.verification import ALPHABET, FIRST, LENGTH, derive_code, grouped, masked_name, read_code

KEY = b"k" * 32


@given(st.text(min_size=1, max_size=60), st.integers(min_value=0, max_value=5))
def test_a_code_is_ten_characters_of_the_alphabet_and_reads_back(source: str, attempt: int) -> None:
    code = derive_code(KEY, source, attempt)
    assert len(code) == LENGTH and set(code) <= set(ALPHABET)
    assert not set(code) & set("ILOU")
    assert code[0].isalpha()  # never read as a number inside Persian text
    assert read_code(grouped(code)) == code
    assert read_code(grouped(code).lower()) == code


def test_a_code_depends_on_the_key_the_document_and_the_attempt() -> None:
    codes = {derive_code(KEY, f"receipt:{n}:1") for n in range(2000)}
    assert len(codes) == 2000  # no sequence: 2000 documents, 2000 codes, none alike
    assert derive_code(KEY, "letter:1") == derive_code(KEY, "letter:1")
    assert derive_code(b"another key, as long as the first", "letter:1") != derive_code(KEY, "letter:1")
    assert derive_code(KEY, "letter:1", 1) != derive_code(KEY, "letter:1")
    # consecutive documents share no visible pattern: their first characters spread over every letter
    assert {derive_code(KEY, f"issued:{n}")[0] for n in range(200)} == set(FIRST)
    assert len({derive_code(KEY, f"issued:{n}")[1] for n in range(200)}) == len(ALPHABET)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("K7Q2M-X9D4T", "K7Q2MX9D4T"),
        ("k7q2m x9d4t", "K7Q2MX9D4T"),
        ("K۷Q۲M–X۹D۴T", "K7Q2MX9D4T"),  # Persian digits, an en dash
        ("K7Q2M-X9D4O", "K7Q2MX9D40"),  # O read as 0
        ("IL000-00000", "1100000000"),  # I and L read as 1
        (" K7Q2MX9D4T ", "K7Q2MX9D4T"),
        ("K7Q2M-X9D4", None),  # nine
        ("K7Q2M-X9D4TT", None),  # eleven
        ("K7Q2M-X9D4U", None),  # U is not in the alphabet
        ("سلام", None),
        ("", None),
    ],
)
def test_what_a_person_types_is_read_leniently(typed: str, read: str | None) -> None:
    assert read_code(typed) == read


@pytest.mark.parametrize(
    ("first", "last", "shown"),
    [("علی", "رضایی", "ع*** رضایی"), ("Sara", "Rahimi", "S*** Rahimi"), (None, "رضایی", "رضایی"), (None, None, "—")],
)
def test_the_holder_is_masked(first: str | None, last: str | None, shown: str) -> None:
    assert masked_name(first, last) == shown
