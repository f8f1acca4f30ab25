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
