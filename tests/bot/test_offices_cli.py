"""`nezam-bot offices import | list | deactivate | activate`: a 31-province file, the identity rule
on re-import, and bad files that import nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bot.cli import nezam_bot, run_main
from tests.factories import offices_csv

HEADER = "province,name,city,active\n"


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'offices.db'}"


def test_import_a_31_province_file_then_list(
    tmp_path: Path, database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "offices.csv").write_bytes(offices_csv())
    done = nezam_bot("offices", "import", "offices.csv", cwd=tmp_path, DATABASE_URL=database)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "imported offices.csv: 32 new, 0 updated, 0 unchanged\nprovinces with no active office: none\n"
    )

    code, out, _ = run_main(monkeypatch, capsys, tmp_path, "offices", "list", "--database-url", database)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 32 + 2
    assert lines[-2:] == ["32 offices, 32 active", "provinces with no active office: none"]
    fields = [line.split("\t") for line in lines[:-2]]
    assert [f[1] for f in fields] == sorted(f[1] for f in fields)  # by province
    chaharmahal = next(f for f in fields if f[1] == "IR-14")
    assert chaharmahal[2:] == [
        "چهارمحال و بختیاری",
        "دفتر آزمایشی چهارمحال و بختیاری",
        "شهر آزمایشی 14",
        "active",
    ]
    tehran = [f[3:] for f in fields if f[1] == "IR-23"]
    assert ["دفتر آزمایشی دوم تهران", "-", "active"] in tehran

    # the same file again: nothing new (province and name are an office's identity)
    code, out, _ = run_main(
        monkeypatch, capsys, tmp_path, "offices", "import", "offices.csv", "--database-url", database
    )
    assert (code, out.splitlines()[0]) == (0, "imported offices.csv: 0 new, 0 updated, 32 unchanged")

    code, out, _ = run_main(
        monkeypatch, capsys, tmp_path, "offices", "list", "--province", "چهارمحال و بختیاری", "--database-url", database
    )
    (only,) = out.splitlines()
    office_id = only.split("\t")[0]
    code, out, _ = run_main(
        monkeypatch, capsys, tmp_path, "offices", "deactivate", office_id, "--database-url", database
    )
    assert (code, out) == (
        0,
        f"office {office_id} “دفتر آزمایشی چهارمحال و بختیاری” (چهارمحال و بختیاری) is inactive\n",
    )
    code, out, _ = run_main(monkeypatch, capsys, tmp_path, "offices", "list", "--database-url", database)
    assert out.splitlines()[-2:] == ["32 offices, 31 active", "provinces with no active office: چهارمحال و بختیاری"]
    code, out, _ = run_main(monkeypatch, capsys, tmp_path, "offices", "activate", office_id, "--database-url", database)
    assert out.endswith("is active\n")


def test_deactivating_an_unknown_office(
    tmp_path: Path, database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(monkeypatch, capsys, tmp_path, "offices", "deactivate", "999", "--database-url", database)
    assert (code, err) == (2, "error: no office with id 999 (see `nezam-bot offices list`)\n")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (HEADER + "IR-14,دفتر الف,,1\nIR-31,دفتر ب,,1\n", "line 3: unknown province “IR-31”"),
        (HEADER + "IR-14,دفتر الف,,1\nIR-23,,تهران,1\n", "line 3: name is empty"),
        (HEADER + "IR-14,دفتر الف,,2\n", "line 2: active must be 1 or 0 (or empty for 1), not “2”"),
        ("استان,نام,شهر,فعال\nIR-14,دفتر الف,,1\n", "line 1: the header must be province,name,city,active"),
        (None, "line 2: not UTF-8 text (save the file as “CSV UTF-8”)"),
    ],
    ids=["unknown-province", "empty-name", "active-2", "wrong-header", "not-utf8"],
)
def test_a_bad_file_names_the_line_and_imports_nothing(
    tmp_path: Path,
    database: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: str | None,
    problem: str,
) -> None:
    data = content.encode("utf-8") if content else HEADER.encode() + "IR-14,دفتر الف,,1\n".encode("cp1256")
    (tmp_path / "bad.csv").write_bytes(data)
    code, out, err = run_main(monkeypatch, capsys, tmp_path, "offices", "import", "bad.csv", "--database-url", database)
    assert code == 2 and out == ""
    assert err.splitlines()[0].startswith(f"error: bad.csv {problem}")
    assert err.splitlines()[-1] == "error: nothing imported; fix the file and import it again"
    code, out, _ = run_main(monkeypatch, capsys, tmp_path, "offices", "list", "--database-url", database)
    assert out.splitlines()[0] == "0 offices, 0 active"  # the good line before the bad one was not imported


def test_a_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(monkeypatch, capsys, tmp_path, "offices", "import", "nope.csv")
    assert (code, err) == (2, "error: cannot read nope.csv: No such file or directory\n")
