import pytest

from tests.e2e.conftest import Harness


async def test_start_shows_the_menu(harness: Harness) -> None:
    user = harness.user("telegram", 5001)
    replies = await user.send("/start")
    texts = [m.body for m in replies]
    assert any("منوی اصلی" in t for t in texts), texts
    labels = [b["text"] for b in replies[-1].reply_buttons()]
    assert "📝 درخواست عضویت" in labels


async def test_lang_switches_texts_and_buttons_keep_working(harness: Harness) -> None:
    user = harness.user("telegram", 5002)
    await user.send("/start")
    replies = await user.send("🌐 English")
    assert any("Main menu" in m.body for m in replies)
    replies = await user.send("❓ Help")
    assert "Help:" in replies[-1].body
    replies = await user.send("/lang fa")
    assert any("منوی اصلی" in m.body for m in replies)


def test_run_without_a_token_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    monkeypatch.delenv("BALE_TOKEN", raising=False)
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "nezam-bot sandbox" in err


def test_staff_cli(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    url = f"sqlite+aiosqlite:///{tmp_path}/staff.db"
    add = ["staff", "add", "--platform", "telegram", "--user-id", "42", "--role", "reviewer", "--database-url", url]
    assert main(add) == 0
    assert main(["staff", "list", "--database-url", url]) == 0
    assert "telegram\t42\t-\treviewer" in capsys.readouterr().out
    bad = ["staff", "add", "--platform", "bale", "--user-id", "42", "--role", "boss", "--database-url", url]
    assert main(bad) == 2
    remove = [
        "staff",
        "remove",
        "--platform",
        "telegram",
        "--user-id",
        "42",
        "--role",
        "reviewer",
        "--database-url",
        url,
    ]
    assert main(remove) == 0
    main(["staff", "list", "--database-url", url])
    assert "42" not in capsys.readouterr().out.split("no longer")[-1]


async def test_staff_command_for_admins(harness: Harness) -> None:
    harness.settings = harness.settings.model_copy(update={"telegram_admin_ids": [5100]})
    await harness.stop()
    await harness.start()
    admin = harness.user("telegram", 5100, "مدیر")
    other = harness.user("telegram", 5101)
    replies = await other.send("/staff add 5102 reviewer")
    assert "اجازه" in replies[-1].body
    replies = await admin.send("/staff add 5102 reviewer")
    assert "به‌روز" in replies[-1].body
    replies = await admin.send("/staff add 5103 finance مريم كاظمی")  # a name given, Arabic letters folded
    assert "به‌روز" in replies[-1].body
    replies = await admin.send("/staff list")  # names and roles, not bare ids
    listed = replies[-1].body
    assert "5102" in listed and "کارشناس پذیرش" in listed and "reviewer" not in listed
    assert "مریم کاظمی (5103): واحد مالی" in listed and "مدیر (5100)" in listed
