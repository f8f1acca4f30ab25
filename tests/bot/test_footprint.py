"""The bot's memory at start (issue 15: RSS at most the echo bot's + 60 MB): what only some updates
need — the PDF machinery (fpdf2 with fontTools and numpy, ~35 MB), Pillow, pypdf, openpyxl — is
loaded when first needed, not by every process; Alembic never (migrations at start run in a child
process); and Babel's locale data (~5 MB for Persian and English) never: numbers and dates reach a
message printed by the core (scoring/messages.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from storage.db import current_revision, head_revision, make_engine
from tests.bot.cli import ROOT, process_env

# cryptography's ciphers (hazmat), not its package: redis-py looks at the package's version at import
HEAVY = (
    "fpdf",
    "fontTools",
    "numpy",
    "PIL",
    "pillow_heif",
    "pypdf",
    "pypdfium2",
    "openpyxl",
    "alembic",
    "mako",
    "cryptography.hazmat",
)

# the start of `nezam-bot run` up to its first getUpdates: the app built, the database checked
START = """
import asyncio, json, sys
import bot.cli
from bot.app import build_app, prepare, settle_memory
from bot.settings import Settings
from storage.encryption import new_key_text

FILES_KEY = new_key_text()

async def start() -> None:
    settings = Settings(_env_file=None, telegram_token="123456:ABC-test", database_url=sys.argv[1], files_key=FILES_KEY)
    app = build_app(settings)
    await prepare(app)
    settle_memory()
    await app.engine.dispose()

asyncio.run(start())
import babel.localedata
print(json.dumps(sorted(({name.split(".")[0] for name in sys.modules} | set(sys.modules)) & set(sys.argv[2:]))))
print(json.dumps(sorted(babel.localedata._cache)))
"""


def loaded_at_start(database_url: str, cwd: Path) -> tuple[list[str], list[str]]:
    """The heavy packages a start loaded, and the Babel locales it loaded."""
    done = subprocess.run(
        [sys.executable, "-c", START, database_url, *HEAVY],
        env=process_env(PYTHONPATH=str(ROOT)),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    *_, heavy, locales = done.stdout.strip().splitlines()
    return json.loads(heavy), json.loads(locales)


def test_a_start_on_an_up_to_date_database_loads_no_heavy_machinery(sqlite_template: Path, tmp_path: Path) -> None:
    shutil.copy(sqlite_template, tmp_path / "nezam.db")
    assert loaded_at_start(f"sqlite+aiosqlite:///{tmp_path / 'nezam.db'}", tmp_path) == ([], [])


async def test_a_database_behind_is_migrated_at_start_by_a_child_process_alembic_never_loaded(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    assert loaded_at_start(url, tmp_path) == ([], [])
    engine = make_engine(url)
    try:
        assert await current_revision(engine) == head_revision()  # migrated by the first start
    finally:
        await engine.dispose()
