"""A bounded fuzz of the whole bot (issue 16): a few hundred random updates — texts of every shape
and size, stickers, voices, other people's contacts, photos and files, real buttons (current and
stale), forged buttons of every kind (the applicant's and the staff's, with other applicants'
ids and numbers beyond any range), edited messages, and messages in the staff group — from
applicants at every depth of membership and in the builder license, with a fixed seed, on PostgreSQL (which refuses more
than SQLite; on SQLite when the tests have no PostgreSQL).

Asserted: no "something went wrong" anywhere; no silence (every update from a person in their
private chat gets at least a message, an edited message or a button answer with words); and the
applicants who take no part (a file at its confirmation, a submitted file, a license file with a
project) are not changed by
anyone else's updates. The figures are printed (``pytest -s``) for the issue's note."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.emulator import ChatMessage, FakeUser
from storage import cases, documents, people
from storage.workflow import Role
from tests.e2e import flows
from tests.e2e.conftest import STAFF_CHAT, Harness
from tests.e2e.staffing import grant
from tests.factories import make_national_code, with_prefix
from tests.images import jpeg_bytes, minimal_pdf, photo

SEED = 16
UPDATES = 320
GENERIC = ("خطایی پیش آمد", "something went wrong")
BIG = (2**31, 99_999_999_999, 10**30, -1)


@dataclass
class Applicant:
    user: FakeUser
    mobile: str


async def walk(user: FakeUser, depth: int, code: str, phone: str) -> None:
    """Take a fresh applicant ``depth`` steps into the application (0: never wrote)."""
    if depth == 0:
        return
    await user.send("/start")
    await user.send("📝 درخواست عضویت")
    if depth == 1:
        return  # at the contact question
    await user.share_contact(phone)
    await user.send(code)
    if depth == 2:
        return  # in the identity questions
    for answer in ("رضا", "کریمی", "محمد", "۱۲۳۴۵", "۱۳۷۰/۰۶/۳۱"):
        await user.send(answer)
    await user.press("مرد")
    await user.press("تایید و ادامه")
    await user.press("قوانین را خواندم")
    if depth == 3:
        return  # at the first personal question
    await flows.personal(user)
    await user.press("افزودن مدرک")
    if depth == 4:
        return  # in a degree's questions
    await user.press("بازگشت")
    await flows.education(user)
    await flows.family(user)
    if depth == 5:
        return  # at the documents
    await flows.documents(user)  # depth 6: at the confirmation


async def walk_license(user: FakeUser, stage: str, code: str, phone: str) -> None:
    """Take a fresh applicant into the builder license: at its gate ("gate"), at the list of projects
    with one saved ("list"), or in a project's questions ("project")."""
    await flows.identity(user, code, phone, entry=flows.LICENSE, then="آیا عضو سازمان")
    if stage == "gate":
        return
    await flows.expect(user, await user.press("بله"), "خوداظهاری متقاضی پروانه")
    await flows.expect(user, await user.press(flows.DECLARATION), "شماره عضویت حقیقی")
    await flows.worksheet1(user)
    await flows.worksheet2(user)
    await flows.worksheet3(user)
    if stage == "list":
        await flows.project(user)  # a project saved, at the list of projects
        return
    await user.press("افزودن پروژه")
    await user.send("برج فاز")  # in a project's questions


async def snapshot(harness: Harness, mobile: str) -> dict[str, Any]:
    """Everything of an applicant's file that anyone could change."""
    async with harness.app.sessions() as session:
        applicant = (await people.find_applicants(session, mobile=mobile))[0]
        out: dict[str, Any] = {"applicant": applicant}
        for case in await cases.cases_of_applicant(session, applicant.id):
            file = await cases.case_file(session, case.id)
            assert file is not None
            out[f"case {case.id}"] = (
                file.case,
                file.answers,
                file.degrees,
                file.family,
                file.projects,
                file.finance,
                await documents.all_documents(session, case.id),
            )
        return out


