"""Running ``nezam-bot`` in tests: as a real process, or its ``main()`` with captured streams,
with none of the bot's settings inherited from the environment running the tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings
from tests.factories import FILES_KEY

ROOT = Path(__file__).parents[2]
SETTINGS_VARIABLES = frozenset(name.upper() for name in Settings.model_fields)


def process_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    env["FILES_KEY"] = FILES_KEY  # as every deployment has one (a test of its absence sets it empty)
    env.update(values)
    return env


def nezam_bot(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The real command line, as an operator runs it (cwd without a .env unless the test writes one)."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=process_env(**env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp: Path, *args: str, **env: str
) -> tuple[int, str, str]:
    """``main(args)`` in this process: (exit code, stdout, stderr)."""
    for name in SETTINGS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FILES_KEY", FILES_KEY)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp)
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err
