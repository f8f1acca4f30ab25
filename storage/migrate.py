"""``python -m storage.migrate``: apply the migrations to the database at ``$NEZAM_MIGRATE_URL``.

The bot's start runs this as a child process (``storage.db.upgrade_async``), so that the migration
machinery is not kept in a long-running process; ``nezam-bot db upgrade`` migrates in its own.
"""

from __future__ import annotations

import os

from storage.db import MIGRATE_URL_VARIABLE, upgrade


def main() -> int:
    upgrade(os.environ[MIGRATE_URL_VARIABLE])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
