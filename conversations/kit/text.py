"""Small helpers for texts sent as messages."""

from __future__ import annotations

MESSAGE_LIMIT = 3800  # a message's text must stay under 4096 characters


def chunks(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split a long text at line ends so each part fits in one message."""
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        if len(current) + len(line) + 1 > limit and current:
            out.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        out.append(current)
    return out
