"""The deployment files (issues 13 and 26), checked without Docker or systemd running (neither does
here): the compose file read as YAML and held to what the README promises, then by Debian's
docker-compose (`config`); the Dockerfile's user, data folder, volume and healthcheck; the nginx
site with each of its two upstream files by `nginx -t` (and run in front of a real replica:
``tests/e2e/test_nginx.py``); the systemd units by `systemd-analyze verify`; Prometheus' file and
alert rules by promtool, the rules case by case (`promtool test rules`). A tool that is missing is
a skip here and a failure in CI (scripts/test-services.sh installs them all)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.e2e.replicas import free_port

ROOT = Path(__file__).parents[2]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
IN_CI = os.environ.get("CI") == "true"


def tool(name: str, package: str) -> str:
    found = shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)
    if found is None:
        message = f"{name} is not installed (Debian: apt install {package}; scripts/test-services.sh does)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


def run(*command: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd, timeout=120)


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text("utf-8"))
    return loaded


def test_the_compose_file_runs_the_bot_behind_a_proxy_with_healthchecks_backups_and_named_volumes() -> None:
    services = compose()["services"]
    bot = services["bot"]
    assert "${BOT_REPLICAS:-1}" in str(bot["deploy"]["replicas"])  # one: long polling by default
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
    assert environment["METRICS"] == "1"  # /healthz in polling mode too: the healthcheck passes in both modes
    assert "bot-files:/app/data" in bot["volumes"]  # one files volume for every replica
    redis = services["redis"]["command"]
    assert redis[redis.index("--appendonly") + 1] == "yes"
    proxy = services["proxy"]
    assert proxy["profiles"] == ["webhook"]  # long polling needs no proxy (and has no certificate)
    assert "./deploy/nginx/nezam-bot.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    assert "./deploy/nginx/upstream-docker.conf:/etc/nginx/nezam-bot/upstream.conf:ro" in proxy["volumes"]
    assert {"443:443", "88:88", "80:80"} <= set(proxy["ports"])  # 88: Bale delivers to 443 or 88
    assert proxy["depends_on"]["bot"]["condition"] == "service_healthy"
    backup = services["backup"]
    assert "nezam-bot backup /backups --keep-days" in " ".join(backup["command"])
    assert "bot-files:/app/data:ro" in backup["volumes"] and "backups:/backups" in backup["volumes"]
    prometheus = services["prometheus"]
    assert prometheus["profiles"] == ["monitoring"]
    assert "./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro" in prometheus["volumes"]
    for name, service in services.items():
        assert service["logging"]["options"]["max-size"], name  # every container's log rotates
        assert name in ("migrate", "bot", "backup") or "${DOCKER_MIRROR:-docker.io}/" in service["image"], name
    volumes = compose()["volumes"]
    assert volumes["postgres-data"]["name"] == "nezam_postgres_data"
    assert volumes["bot-files"]["name"] == "nezam_files"
    assert volumes["backups"]["name"] == "nezam_backups"


def test_docker_compose_accepts_the_file_in_both_modes(tmp_path: Path) -> None:
    docker_compose = tool("docker-compose", "docker-compose")
    shutil.copy(ROOT / "docker-compose.yml", tmp_path)
    example = (ROOT / ".env.example").read_text("utf-8")
    for mode, extra in (("polling", ""), ("webhook", "\nCOMPOSE_PROFILES=webhook,monitoring\nBOT_REPLICAS=3\n")):
        (tmp_path / ".env").write_text(example + "\nPOSTGRES_PASSWORD=synthetic-password\n" + extra, "utf-8")
        done = run(docker_compose, "config", cwd=tmp_path)
        assert done.returncode == 0, mode + ": " + done.stderr
        # (Debian's docker-compose 1.29 lists every service whatever the profiles; which start is
        # held to by the first test)
        resolved = yaml.safe_load(done.stdout)
        assert resolved["services"]["bot"]["deploy"]["replicas"] == (3 if mode == "webhook" else 1), mode
        assert (
            "88:88" in str(resolved["services"]["proxy"]["ports"])
            or {"published": 88, "target": 88} in (resolved["services"]["proxy"]["ports"])
        )


def test_the_image_can_write_its_files_and_says_when_it_is_healthy() -> None:
    lines = [
        line.strip()
        for line in re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text("utf-8")).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]

    def index(pattern: str) -> int:
        found = [n for n, line in enumerate(lines) if re.search(pattern, line)]
        assert found, pattern
        return found[0]

    assert index(r"^ARG BASE_IMAGE=") < index(r"^FROM \$\{BASE_IMAGE\}")  # a registry mirror can be given
    assert index(r"pip install --require-hashes -r requirements\.lock") < index(r"pip install --no-deps \.")
    data = index(r"^RUN mkdir -p /app/data/files.*&& chown -R nezam:nezam /app/data")
    user = index(r"^USER nezam$")
    volume = index(r'^VOLUME \["/app/data"\]$')
    assert data < user < volume  # created and given to the bot's user before it becomes a volume
    assert re.search(r"^HEALTHCHECK .*CMD .*/healthz", lines[index(r"^HEALTHCHECK ")])
    assert "postgresql-client" in lines[index(r"apt-get install")]  # pg_dump for nezam-bot backup
    assert lines[-1] == 'CMD ["nezam-bot", "run"]'


def test_the_prometheus_file_and_its_alert_rules() -> None:
    promtool = tool("promtool", "prometheus")
    for command in (
        ("check", "config", "prometheus.yml"),
        ("check", "rules", "alerts.yml"),
        ("test", "rules", "alerts-test.yml"),  # each alert fires on what it is for, and not otherwise
    ):
        done = run(promtool, *command, cwd=DEPLOY / "prometheus")
        assert done.returncode == 0, " ".join(command) + ": " + done.stdout + done.stderr


def test_the_systemd_units(tmp_path: Path) -> None:
    analyze = tool("systemd-analyze", "systemd")
    nezam_bot = str(Path(sys.executable).parent / "nezam-bot")  # the virtualenv's
    assert Path(nezam_bot).exists()
    units = []
    for unit in (DEPLOY / "systemd").iterdir():
        # the paths of a Debian install replaced by this checkout's (verify checks each command exists)
        text = unit.read_text("utf-8").replace("/opt/nezam-bot/.venv/bin/nezam-bot", nezam_bot)
        name = unit.name.replace("@.", "@1.")  # an instance of the template
        (tmp_path / name).write_text(text, "utf-8")
        units.append(str(tmp_path / name))
    done = run(analyze, "verify", *sorted(units))
    assert done.returncode == 0 and "nezam" not in done.stderr, done.stderr
    replica = (DEPLOY / "systemd" / "nezam-bot@.service").read_text("utf-8")
    assert "LISTEN=127.0.0.1:808%i" in replica and "RestartPreventExitStatus=2" in replica
    upstream = (DEPLOY / "nginx" / "upstream-debian.conf").read_text("utf-8")
    assert all(f"server 127.0.0.1:808{n};" in upstream for n in (1, 2, 3))  # the units' ports


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


def local_nginx_conf(
    tmp: Path, *, https: int, http: int, upstream: str | None = None, upstream_file: str = "upstream-debian.conf"
) -> Path:
    """nginx's main file around the shipped site, as Debian's and the image's include it, with what
    only a real install has replaced: ports, certificate and log folders, the upstream file (its
    replicas replaced by ``upstream`` when given)."""
    site = (DEPLOY / "nginx" / "nezam-bot.conf").read_text("utf-8")
    replaced = {
        "listen 443 ssl;": f"listen 127.0.0.1:{https} ssl;",
        "listen 88 ssl;": "",
        "listen 80;": f"listen 127.0.0.1:{http};",
        "/etc/nginx/certs": str(tmp / "certs"),
        "/etc/nginx/nezam-bot/upstream.conf": str(tmp / "upstream.conf"),
        "/var/log/nginx/access.log": str(tmp / "access.log"),
        "/var/www/certbot": str(tmp / "certbot"),
    }
    for old, new in replaced.items():
        assert old in site, old
        site = site.replace(old, new)
    upstream_text = (DEPLOY / "nginx" / upstream_file).read_text("utf-8")
    if upstream is not None:
        servers = re.findall(r"^\s*server 127\.0\.0\.1:\d+;\n", upstream_text, re.MULTILINE)
        assert servers, upstream_file
        upstream_text = upstream_text.replace("".join(servers), f"    server {upstream};\n")
    (tmp / "upstream.conf").write_text(upstream_text, "utf-8")
    (tmp / "nezam-bot.conf").write_text(site, "utf-8")
    path = tmp / "nginx.conf"
    main = f"error_log {tmp / 'error.log'} warn;\nevents {{}}\nhttp {{\n    include {tmp / 'nezam-bot.conf'};\n}}\n"
    path.write_text(main, "utf-8")
    return path


@pytest.mark.parametrize("upstream_file", ["upstream-docker.conf", "upstream-debian.conf"])
def test_nginx_accepts_the_site_with_either_upstream(tmp_path: Path, upstream_file: str) -> None:
    nginx = tool("nginx", "nginx-light")
    self_signed(tmp_path / "certs")
    conf = local_nginx_conf(tmp_path, https=free_port(), http=free_port(), upstream_file=upstream_file)
    done = run(nginx, "-t", "-c", str(conf), "-p", str(tmp_path), "-g", f"pid {tmp_path / 'nginx.pid'};")
    assert done.returncode == 0, done.stderr
