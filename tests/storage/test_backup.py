"""Keeping N days of backups (storage.backup.prune): complete snapshots older than that go, the
newest always stays, anything else in the folder is left alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from storage.backup import MANIFEST, prune, snapshot_name


def test_old_backups_go_the_newest_stays_and_nothing_else_is_touched(tmp_path: Path) -> None:
    now = dt.datetime(2026, 12, 7, 2, 30, tzinfo=dt.UTC)
    made = {}
    for days in (1, 13, 15, 40):
        folder = tmp_path / snapshot_name(now - dt.timedelta(days=days))
        folder.mkdir()
        (folder / MANIFEST).write_text("{}", "utf-8")
        made[days] = folder
    unfinished = tmp_path / (snapshot_name(now - dt.timedelta(days=50)) + ".partial")
    unfinished.mkdir()
    (tmp_path / "notes.txt").write_text("the operator's", "utf-8")
    assert sorted(prune(tmp_path, 14, now=now)) == sorted([made[15], made[40]])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [made[1].name, made[13].name, unfinished.name, "notes.txt"]
    )
    # only old ones left: the newest of them stays
    assert prune(tmp_path, 0, now=now + dt.timedelta(days=100)) == [made[13]]
    assert made[1].exists()