async def ids_of(harness: Harness, mobiles: list[str]) -> dict[str, list[int]]:
    """Other applicants' case, degree, family member and document ids: what a forger would try."""
    found: dict[str, list[int]] = {"case": [], "degree": [], "member": [], "project": [], "doc": [], "version": []}
    async with harness.app.sessions() as session:
        for mobile in mobiles:
            for applicant in await people.find_applicants(session, mobile=mobile):
                for case in await cases.cases_of_applicant(session, applicant.id):
                    found["case"].append(case.id)
                    found["version"].append(case.version)
                    file = await cases.case_file(session, case.id)
                    assert file is not None
                    found["degree"] += [d.id for d in file.degrees]
                    found["member"] += [m.id for m in file.family]
                    found["project"] += [p.id for p in file.projects]
                    found["doc"] += [d.id for d in file.documents]
    return found


class Fuzzer:
    def __init__(self, harness: Harness, rng: random.Random, targets: dict[str, list[int]]) -> None:
        self.harness = harness
        self.rng = rng
        self.targets = targets
        self.photo = jpeg_bytes(photo(900, 1200, seed=5))
        self.small = jpeg_bytes(photo(300, 200, seed=6))
        t = harness.app.i18n("fa")
        self.labels = [
            t(k)
            for k in (
                "menu-membership",
                "menu-membership-continue",
                "menu-license",
                "menu-license-continue",
                "menu-cartable",
                "menu-status",
                "menu-help",
            )
        ]
        self.kinds: Counter[str] = Counter()

    def number(self) -> int:
        r = self.rng.random()
        if r < 0.3:
            return self.rng.choice(BIG)
        pool = [i for ids in self.targets.values() for i in ids] or [1]
        return self.rng.choice(pool) if r < 0.8 else self.rng.randint(0, 50)

    def text(self) -> str:
        rng = self.rng
        makers: list[Callable[[], str]] = [
            lambda: rng.choice(["رضا", "كريمي", "سلام", "بله", "خیر", "مرد", "زن", "تهران", "⭐", "نمی‌دانم"]),
            lambda: make_national_code(rng=rng),
            lambda: rng.choice(["1370/06/31", "۱۴۰۴/۱۲/۳۰", "1300/01/01", "8815813344", "09121234567"]),
            lambda: "".join(rng.choice("۰۱۲۳abcآب\u200c\u200f\x00\x1b /-_.") for _ in range(rng.randint(1, 40))),
            lambda: rng.choice(["x", "م", "1"]) * rng.choice([61, 121, 301, 4000, 4096]),  # 4096: the API's longest
            lambda: rng.choice(["/start", "/menu", "/cancel", "/help", "/status", "/status ABC", "/cartable"]),
            lambda: rng.choice(["/lang", "/lang en", "/lang fa", "/foo", "/queue", "/staff add 1 admin"]),
            lambda: rng.choice(self.labels),
            lambda: "😀" * rng.randint(1, 30) + "\ud83d",
        ]
        return rng.choice(makers)()

    def forged(self) -> str:
        rng, n = self.rng, self.number
        form = rng.choice(
            [
                *("identity", "personal", "degree", "family_member", "education", "documents", "contact", "x"),
                *("license_record", "license_project", "license_license", "license_finance"),
            ]
        )
        field = rng.choice(
            [
                *("first_name", "gender", "province", "level", "degrees", "people", "national_card", "zz"),
                *("projects", "record_type", "license_grade", "capital_equipment"),
            ]
        )
        value = rng.choice(["1", "0", "male", "IR-14", "auto", "99", "abc", "", "own_contract", "3"])
        app = rng.choice(["membership", "license", "x"])
        staff_acts = ["take", "ret", "rej", "office", "full", "approve", "paid", "zz"]
        makers: list[Callable[[], str]] = [
            lambda: f"f:{rng.choice('vbspedc')}:{form}:{n()}:{field}:{value}",
            lambda: f"g:{rng.choice(['add', 'edit', 'del', 'done', 'menu'])}:{form}:{field}:{n()}",
            lambda: (
                f"a:{rng.choice(['rules', 'gate', 'confirm', 'offer', 'submit', 'section', 'menu'])}:{app}:"
                + rng.choice(["", "yes", "no", "license_record"])
            ),
            lambda: f"c:{rng.choice(['fix', 'history'])}:{n()}",
            lambda: f"p:{rng.choice(['pay', 'slip'])}:{n()}",
            lambda: f"s:{rng.choice(staff_acts)}:{n()}:{n()}",
            lambda: f"o:{n()}:{n()}:{n()}",
            lambda: f"k:{n()}",
            lambda: f"r:{rng.choice(['toggle', 'next', 'cancel'])}:{rng.choice(['personal', f'd{n()}', ''])}",
            lambda: rng.choice(["", "💥", "f", "f:v", "x" * 64, "s:take:1", "g:add:education:degrees:1:2"]),
        ]
        return rng.choice(makers)()

    def update(self, user: FakeUser) -> tuple[str, Callable[[], int]]:
        """One random update from ``user``: (its kind, the push)."""
        rng = self.rng
        buttons = [(m, b) for m in user.messages()[-6:] for b in m.inline_buttons() if "callback_data" in b]
        choices: list[tuple[str, Callable[[], int], float]] = [
            ("text", lambda: user.push_text(self.text()), 30),
            ("button", lambda: user.push_callback(*self._button(buttons)), 22 if buttons else 0),
            ("forged button", lambda: user.push_callback(self._message(user), button_data(self.forged())), 16),
            ("sticker", user.push_sticker, 3),
            ("voice", user.push_voice, 2),
            ("contact", lambda: user.push_contact("+98912" + str(rng.randint(1000000, 9999999)), user_id=7), 3),
            ("own contact", lambda: user.push_contact("+989121234567"), 2),
            ("photo", lambda: user.push_photo(rng.choice([self.photo, self.small])), 5),
            ("file", lambda: self._file(user), 5),
            ("edited", lambda: self._edited(user), 2),
            ("group message", lambda: user.push_text(self.text(), chat_id=STAFF_CHAT), 6),
            ("group button", lambda: user.push_callback(self._staff_message(), button_data(self.forged())), 4),
        ]
        kind, push, _ = rng.choices(choices, weights=[w for _, _, w in choices])[0]
        self.kinds[kind] += 1
        return kind, push

    def _button(self, buttons: list[tuple[ChatMessage, dict[str, Any]]]) -> tuple[ChatMessage, str]:
        message, button = self.rng.choice(buttons)
        return message, str(button["callback_data"])

    def _message(self, user: FakeUser) -> ChatMessage:
        sent = user.messages()
        return self.rng.choice(sent[-5:]) if sent else self._staff_message()

    def _staff_message(self) -> ChatMessage:
        chat = self.harness.bot("telegram").chat(STAFF_CHAT)
        return chat[-1] if chat else self.harness.bot("telegram").messages[0]

    def _file(self, user: FakeUser) -> int:
        rng = self.rng
        name, data, mime, size = rng.choice(
            [
                ("scan.pdf", minimal_pdf(), "application/pdf", None),
                ("broken.pdf", b"%PDF-1.4 broken", "application/pdf", None),
                ("notes.txt", b"hello", "text/plain", None),
                ("scan.jpg", b"not an image", "image/jpeg", None),
                ("huge.jpg", b"x", "image/jpeg", 30 * 1024 * 1024),
                ("IMG.HEIC", b"not heic", "application/octet-stream", None),
            ]
        )
        return user.push_document(data, name, mime, file_size=size)

    def _edited(self, user: FakeUser) -> int:
        return user.bot.push_update(
            {
                "edited_message": {
                    "message_id": 1,
                    "date": 1,
                    "edit_date": 2,
                    "chat": {"id": user.chat_id, "type": "private", "first_name": user.first_name},
                    "from": user.json,
                    "text": self.text(),
                }
            }
        )


