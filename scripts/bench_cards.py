"""Submit → the card with its buttons in the staff chat (issue 23), for a membership file (4
documents) and a builder-license file (17 documents): p50/p99 over ``--count`` submissions.

    python scripts/bench_cards.py                    # 20 of each, Telegram's limits, SQLite
    python scripts/bench_cards.py --count 5 --emulated-limits --json cards.json

What runs, in this process: the project's Bot API emulator (``bot.emulator``) and the bot
(``bot.app.build_app``) polling it, on SQLite in a temporary directory, with the outbound pacing
of production (``bot.ratelimit.Limits()``: 20 messages a minute to a group) unless
``--emulated-limits``. Applicants are walked to the confirm step as people would, by texts and
buttons (``tests/e2e/flows.py``; not measured), then submit:

- ``spaced``: one submission every ``--every`` seconds (3 s: 20 in one minute, the group's
  limit), each measured from pushing the "submit" press to the staff chat receiving the message
  with the file's tracking code and its "take" button;
- ``burst``: all at once (the pacing then spaces the cards: the k-th waits about k × 3 s).

The numbers are the emulator's receive times, so they include the bot's whole path: the update,
the transaction, the outbox, the pacing, the Bot API call.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import text  # noqa: E402

from bot.app import build_app, prepare  # noqa: E402
from bot.emulator import BotApiEmulator, ChatMessage, EmulatedBot, FakeUser  # noqa: E402
from bot.ratelimit import Limits  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage import offices  # noqa: E402
from tests.e2e import flows  # noqa: E402
from tests.factories import FILES_KEY, with_prefix  # noqa: E402
from tests.images import jpeg_bytes, photo  # noqa: E402

TOKEN = "1001:telegram-bench"  # noqa: S105  # the emulator's, made up
STAFF_CHAT = -100500
TAKE = "برداشتن پرونده"
PAGES = 6  # the birth certificate's pages photographed
# the applicant's own documents of the latest file of a messenger user
DOCUMENTS = (
    "SELECT count(*) FROM documents d JOIN cases c ON c.id = d.case_id JOIN messenger_users u"
    " ON u.id = c.messenger_user_id WHERE u.external_id = :uid AND c.id = (SELECT max(c2.id) FROM cases c2"
    " WHERE c2.messenger_user_id = u.id)"
)
SUBMIT = {"membership": "اطلاعات و مدارک صحیح است", "builder_license": "ارسال درخواست پروانه"}


async def to_confirm(kind: str, user: FakeUser) -> None:
    """An applicant at the last press before the file is submitted."""
    if kind == "membership":
        await flows.to_documents(user, with_prefix("461"))
        await flows.documents(user)
        return
    await flows.license_gate(user, with_prefix("461"))
    await flows.worksheet1(user)
    await flows.worksheet2(user)
    await flows.worksheet3(user)
    await flows.worksheet4(user)
    await flows.worksheet5(user)
    # 17 documents: the birth certificate's pages, the national card, the membership card, two
    # photos, a PDF (the clearance); with worksheets 2 and 3's own (employment, license)
    for n in range(PAGES):
        await flows.expect(user, await user.send_photo(jpeg_bytes(photo(seed=60 + n))), "فایل دریافت شده")
    await flows.expect(user, await user.press(flows.DONE_FILES), "کارت ملی")
    await flows.files(user, jpeg_bytes(photo(seed=53)), then="کارت عضویت")
    await flows.files(user, jpeg_bytes(photo(seed=54)), then="۳×۴")
    await flows.files(user, jpeg_bytes(photo(900, 1200, seed=55)), jpeg_bytes(photo(900, 1200, seed=56)), then="فیش")
    await flows.files(user, None, then="تسویه حساب")
    await flows.expect(user, await user.press("رد کردن"), "مدارک مورد نیاز", flows.SAVE_NEXT)
    await flows.expect(user, await user.press(flows.SAVE_NEXT), "امتیاز مقدماتی")
    await flows.expect(user, await user.press("ادامه به تایید نهایی"), "تایید نهایی")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    emulator = BotApiEmulator()
    emulator.add_bot(TOKEN, "telegram")
    await emulator.start()
    tmp = Path(tempfile.mkdtemp(prefix="bench-cards-"))
    values: dict[str, Any] = {
        "telegram_token": TOKEN,
        "telegram_api_base": emulator.base_url,
        "telegram_staff_chat_id": STAFF_CHAT,
        "database_url": f"sqlite+aiosqlite:///{tmp / 'bot.db'}",
        "files_dir": str(tmp / "files"),
        "files_key": FILES_KEY,
        "membership_fee_rials": 2_500_000,
        "metrics": False,
    }
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]  # pydantic-settings init kwarg
    limits = Limits.emulated() if args.emulated_limits else Limits()
    app = build_app(settings, on_handled=emulator.handled, polling_timeout=1, limits=limits)
    bot = emulator.bots[TOKEN]
    bot.handled = set()
    await prepare(app)
    async with app.sessions() as session, session.begin():
        await offices.seed_sample_offices(session)
    app.notifier.start()
    task = asyncio.create_task(app.polling.run())
    arrived: dict[str, float] = {}
    staff_messages: list[ChatMessage] = []

    replied: dict[int, float] = {}  # chat → when the applicant was given the tracking code

    def listen(b: EmulatedBot, message: ChatMessage) -> None:
        if b is bot and message.from_bot and message.chat_id != STAFF_CHAT and "کد رهگیری:" in message.body:
            replied.setdefault(message.chat_id, time.monotonic())
        if b is bot and message.from_bot and message.chat_id == STAFF_CHAT:
            staff_messages.append(message)
            if any(TAKE in x.get("text", "") for x in message.inline_buttons()):
                arrived.setdefault(message.body, time.monotonic())

    emulator.listeners.append(listen)
    results: dict[str, Any] = {"limits": "emulated" if args.emulated_limits else "telegram", "count": args.count}
    try:
        uid = 70000
        for kind in ("membership", "builder_license"):
            for mode in ("spaced", "burst"):
                people = []
                for _ in range(args.count):
                    uid += 1
                    person = emulator.user(TOKEN, uid, "رضا")
                    await to_confirm(kind, person)
                    people.append(person)
                await app.notifier.drain(60)
                await asyncio.sleep(limits.group * 2)  # the group's pacing is at rest
                arrived.clear()
                replied.clear()
                before = len(staff_messages)
                pushed: list[tuple[FakeUser, float]] = []
                for person in people:
                    message, found = person.find_button(SUBMIT[kind])
                    pushed.append((person, time.monotonic()))
                    person.push_callback(message, found["callback_data"])
                    if mode == "spaced":
                        await asyncio.sleep(args.every)
                deadline = time.monotonic() + 60 + args.count * limits.group * 2
                latencies: list[float] = []
                replies: list[float] = []
                for person, at in pushed:
                    while True:
                        codes = [m.body for m in person.messages() if "کد رهگیری" in m.body]
                        code = codes[-1].split("کد رهگیری:")[1].split()[0] if codes else None
                        hit = [t for body, t in arrived.items() if code and code in body]
                        if hit and person.chat_id in replied:
                            latencies.append(hit[0] - at)
                            replies.append(replied[person.chat_id] - at)
                            break
                        if time.monotonic() > deadline:
                            raise SystemExit(f"{kind} {mode}: a card did not arrive")
                        await asyncio.sleep(0.01)
                sent = staff_messages[before:]
                async with app.sessions() as session:
                    documents = await session.scalar(text(DOCUMENTS), {"uid": people[-1].id})
                figures = {
                    "documents_per_file": documents,
                    "p50_s": round(statistics.median(latencies), 3),
                    "p99_s": round(percentile(latencies, 0.99), 3),
                    "max_s": round(max(latencies), 3),
                    "applicant_reply_p50_s": round(statistics.median(replies), 3),
                    "staff_chat_messages": len(sent),
                    "photos_in_group": sum(1 for m in sent if m.photo or m.media_group_id),
                }
                results[f"{kind}/{mode}"] = figures
                line = f"{kind:16} {mode:7} n={len(latencies)}  " + "  ".join(f"{k}={v}" for k, v in figures.items())
                sys.stdout.write(line + "\n")
                sys.stdout.flush()
    finally:
        app.polling.stop()
        with contextlib.suppress(asyncio.CancelledError, RuntimeError, TimeoutError):
            await asyncio.wait_for(task, 5)
        await app.close()
        await emulator.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20, help="submissions of each kind and mode")
    parser.add_argument("--every", type=float, default=3.0, help="seconds between spaced submissions")
    parser.add_argument("--emulated-limits", action="store_true", help="the tests' pacing (faster) instead")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    results = asyncio.run(run(args))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
