"""A moment is dated in Iran, wherever the server's clock is: a status changed at 21:00 UTC on 7
December 2026 is 00:30 on 17 Azar 1405 in Iran, not 16 Azar (found walking the sandbox at night)."""

import datetime as dt

from conversations.kit.i18n import I18n


def test_a_moment_is_dated_in_iran_aware_or_naive() -> None:
    fa, en = I18n()("fa"), I18n()("en")
    late = dt.datetime(2026, 12, 7, 21, 0, tzinfo=dt.UTC)
    assert fa.date(late) == "۱۴۰۵/۰۹/۱۷"
    assert fa.date(late.replace(tzinfo=None)) == "۱۴۰۵/۰۹/۱۷"  # SQLite gives the stored UTC naive
    assert en.date(late) == "1405/09/17"
    assert fa.date(dt.datetime(2026, 12, 7, 20, 29, tzinfo=dt.UTC)) == "۱۴۰۵/۰۹/۱۶"
    assert fa.date(dt.date(2026, 12, 7)) == "۱۴۰۵/۰۹/۱۶"  # a day is a day
