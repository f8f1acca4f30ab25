"""The per-address limit of refused requests (issue 31, ``bot.guard``): an address that reaches it
is blocked until its minute ends, others are not, and many addresses cost bounded memory."""

from __future__ import annotations

import pytest

from bot.guard import ClientRefusals


def test_an_address_over_its_refusals_is_blocked_until_its_minute_ends() -> None:
    now = [0.0]
    clients = ClientRefusals(3, clock=lambda: now[0], keep=100)
    for _ in range(2):
        clients.note("203.0.113.7")
    assert clients.blocked("203.0.113.7") is None
    clients.note("203.0.113.7")
    now[0] = 20.0
    assert clients.blocked("203.0.113.7") == pytest.approx(40.0)
    assert clients.blocked("198.51.100.1") is None  # another address is not
    now[0] = 60.0
    assert clients.blocked("203.0.113.7") is None
    clients.note("203.0.113.7")  # a new window
    assert clients.blocked("203.0.113.7") is None
    for n in range(500):  # many addresses: the oldest are forgotten
        clients.note(f"10.0.{n // 256}.{n % 256}")
    assert len(clients._windows) == 100
