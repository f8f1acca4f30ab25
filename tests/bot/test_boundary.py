"""What an update must be to be taken (issue 31, ``bot.boundary``): strict on what the bot relies on
(ids within 64 bits, the API's string limits, one known kind), tolerant of what Bale may send
differently (extra fields, fields set to null, numbers as strings)."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot

from bot.boundary import MAX_DEPTH, BadUpdate, UpdateScreen, parse_json, read_update, update_id_of
from bot.metrics import Metrics

BOT = Bot("1001:boundary-test")
PERSON = {"id": 42, "is_bot": False, "first_name": "x"}


def message(**content: Any) -> dict[str, Any]:
    sent = {"message_id": 5, "date": 1_700_000_000, "chat": {"id": 42, "type": "private", "first_name": "x"}}
    sent["from"] = {"id": 42, "is_bot": False, "first_name": "x"}
    sent.update(content)
    return {"update_id": 900, "message": sent}


def callback(data: str) -> dict[str, Any]:
    query = {"id": "77", "from": {"id": 42, "is_bot": False, "first_name": "x"}, "chat_instance": "1", "data": data}
    return {"update_id": 901, "callback_query": query}


TAKEN = [
    pytest.param(message(text="سلام"), id="a message"),
    pytest.param(message(text="x" * 4096), id="a text of 4096 characters"),
    pytest.param(message(caption="x" * 4096, photo=[]), id="a Premium caption"),
    pytest.param(callback("s:take:" + "9" * 57), id="button data of 64 bytes"),
    pytest.param(
        {**message(text="/start", bale_extra={"anything": [1, "two"]}), "edited_message": None, "poll": None},
        id="Bale: extra fields, other kinds set to null",
    ),
    pytest.param(
        {"update_id": "902", "message": {**message(text="1")["message"], "from": {**PERSON, "id": "42"}}},
        id="numbers as strings",
    ),
    pytest.param(
        message(text="x", chat={"id": -(2**63), "type": "group", "title": "t"}), id="the lowest 64-bit chat id"
    ),
]


@pytest.mark.parametrize("raw", TAKEN)
def test_what_a_messenger_sends_is_taken(raw: dict[str, Any]) -> None:
    update = read_update(raw, BOT)
    assert update.update_id >= 0
    assert update.event_type in ("message", "callback_query")


def deep(levels: int) -> dict[str, Any]:
    nested: dict[str, Any] = {"end": 1}
    for _ in range(levels):
        nested = {"more": nested}
    return message(text="x", nested=nested)


REFUSED = [
    pytest.param(["not", "an", "object"], "not_an_update", id="a JSON array"),
    pytest.param({"message": message()["message"]}, "not_an_update", id="no update_id"),
    pytest.param({"update_id": 1}, "unknown_kind", id="no kind"),
    pytest.param({"update_id": 1, "story_of_the_future": {"id": 1}}, "unknown_kind", id="an unknown kind only"),
    pytest.param({**message(), **callback("x")}, "several_kinds", id="two kinds"),
    pytest.param({**message(text="x"), "update_id": -(10**30)}, "out_of_range", id="update_id -10^30"),
    pytest.param({**message(text="x"), "update_id": -1}, "out_of_range", id="a negative update_id"),
    pytest.param({**message(text="x"), "update_id": "abc"}, "invalid", id="a textual update_id"),
    pytest.param(message(text="x", chat={"id": 2**63, "type": "private"}), "out_of_range", id="chat id 2^63"),
    pytest.param(
        message(text="x", **{"from": {"id": "-1" + "0" * 30, "is_bot": False, "first_name": "x"}}),
        "out_of_range",
        id="a user id -10^30 as a string",
    ),
    pytest.param(message(text="x", forward_origin_extra=10**20), "out_of_range", id="an extra field beyond 64 bits"),
    pytest.param(message(text="x" * 4097), "too_long", id="a text of 4097 characters"),
    pytest.param(message(text="x", extra="y" * 5000), "too_long", id="an extra string beyond the API's longest"),
    pytest.param(callback("x" * 65), "too_long", id="button data of 65 bytes"),
    pytest.param(callback("د" * 33), "too_long", id="button data of 33 Persian letters (66 bytes)"),
    pytest.param(message(text="x", location={"latitude": float("inf"), "longitude": 1.0}), "not_finite", id="inf"),
    pytest.param(deep(MAX_DEPTH), "too_deep", id="nested too deep"),
    pytest.param(message(text="x", entities=[{"type": "bold", "offset": 0, "length": 1}] * 8000), "too_big", id="huge"),
    pytest.param(message(text=123), "invalid", id="a text that is a number"),
    pytest.param(message(chat="private"), "invalid", id="a chat that is not an object"),
]


@pytest.mark.parametrize(("raw", "reason"), REFUSED)
def test_what_no_messenger_sends_is_refused_with_its_reason(raw: Any, reason: str) -> None:
    with pytest.raises(BadUpdate) as refused:
        read_update(raw, BOT)
    assert refused.value.reason == reason


def test_a_refusal_names_the_field_and_never_echoes_a_value() -> None:
    with pytest.raises(BadUpdate) as refused:
        read_update(message(text="x", chat={"id": 31337 * 10**20, "type": "private"}), BOT)
    assert refused.value.detail == "message.chat.id out of the 64-bit range"
    with pytest.raises(BadUpdate) as refused:
        read_update(message(text="x", **{"evil\nERROR forged line": "y" * 5000}), BOT)
    assert "\n" not in refused.value.detail and "forged" not in refused.value.detail


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000, b'{"update_id": NaN}', b'{"update_id": Infinity}', b"\xff\xfe", b"{", b""],
    ids=["nested 100,000 deep", "NaN", "Infinity", "not UTF-8", "cut short", "empty"],
)
def test_a_body_that_is_not_json_is_refused_not_raised(body: bytes) -> None:
    with pytest.raises(BadUpdate) as refused:
        parse_json(body)
    assert refused.value.reason == "not_json"


async def test_a_refused_item_of_get_updates_is_still_acknowledged() -> None:
    assert update_id_of({"update_id": 5}) == 5
    assert update_id_of({"update_id": "6"}) == 6
    assert update_id_of({"update_id": -(10**30)}) is None
    assert update_id_of({"update_id": True}) is None
    assert update_id_of("x") is None
    metrics = Metrics({})
    screen = UpdateScreen(metrics)
    items = [message(text="ok"), {**message(text="x" * 5000), "update_id": 903}, {"update_id": 904}]
    taken, highest = screen.batch("telegram", BOT, items)
    assert [u.update_id for u in taken] == [900]
    assert highest == 904  # the two refused are acknowledged with the batch
    assert metrics.updates_refused.labels("telegram", "too_long")._value.get() == 1
    assert metrics.updates_refused.labels("telegram", "unknown_kind")._value.get() == 1
