"""`nezam-bot doctor` (issue 26.5), the real command against the emulator: one line per check, ✓ or
✗ with what to do, exit status 0 only if every check passes. The case an operator meets first: the
staff chat's id is right but the bot was never added to it (or was removed)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from bot.doctor import diagnose
from bot.emulator import BotApiEmulator
from storage.db import head_revision, upgrade
from tests.bot.cli import process_env
from tests.e2e.conftest import BALE_TOKEN, STAFF_CHAT, TELEGRAM_TOKEN, make_settings


async def doctor(emulator: BotApiEmulator, tmp: Path, **env: str) -> tuple[int, list[str]]:
    database = f"sqlite+aiosqlite:///{tmp / 'bot.db'}"
    await asyncio.to_thread(upgrade, database)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "doctor",
        cwd=tmp,
        env=process_env(
            **{
                "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
                "TELEGRAM_API_BASE": emulator.base_url,
                "TELEGRAM_STAFF_CHAT_ID": str(STAFF_CHAT),
                "BALE_TOKEN": BALE_TOKEN,
                "BALE_API_BASE": emulator.base_url,
                "BALE_STAFF_CHAT_ID": str(STAFF_CHAT),
                "DATABASE_URL": database,
                "FILES_DIR": str(tmp / "files"),
                "MEMBERSHIP_FEE_RIALS": "2500000",
                "BANK_ACCOUNT": "IR000000000000000000000000",
                **env,
            }
        ),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 240)  # a handful of Bot API calls; a loaded machine
    assert err.decode() == ""
    assert process.returncode is not None
    return process.returncode, out.decode().splitlines()


async def test_the_bot_not_in_the_staff_chat_is_the_one_cross_and_exit_1(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    emulator.bots[TELEGRAM_TOKEN].memberships[STAFF_CHAT] = "left"  # removed from the group
    code, lines = await doctor(emulator, tmp_path)
    assert code == 1
    crosses = [line for line in lines if line.startswith("✗")]
    assert crosses == [
        f"✗ telegram staff chat {STAFF_CHAT}: the bot is not in it, or there is no such chat; add the bot to the "
        "staff group (to a channel as an administrator that may post), or correct TELEGRAM_STAFF_CHAT_ID (/whoami "
        "in the group tells its id)"
    ]
    assert lines == [
        "✓ telegram token: the bot @nezam_telegram_bot (id 1001)",
        crosses[0],
        "✓ telegram webhook: none (long polling)",
        "✓ telegram payments: bank slips (no TELEGRAM_PAYMENT_PROVIDER_TOKEN)",
        "✓ bale token: the bot @nezam_bale_bot (id 2002)",
        f"✓ bale staff chat {STAFF_CHAT} “Staff”: the bot is in it (administrator) and may post",
        "✓ bale webhook: none (long polling)",
        "✓ bale payments: bank slips (no BALE_PAYMENT_PROVIDER_TOKEN)",
        f"✓ database: reachable, at the migrations' head ({head_revision()})",
        "✓ redis: not set (fine for one process; replicas share pacing and locks through it)",
        lines[-4],
        "✓ sms: SMS_PROVIDER not set (decisions and reminders reach applicants in the chat only)",
        "✓ verification codes: derived with a key derived from FILES_KEY",
        "✓ verification pages: VERIFY_BASE_URL not set, so the PDFs carry their code (checked with /verify in the "
        "bot) and no QR code; set it to the public address that reaches LISTEN (README: Verifiable documents)",
    ]
    assert lines[-4].startswith(f"✓ FILES_DIR {tmp_path / 'files'}: writable, ")


async def test_all_well_passes_and_a_fee_with_nowhere_to_pay_is_named(emulator: BotApiEmulator, tmp_path: Path) -> None:
    """The same checks in this process (``bot.doctor.diagnose``, what the command prints)."""
    database = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await asyncio.to_thread(upgrade, database)

    async def diagnosed(**overrides: object) -> tuple[bool, list[str]]:
        values = {"database_url": database, "bank_account": "IR000000000000000000000000", **overrides}
        settings = make_settings(tmp_path, emulator.base_url, **values)
        lines: list[str] = []
        ok = await diagnose(settings, lambda check: lines.append(check.line))
        return ok, lines

    ok, lines = await diagnosed(telegram_payment_provider_token="provider-for-tests")
    assert ok, lines
    assert all(line.startswith("✓ ") for line in lines)
    assert "✓ telegram payments: invoices (a provider token is set)" in lines
    ok, lines = await diagnosed(bank_account="")
    assert not ok
    assert [line for line in lines if line.startswith("✗")] == [
        "✗ telegram payments: a fee is set but neither TELEGRAM_PAYMENT_PROVIDER_TOKEN nor BANK_ACCOUNT: approved "
        "applicants could not pay; set one",
        "✗ bale payments: a fee is set but neither BALE_PAYMENT_PROVIDER_TOKEN nor BANK_ACCOUNT: approved "
        "applicants could not pay; set one",
    ]
    # issue 27: the verification codes' key and the pages' address
    ok, lines = await diagnosed(verify_base_url="https://bot.example.ir/nezam/", verify_key="k" * 40)
    assert ok, lines
    assert lines[-2:] == [
        "✓ verification codes: derived with VERIFY_KEY",
        "✓ verification pages: the PDFs' QR codes open https://bot.example.ir/nezam/v/<code>, served on LISTEN "
        "at /nezam/v/",
    ]
    ok, lines = await diagnosed(files_key=None)
    assert not ok
    assert [line for line in lines if line.startswith("✗")] == [
        "✗ VERIFY_KEY: not set, nor FILES_KEY to derive it from; the documents' verification codes are derived "
        "with it. Set FILES_KEY (README: Keys), or VERIFY_KEY from `openssl rand -hex 32`"
    ]


@pytest.mark.parametrize("provider", ["kavenegar", "smsir"])
async def test_the_sms_provider_takes_the_key_or_is_named(
    emulator: BotApiEmulator, tmp_path: Path, provider: str
) -> None:
    """Issue 24: the provider is asked of its account (nothing is sent): the key, the credit."""
    database = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    await asyncio.to_thread(upgrade, database)

    async def sms_line(**overrides: object) -> str:
        values = {
            "database_url": database,
            "bank_account": "IR000000000000000000000000",
            "sms_provider": provider,
            "sms_api_key": "emulator-sms-key",
            "sms_sender": "10004346",
            "sms_api_base": emulator.base_url,
            **overrides,
        }
        lines: list[str] = []
        await diagnose(make_settings(tmp_path, emulator.base_url, **values), lambda check: lines.append(check.line))
        [line] = [line for line in lines if " sms: " in line]
        return line

    assert (await sms_line()).startswith(f"✓ sms: {provider} takes the key, credit ")
    assert (await sms_line(sms_api_key="wrong")).startswith(f"✗ sms: {provider} refused SMS_API_KEY (")
    emulator.sms.credit = 0
    assert (await sms_line()) == f"✗ sms: {provider} takes the key but has no credit left; top the account up"
    assert "sms: SMS_PROVIDER not set" in await sms_line(sms_provider=None)
