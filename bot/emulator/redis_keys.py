"""What a run against the emulator leaves in a shared Redis, forgotten after it (tests, the
benchmark): every key the bot's id is part of — the dialog state (``fsm:<bot>:…``) and what
replicas share (``nezam:pace:<bot>…``, ``nezam:webhook:<bot>``, locks, albums, start notices)."""

from __future__ import annotations

from redis.asyncio import from_url


async def forget_bot_keys(url: str, bot_id: int) -> int:
    """Delete them; how many there were."""
    client = from_url(url)
    forgotten = 0
    try:
        for pattern in (f"fsm:{bot_id}:*", f"nezam:*:{bot_id}", f"nezam:*:{bot_id}:*"):
            keys = [key async for key in client.scan_iter(match=pattern, count=1000)]
            if keys:
                forgotten += await client.delete(*keys)
    finally:
        await client.aclose()
    return forgotten
