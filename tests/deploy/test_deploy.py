"""The deployment files (issue 13, item 4), checked without Docker (none runs here): the compose
file read as YAML and held to what the README promises, the Prometheus file by promtool, the nginx
file by ``nginx -t`` (and run in front of a real replica: ``tests/e2e/test_nginx.py``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.replicas import free_port

ROOT = Path(__file__).parents[2]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))
    return loaded


def test_the_compose_file_runs_replicas_behind_a_proxy_with_healthchecks() -> None:
    services = compose()["services"]
    bot = services["bot"]
    assert "${BOT_REPLICAS:-3}" in str(bot["deploy"]["replicas"])  # several by default
    assert "container_name" not in bot and "ports" not in bot  # replicas: no fixed name, no host port
    for name in ("bot", "postgres", "redis", "proxy"):
        assert services[name]["healthcheck"]["test"], name
    assert "/healthz" in " ".join(bot["healthcheck"]["test"])
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert bot["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["migrate"]["command"] == ["nezam-bot", "db", "upgrade"]
    environment = bot["environment"]
    assert environment["REDIS_URL"].startswith("redis://redis:")
    assert environment["DATABASE_URL"].startswith("postgresql+asyncpg://")
    assert environment["LISTEN"].endswith(":8080")
    assert "bot-files:/app/data" in bot["volumes"]  # one files volume for every replica
    redis = services["redis"]["command"]
    assert redis[redis.index("--appendonly") + 1] == "yes"
    proxy = services["proxy"]
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert "443:443" in proxy["ports"]
    assert proxy["depends_on"]["bot"]["condition"] == "service_healthy"
    assert services["prometheus"]["profiles"] == ["monitoring"]
    assert "./deploy/prometheus.yml:/etc/prometheus/prometheus.yml:ro" in services["prometheus"]["volumes"]
    assert re.search(r'^CMD \["nezam-bot", "run"\]', (ROOT / "Dockerfile").read_text("utf-8"), re.MULTILINE)


def test_the_prometheus_file() -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.skip("promtool is not installed (Debian: apt install prometheus)")
    result = subprocess.run(
        [promtool, "check", "config", str(ROOT / "deploy" / "prometheus.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def self_signed(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=bot.example.ir",
            "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem"),
        ],
        capture_output=True,
        check=True,
    )  # fmt: skip


def local_nginx_conf(tmp: Path, *, https: int, http: int, upstream: str) -> Path:
    """The shipped file with what only Docker has replaced: ports, certificate folder, the bot's
    address (instead of Docker's DNS name), logs in ``tmp``."""
    text = (ROOT / "deploy" / "nginx.conf").read_text("utf-8")
    replaced = {
        "listen 443 ssl;": f"listen 127.0.0.1:{https} ssl;",
        "listen 88 ssl;": "",
        "listen 80;": f"listen 127.0.0.1:{http};",
        "/etc/nginx/certs": str(tmp / "certs"),
        "set $bot_replicas bot:8080;": f"set $bot_replicas {upstream};",
        "access_log /dev/stdout webhook;": f"access_log {tmp / 'access.log'} webhook;",
        "error_log /dev/stderr warn;": f"error_log {tmp / 'error.log'} warn;",
    }
    for old, new in replaced.items():
        assert old in text, old
        text = text.replace(old, new)
    path = tmp / "nginx.conf"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (scripts/test-services.sh installs it)")
def test_nginx_accepts_the_shipped_file(tmp_path: Path) -> None:
    assert NGINX is not None
    self_signed(tmp_path / "certs")
    conf = local_nginx_conf(tmp_path, https=free_port(), http=free_port(), upstream="127.0.0.1:8080")
    result = subprocess.run(
        [NGINX, "-t", "-c", str(conf), "-p", str(tmp_path), "-g", f"pid {tmp_path / 'nginx.pid'};"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
