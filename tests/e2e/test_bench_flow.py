"""``scripts/bench_dialog.py`` drives the bot like a person, by texts and buttons: its applicant
must still get through the real dialog (else the benchmark only times out)."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from typing import Any

from bot.emulator import ChatMessage, EmulatedBot
from tests.e2e.conftest import Harness

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "bench_dialog.py"


def load_bench() -> Any:  # the script is not a package: no static types
    spec = importlib.util.spec_from_file_location("bench_dialog", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_dialog", module)
    spec.loader.exec_module(module)
    return module


async def test_the_benchmark_applicant_reaches_the_summary_and_edits_every_field(harness: Harness) -> None:
    bench = load_bench()
    bench.STEP_TIMEOUT = 10.0
    fake = harness.user("telegram", 8901)
    person = bench.applicant(fake, 0, random.Random(1))

    def listen(bot: EmulatedBot, message: ChatMessage) -> None:
        if message.from_bot and message.chat_id == fake.chat_id:
            person.seen(message)

    harness.emulator.listeners.append(listen)
    for step in person.setup:
        await person.take(step)
    assert bench.SUMMARY_DONE in str(fake.last().inline_buttons())

    for _ in range(2 * len(bench.FIELDS)):  # edit each field once: question, answer, summary
        await person.take(person.next_step())
    summary = fake.last().body
    for field in ("first_name", "last_name", "father_name", "gender"):  # the others are shown reformatted
        assert bench.VALUES[field][1] in summary, (field, summary)
    assert person.errors == 0
