"""The webhook mode's settings (issue 13): each problem one line naming its variable, exit code 2,
the secret never shown; a good configuration says which mode it runs in."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bot.cli import run_main

TOKEN = "1001:secret-token-value"
SECRET = "a" * 12 + "Secret-Value-42"

BAD = [
    ({"WEBHOOK_URL": "https://bot.example.ir"}, "error: WEBHOOK_SECRET: required with WEBHOOK_URL"),
    (
        {"WEBHOOK_URL": "https://bot.example.ir", "WEBHOOK_SECRET": "short"},
        "error: WEBHOOK_SECRET: expected 16 to 256 characters of A-Z, a-z, 0-9, _ and -",
    ),
    (
        {"WEBHOOK_URL": "https://bot.example.ir", "WEBHOOK_SECRET": "has spaces in it, and more than 16"},
        "error: WEBHOOK_SECRET: expected 16 to 256 characters",
    ),
    (
        {"WEBHOOK_URL": "bot.example.ir", "WEBHOOK_SECRET": SECRET},
        "error: WEBHOOK_URL: “bot.example.ir” is not an http(s)",
    ),
    (
        {"WEBHOOK_URL": "https://bot.example.ir/?x=1", "WEBHOOK_SECRET": SECRET},
        "error: WEBHOOK_URL: the public base URL takes no query",
    ),
    (
        {"WEBHOOK_URL": "https://bot.example.ir:8080", "WEBHOOK_SECRET": SECRET},
        "error: WEBHOOK_URL: Telegram posts updates to ports 443, 80, 88, 8443 only, not 8080",
    ),
    (
        {"WEBHOOK_URL": "http://bot.example.ir", "WEBHOOK_SECRET": SECRET},
        "error: WEBHOOK_URL: Telegram posts updates to https:// addresses only",
    ),
    (
        {"BALE_TOKEN": TOKEN, "WEBHOOK_URL": "https://bot.example.ir:8443", "WEBHOOK_SECRET": SECRET},
        "error: WEBHOOK_URL: Bale posts updates to ports 443, 88 only, not 8443",
    ),
    ({"LISTEN": "8080"}, "error: LISTEN: “8080” is not host:port, e.g. 0.0.0.0:8080"),
    ({"LISTEN": "0.0.0.0:99999"}, "error: LISTEN: “0.0.0.0:99999” is not host:port"),
    ({"METRICS": "maybe"}, "error: METRICS: “maybe” is not 1 or 0"),
]


@pytest.mark.parametrize(
    ("env", "line"), BAD, ids=[line.split(":")[1].strip() + str(n) for n, (_, line) in enumerate(BAD)]
)
def test_a_bad_webhook_setting_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, env: dict[str, str], line: str
) -> None:
    variables = {"TELEGRAM_TOKEN": TOKEN, **env}
    if "BALE_TOKEN" in env:
        del variables["TELEGRAM_TOKEN"]
    code, _, err = run_main(monkeypatch, capsys, tmp_path, "config", **variables)
    assert code == 2, err
    assert "Traceback" not in err
    assert err.strip().splitlines() == [err.strip()], err
    assert err.startswith(line), err
    assert SECRET not in err
    assert "has spaces" not in err


def test_two_problems_of_the_webhook_are_two_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run_main(
        monkeypatch, capsys, tmp_path, "config", TELEGRAM_TOKEN=TOKEN, WEBHOOK_URL="https://bot.example.ir:8080"
    )
    assert code == 2
    assert [line.split(":")[1].strip() for line in err.splitlines()] == ["WEBHOOK_SECRET", "WEBHOOK_URL"]


def test_any_address_for_a_local_bot_api_server(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run_main(
        monkeypatch,
        capsys,
        tmp_path,
        "config",
        TELEGRAM_TOKEN=TOKEN,
        TELEGRAM_API_BASE="http://bot-api:8081",  # a local Bot API server: its own rules
        WEBHOOK_URL="http://bot:8080/nezam/",
        WEBHOOK_SECRET=SECRET,
    )
    assert code == 0, err
    assert "mode: webhook at http://bot:8080/nezam, listening on 0.0.0.0:8080" in out
    assert SECRET not in out


def test_polling_says_where_metrics_are(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run_main(monkeypatch, capsys, tmp_path, "config", TELEGRAM_TOKEN=TOKEN, METRICS="1", LISTEN=":9100")
    assert code == 0
    assert "mode: long polling; /healthz and /metrics on :9100" in out
