from tests.e2e.conftest import Harness


async def test_start_shows_the_menu(harness: Harness) -> None:
    user = harness.user("telegram", 5001)
    replies = await user.send("/start")
    texts = [m.body for m in replies]
    assert any("منوی اصلی" in t for t in texts), texts
    labels = [b["text"] for b in replies[-1].reply_buttons()]
    assert "📝 درخواست عضویت" in labels
