"""Annual membership dues, the pure rules (seed 003: "a membership card valid to the end of the
current year + the settlement sheet of the organization's finance"): the first year of a member
is the membership fee they paid; each year after it is owed until a settlement certificate
covers it; what a year costs is the organization's table (settings)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def owed_years(member_since: int, dues_through: int | None, current_year: int) -> list[int]:
    """The Jalali years owed, oldest first: after the membership year and what is settled, up to
    this year (none when settled through it)."""
    settled = max(member_since, dues_through if dues_through is not None else member_since)
    return list(range(settled + 1, current_year + 1))


def unpriced(years: Sequence[int], table: Mapping[int, int]) -> list[int]:
    """The years whose dues the organization has not set (they cannot be paid yet)."""
    return [year for year in years if year not in table]


def total(years: Sequence[int], table: Mapping[int, int]) -> int:
    """What the years cost together, in rials (every year priced: see ``unpriced``)."""
    return sum(table[year] for year in years)
