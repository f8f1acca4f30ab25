"""``/stats`` answers with a picture as well as the numbers (issue 23, item 8): a membership file
approved, another rejected, a draft stopped at its second section, a draft only begun; a reviewer's
``/stats`` brings the counts and then a photo — a PNG that decodes, 1260 pixels wide (180 mm at
7 px/mm), saved under ``test-artifacts/stats-chart.png`` to be looked at. The drawing machinery
(fpdf2, PDFium) is loaded by this first chart, not at start (``tests/bot/test_footprint.py``)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from tests.e2e import flows
from tests.e2e.conftest import Harness
from tests.e2e.flows import bodies, expect
from tests.e2e.staffing import press_in_staff_chat, reviewer
from tests.factories import with_prefix

ARTIFACT = Path(__file__).resolve().parents[2] / "test-artifacts" / "stats-chart.png"


async def test_stats_sends_the_chart_as_a_photo(harness: Harness) -> None:
    t = harness.app.i18n("fa")
    approved, rejected = harness.user("telegram", 8601), harness.user("telegram", 8602)
    await flows.full_application(approved, with_prefix("461"))
    await flows.full_application(rejected, with_prefix("462"))
    stopped = harness.user("telegram", 8603)
    await flows.to_degree_university(stopped)  # personal saved, stopped in education
    await harness.app.notifier.drain()
    expert = await reviewer(harness, "telegram")
    for _ in range(2):  # the oldest card first: take it, decide it
        await press_in_staff_chat(harness, expert, "telegram", "برداشتن پرونده")
    await press_in_staff_chat(harness, expert, "telegram", "تایید")
    await expect(expert, await expert.send("/stats عضویت"), "آمار پرونده‌های درخواست عضویت")

    replies = await expert.send("/stats")
    text = bodies(replies)
    assert "آمار پرونده‌های درخواست عضویت" in text and "آمار پرونده‌های پروانه مجری حقیقی" in text
    # the numbers at once, the picture on their button (issue 30: the numbers do not wait for it)
    assert not [m for m in replies if m.photo]
    replies = await expert.press(t("btn-stats-chart"))
    [picture] = [m for m in replies if m.photo]
    assert t("stats-chart-caption", date="").split("—")[0].strip() in picture.body
    assert picture.photo is not None
    data = harness.emulator.files[picture.photo].data
    image = Image.open(io.BytesIO(data))
    image.load()
    assert image.format == "PNG" and abs(image.width - 1260) <= 1 and 1000 < image.height < 3000
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_bytes(data)
    assert harness.bot("telegram").errors == []


async def test_a_forged_chart_button_gets_the_usage(harness: Harness) -> None:
    """A chart button whose kind or period was forged or has gone stale is answered with the
    usage of /stats, never silence and never a chart of something else."""
    from conversations.staff.desk import WorkspaceCb

    t = harness.app.i18n("fa")
    expert = await reviewer(harness, "telegram")
    [answer] = [m for m in await expert.send("/stats") if m.inline_buttons()]
    for wanted in ("nothing.90", ".0", ".99999", "membership.x"):
        replies = await expert.settle(expert.push_callback(answer, WorkspaceCb(act="chart", desk=wanted).pack()))
        assert t("desk-stats-usage").split(":")[0] in bodies(replies)
        assert not [m for m in replies if m.photo]
