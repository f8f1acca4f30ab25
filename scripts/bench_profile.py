"""Reading a py-spy profile (``py-spy record --format raw``: collapsed stacks, root first) for
``scripts/bench_dialog.py --profile``: where the bot's CPU goes, as tables and a flame graph.

    python scripts/bench_profile.py PROFILE.txt [--per-update-ms 13.1] [--svg out.svg]

- **by operation** (inclusive: a sample counts for every operation on its stack, so the rows
  overlap): the costs issue 15 names (pool pre-ping, user upsert, FSM storage, event-isolation
  lock, Bot API calls and their response parsing, …);
- **by package** (exclusive: the package of the innermost Python frame);
- the top functions by self and by total samples.

With ``--per-update-ms`` (the bot's CPU milliseconds per update, measured from /proc over the
same window) each share is also given in milliseconds per update.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

Stack = tuple[str, ...]

# (label, patterns): a sample belongs to the operation when any frame contains any pattern
OPERATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("polling: getUpdates request + Update parsing", ("Dispatcher._listen_updates",)),
    ("dispatching an update (Dispatcher.feed_update)", ("Dispatcher.feed_update", "Dispatcher._process_update")),
    ("  DB session per update (DatabaseMiddleware)", ("DatabaseMiddleware.__call__",)),
    ("    pool checkout with pre-ping", ("do_ping", "_async_ping")),
    (
        "    commit at the end of the update",
        ("AsyncSession.commit", "AsyncSessionTransaction.commit", "AsyncSessionTransaction.__aexit__"),
    ),
    ("  user upsert (UserMiddleware)", ("upsert_user",)),
    ("  FSM storage calls (state/data)", ("aiogram/fsm/storage/", "aiogram/fsm/context.py")),
    ("  event isolation lock", ("redis/asyncio/lock.py", "EventIsolation.lock", "RedisEventIsolation")),
    ("  handlers (conversations/)", ("(conversations/",)),
    ("Bot API calls (build, HTTP, parse)", ("AiohttpSession.make_request", "BaseSession.__call__")),
    ("  response parsing (check_response: JSON + pydantic)", ("check_response",)),
    ("  request building (form data, serialisation)", ("build_form_data", "prepare_value", "build_request_data")),
    ("SQL: SQLAlchemy core compile", ("sqlalchemy/sql/compiler.py",)),
    ("SQL: ORM (session, loading, flush)", ("sqlalchemy/orm/",)),
    ("SQL: driver (asyncpg / aiosqlite / sqlite3)", ("asyncpg/", "aiosqlite/")),
    ("Redis client (all commands)", ("redis/asyncio/",)),
    ("Fluent texts", ("fluent/runtime",)),
    ("logging", ("logging/__init__.py",)),
    ("pydantic (anywhere)", ("pydantic/", "pydantic_core")),
)

_LINE = re.compile(r":\d+\)$")


def parse(path: Path) -> Counter[Stack]:
    """Collapsed stacks → sample counts; frames keep function and file, not the line."""
    stacks: Counter[Stack] = Counter()
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body, _, count = raw.rpartition(" ")
        if not count.isdigit() or not body.strip():
            continue
        stacks[tuple(_LINE.sub(")", frame) for frame in body.split(";"))] += int(count)
    return stacks


def package(frame: str) -> str:
    """The top-level package (or stdlib module) a frame's file belongs to."""
    match = re.search(r"\(([^)]*)\)$", frame)
    path = match.group(1) if match else frame
    if path.startswith("<"):
        return "python internals"
    parts = path.split("/")
    head = parts[0]
    if head.endswith(".py"):
        head = head[:-3]
    return head or "?"


@dataclass
class Report:
    total: int
    operations: list[tuple[str, int]]
    packages: list[tuple[str, int]]
    self_top: list[tuple[str, int]]
    total_top: list[tuple[str, int]]
    notes: list[str] = field(default_factory=list)


