"""Exports of the cases spreadsheet, made where they cannot hold up an applicant (issue 30).

- ``write_export``: the cases read in batches (``storage.exports.stream_case_rows``) in one
  read-only snapshot and written as they come (``conversations.kit.spreadsheet.CaseSheet``): the
  process's memory does not grow with the number of cases. ``nezam-bot export`` runs it in its own
  process.
- ``ExportJobs`` (an admin's ``/export`` in the chat): each export in a child process
  (``python -m bot.exports``, the database URL by the environment, the order on its standard
  input, at a lower CPU priority), one at a time; the bot awaits the child without blocking its
  event loop, then the dialog's ``deliver`` sends the file, and the file is removed. Building a
  200,000-row spreadsheet in the bot's own process held its event loop (a worker thread would
  still take the interpreter's lock from the applicants' updates) and left it 1.6 GB larger.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from conversations.kit.i18n import I18n
from conversations.kit.spreadsheet import CaseSheet, Deliver, ExportOrder
from storage.db import make_engine, make_sessionmaker
from storage.exports import CaseFilter, stream_case_rows

log = logging.getLogger(__name__)

URL_VARIABLE = "NEZAM_EXPORT_URL"
NICENESS = 10  # the child yields the CPU to the bot and the database
TIMEOUT = 1800.0  # seconds an export may take before it is given up


async def write_export(url: str, order: ExportOrder, path: Path) -> int:
    """Write the cases ``order`` asks for to ``path``; how many were written."""
    t = I18n(order.lang)(order.lang)
    engine = make_engine(url, read_only=True)
    try:
        with CaseSheet(
            path,
            order.fmt,
            t,
            with_scores=order.with_scores,
            with_personal=order.wanted.with_personal,
            right_to_left=order.lang == "fa",
        ) as sheet:
            async with make_sessionmaker(engine)() as session, session.begin():
                async for rows in stream_case_rows(session, order.wanted):
                    sheet.write(rows)
        return sheet.rows
    finally:
        await engine.dispose()


def order_json(order: ExportOrder, path: Path) -> dict[str, Any]:
    wanted = order.wanted
    return {
        "path": str(path),
        "lang": order.lang,
        "fmt": order.fmt,
        "with_scores": order.with_scores,
        "kind": wanted.kind,
        "statuses": list(wanted.statuses),
        "from": wanted.submitted_from.isoformat() if wanted.submitted_from else None,
        "to": wanted.submitted_to.isoformat() if wanted.submitted_to else None,
        "with_personal": wanted.with_personal,
        "provinces": list(wanted.provinces) if wanted.provinces is not None else None,
    }


def order_from_json(data: dict[str, Any]) -> tuple[ExportOrder, Path]:
    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    wanted = CaseFilter(
        data["kind"],
        tuple(data["statuses"]),
        day(data["from"]),
        day(data["to"]),
        bool(data["with_personal"]),
        tuple(data["provinces"]) if data.get("provinces") is not None else None,
    )
    return ExportOrder(wanted, data["lang"], data["fmt"], bool(data["with_scores"])), Path(data["path"])


class ExportFailed(Exception):
    """The child process ended without writing the file (its error is in the log, above)."""


class ExportJobs:
    """Admins' exports (``conversations.kit.spreadsheet.Exports``), each in a child process."""

    def __init__(self, database_url: str, *, timeout: float = TIMEOUT) -> None:
        self.database_url = database_url
        self.timeout = timeout
        self._turn = asyncio.Lock()  # one export at a time: the next waits for the CPU it would share
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, order: ExportOrder, deliver: Deliver) -> None:
        task = asyncio.create_task(self._run(order, deliver), name="export")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @property
    def running(self) -> int:
        return len(self._tasks)

    async def wait(self) -> None:
        """Until every export started so far is delivered (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await self.wait()

    async def _run(self, order: ExportOrder, deliver: Deliver) -> None:
        async with self._turn:
            with tempfile.TemporaryDirectory(prefix="nezam-export-") as folder:
                path = Path(folder) / f"cases.{order.fmt}"
                try:
                    rows = await self._child(order, path)
                except ExportFailed as exc:
                    log.error("an export failed: %s", exc)
                    rows = None
                try:
                    await deliver(path if rows is not None else None, rows or 0)
                except Exception as exc:  # the messenger refused or did not answer: the admin asks again
                    log.warning("an export could not be sent: %s", type(exc).__name__)

    async def _child(self, order: ExportOrder, path: Path) -> int:
        # the URL by the environment: a command line (with the password) is readable by anyone
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.exports",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, URL_VARIABLE: self.database_url},
        )
        try:
            out, _ = await asyncio.wait_for(
                child.communicate(json.dumps(order_json(order, path)).encode()), self.timeout
            )
        except BaseException:  # cancelled (shutdown) or too long: the child goes too
            with contextlib.suppress(ProcessLookupError):
                child.kill()
            await child.wait()
            raise
        if child.returncode != 0:
            raise ExportFailed(f"the export's process exited with status {child.returncode}")
        try:
            return int(json.loads(out)["rows"])
        except (ValueError, KeyError, TypeError):
            raise ExportFailed("the export's process said nothing") from None


def main() -> int:
    """``python -m bot.exports``: the order (JSON) on standard input, the count on standard output."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    with contextlib.suppress(OSError):
        os.nice(NICENESS)
    order, path = order_from_json(json.load(sys.stdin))
    rows = asyncio.run(write_export(os.environ[URL_VARIABLE], order, path))
    sys.stdout.write(json.dumps({"rows": rows}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