def button_data(forged: str) -> str:
    """What a button can hold: 64 bytes (the Bot API's limit; longer data cannot come from a
    messenger, and ``bot.boundary`` refuses an update that has it)."""
    return forged.encode()[:64].decode(errors="ignore")


def answered(user: FakeUser, before: dict[int, int], answers_before: int) -> bool:
    changed = [m for m in user.messages() if before.get(m.message_id, -1) != m.edited]
    words = [a for a in user.bot.callback_answers[answers_before:] if a.get("text")]
    return bool(changed or words)


async def test_fuzz_no_generic_error_no_silence_no_change_to_others(strictest_harness: Harness) -> None:
    harness = strictest_harness
    rng = random.Random(SEED)
    reviewer = harness.user("telegram", 9990, "کارشناس")
    await grant(harness, "telegram", 9990, Role.REVIEWER, "کارشناس فاز")
    # bystanders: a file at its confirmation, a submitted one, a license with a project; nobody else may change them
    bystanders = [
        Applicant(harness.user("telegram", 9101), "09120000101"),
        Applicant(harness.user("bale", 9102), "09120000102"),
        Applicant(harness.user("telegram", 9103), "09120000103"),
    ]
    await walk(bystanders[0].user, 6, with_prefix("461"), "+98" + bystanders[0].mobile[1:])
    await flows.to_documents(bystanders[1].user, phone="+98" + bystanders[1].mobile[1:])
    await flows.documents(bystanders[1].user)
    await flows.submit(bystanders[1].user)
    await walk_license(bystanders[2].user, "list", with_prefix("461"), "+98" + bystanders[2].mobile[1:])
    await harness.app.notifier.drain()
    before = {b.mobile: await snapshot(harness, b.mobile) for b in bystanders}
    targets = await ids_of(harness, [b.mobile for b in bystanders])

    fuzzers = []
    for n, depth in enumerate([0, 1, 2, 3, 4, 5]):
        platform = "bale" if n % 3 == 2 else "telegram"
        user = harness.user(platform, 9200 + n)
        await walk(user, depth, with_prefix("461", rng), f"+9891230000{n:02d}")
        fuzzers.append(user)
    for n, stage in enumerate(["gate", "project"], start=6):
        user = harness.user("bale" if n % 2 else "telegram", 9200 + n)
        await walk_license(user, stage, with_prefix("461", rng), f"+9891230000{n:02d}")
        fuzzers.append(user)
    fuzzers.append(reviewer)

    fuzz = Fuzzer(harness, rng, targets)
    silent: list[str] = []
    private = 0
    for _ in range(UPDATES):
        user = rng.choice(fuzzers)
        kind, push = fuzz.update(user)
        before_messages = {m.message_id: m.edited for m in user.messages()}
        answers = len(user.bot.callback_answers)
        update_id = push()
        await user.settle(update_id, before_messages)
        if not kind.startswith("group"):
            private += 1
            if not answered(user, before_messages, answers):
                silent.append(f"{kind}: {user.bot.pushed[update_id]}")
    await harness.app.notifier.drain()

    everything = [m for bot in harness.emulator.bots.values() for m in bot.messages if m.from_bot]
    generic = [m.body for m in everything if any(g in m.body for g in GENERIC)]
    generic += [
        a["text"]
        for bot in harness.emulator.bots.values()
        for a in bot.callback_answers
        if any(g in a.get("text", "") for g in GENERIC)
    ]
    group = [m.body for m in harness.bot("telegram").chat(STAFF_CHAT) if m.from_bot]
    print(
        f"\nfuzz on {harness.settings.database_url.split(':')[0]}: {UPDATES} updates ({private} in private "
        f"chats), {len(fuzzers)} senders, seed {SEED}, "
        f"kinds {dict(fuzz.kinds)}; generic errors {len(generic)}, silences {len(silent)}"
    )
    assert generic == []
    assert silent == []
    assert not any("منوی اصلی" in body or "متوجه نشدم" in body for body in group)  # no dialog in the group
    for b in bystanders:
        assert await snapshot(harness, b.mobile) == before[b.mobile], "a bystander's file changed"