def analyse(stacks: Counter[Stack], top: int = 25) -> Report:
    total = sum(stacks.values())
    operations = []
    for label, patterns in OPERATIONS:
        hits = sum(n for stack, n in stacks.items() if any(p in f for f in stack for p in patterns))
        operations.append((label, hits))
    packages: Counter[str] = Counter()
    self_counts: Counter[str] = Counter()
    total_counts: Counter[str] = Counter()
    for stack, n in stacks.items():
        packages[package(stack[-1])] += n
        self_counts[stack[-1]] += n
        for frame in set(stack):
            total_counts[frame] += n
    return Report(
        total,
        operations,
        packages.most_common(),
        self_counts.most_common(top),
        [(f, n) for f, n in total_counts.most_common(top * 3) if not _boring(f)][:top],
    )


def _boring(frame: str) -> bool:
    """Frames present in nearly every sample (the event loop, runners)."""
    return any(
        s in frame
        for s in ("asyncio/runners.py", "base_events.py", "asyncio/events.py", "<module>", "cli.py", "bench_probe")
    )


def format_report(report: Report, per_update_ms: float | None = None) -> str:
    out: list[str] = [f"{report.total} samples"]

    def rows(title: str, items: Iterable[tuple[str, int]], width: int = 58) -> None:
        out.append("")
        header = f"{title:<{width}} {'share':>6}"
        if per_update_ms:
            header += f" {'ms/update':>10}"
        out.append(header)
        for name, n in items:
            share = n / report.total if report.total else 0.0
            line = f"{name[:width]:<{width}} {share:6.1%}"
            if per_update_ms:
                line += f" {share * per_update_ms:10.2f}"
            out.append(line)

    rows("by operation (inclusive, rows overlap)", report.operations)
    rows("by package of the innermost frame (exclusive)", report.packages[:15])
    rows("top functions, self", report.self_top, 90)
    rows("top functions, total", report.total_top, 90)
    return "\n".join(out) + "\n"


# ---- flame graph -------------------------------------------------------------------------------


@dataclass
class _Node:
    name: str
    count: int = 0
    children: dict[str, _Node] = field(default_factory=dict)


def flamegraph_svg(stacks: Counter[Stack], title: str, width: int = 1800) -> str:
    """An icicle flame graph (root on top), hover for the full frame and its share."""
    root = _Node("all")
    for stack, n in stacks.items():
        node = root
        node.count += n
        for frame in stack:
            node = node.children.setdefault(frame, _Node(frame))
            node.count += n
    row, pad = 17, 30
    total = max(root.count, 1)
    rects: list[str] = []
    depth_max = 0

    def draw(node: _Node, x: float, depth: int) -> None:
        nonlocal depth_max
        w = node.count / total * width
        if w < 0.5:
            return
        depth_max = max(depth_max, depth)
        y = pad + depth * row
        digest = hashlib.md5(package(node.name).encode(), usedforsecurity=False).digest()
        color = f"rgb({200 + digest[0] % 55},{90 + digest[1] % 120},{40 + digest[2] % 50})"
        label = html.escape(node.name)
        tip = f"{label} — {node.count} samples, {node.count / total:.1%}"
        text = ""
        if w > 40:
            chars = int(w / 6.5)
            shown = html.escape(node.name if len(node.name) <= chars else node.name[: chars - 1] + "…")
            text = f'<text x="{x + 3:.1f}" y="{y + 12}" font-size="11">{shown}</text>'
        rects.append(
            f'<g><title>{tip}</title><rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row - 1}" '
            f'fill="{color}" rx="1"/>{text}</g>'
        )
        child_x = x
        for child in sorted(node.children.values(), key=lambda c: -c.count):
            draw(child, child_x, depth + 1)
            child_x += child.count / total * width

    draw(root, 0.0, 0)
    height = pad + (depth_max + 1) * row + 10
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="monospace"><rect width="100%" height="100%" fill="#fff"/>'
        f'<text x="4" y="18" font-size="14">{html.escape(title)} ({root.count} samples)</text>'
    )
    return head + "".join(rects) + "</svg>\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("profile", type=Path)
    parser.add_argument("--per-update-ms", type=float, default=None)
    parser.add_argument("--svg", type=Path, default=None)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    stacks = parse(args.profile)
    sys.stdout.write(format_report(analyse(stacks, args.top), args.per_update_ms))
    if args.svg:
        args.svg.write_text(flamegraph_svg(stacks, args.profile.name), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
