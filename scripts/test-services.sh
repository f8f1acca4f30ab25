#!/usr/bin/env bash
# Installs (when missing, as root) and starts the real servers the storage and bot tests use:
# PostgreSQL and Redis on loopback (and installs Chromium for the sandbox's browser test; nginx,
# promtool, docker-compose and systemd-analyze for the deployment files' tests, none started).
# Prints the environment the tests read, as `export` lines:
#   eval "$(scripts/test-services.sh)"
# A random password for the test role is made once per machine (never committed).
set -euo pipefail

log() { echo "test-services: $*" >&2; }

need_install=()
command -v redis-server >/dev/null 2>&1 || need_install+=(redis-server)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need_install+=(postgresql)
# the sandbox's browser test: Debian's Chromium, and an emoji font so screenshots show the icons
need_tools=()
command -v chromium >/dev/null 2>&1 || need_tools+=(chromium)
[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need_tools+=(fonts-noto-color-emoji)
# the deployment files' tests: deploy/nginx/ through nginx (-t, and in front of a replica),
# deploy/prometheus/ through promtool, docker-compose.yml through Debian's docker-compose (config),
# deploy/systemd/ through systemd-analyze (verify); no server is started here
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need_tools+=(nginx-light)
command -v promtool >/dev/null 2>&1 || need_tools+=(prometheus)
command -v docker-compose >/dev/null 2>&1 || need_tools+=(docker-compose)
command -v systemd-analyze >/dev/null 2>&1 || need_tools+=(systemd)
# the verifiable documents' tests: the QR code of every PDF decoded by zbar (pyzbar loads libzbar0)
ls /usr/lib/*/libzbar.so.0 >/dev/null 2>&1 || need_tools+=(libzbar0)
if [ "$(id -u)" != 0 ] && [ $((${#need_install[@]} + ${#need_tools[@]})) -gt 0 ]; then
  log "missing ${need_install[*]} ${need_tools[*]} and not root: those tests will be skipped"
  if [ ${#need_install[@]} -gt 0 ]; then exit 0; fi
  need_tools=()
fi
if [ $((${#need_install[@]} + ${#need_tools[@]})) -gt 0 ]; then
  log "installing ${need_install[*]} ${need_tools[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  if [ ${#need_install[@]} -gt 0 ]; then apt-get install -y -qq "${need_install[@]}" >&2; fi
  if [ ${#need_tools[@]} -gt 0 ]; then apt-get install -y -qq --no-install-recommends "${need_tools[@]}" >&2; fi
fi

# Redis on 127.0.0.1:6399 (a port of its own, so a developer's Redis is left alone), no disk.
if ! redis-cli -p 6399 ping >/dev/null 2>&1; then
  redis-server --port 6399 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes >&2
  for _ in $(seq 50); do redis-cli -p 6399 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
echo "export TEST_REDIS_URL=redis://127.0.0.1:6399/0"

# PostgreSQL: start the Debian cluster, create a test role and database.
if [ "$(id -u)" = 0 ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q .; then
    pg_createcluster "$version" main >&2
  fi
  cluster=$(pg_lsclusters -h | head -n 1 | awk '{print $1" "$2}')
  pg_ctlcluster $cluster start >&2 2>/dev/null || true
  port=$(pg_lsclusters -h | head -n 1 | awk '{print $3}')
  for _ in $(seq 100); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.1; done
  # one random password per machine, kept in a root-only file: several test runs at once (parallel
  # worktrees) keep working instead of locking each other out by rotating it
  secret="${XDG_CACHE_HOME:-$HOME/.cache}/nezam-test-postgres-password"
  if [ ! -s "$secret" ]; then
    mkdir -p "$(dirname "$secret")"
    (umask 077; head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$secret")
  fi
  password=$(cat "$secret")
  su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nezam_test') THEN
    CREATE ROLE nezam_test LOGIN CREATEDB;
  END IF;
END \$\$;
ALTER ROLE nezam_test PASSWORD '$password';
SQL
  su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_database WHERE datname='nezam_test'\"" | grep -q 1 \
    || su postgres -c "createdb -p $port -O nezam_test nezam_test" >&2
  echo "export TEST_POSTGRES_URL=postgresql+asyncpg://nezam_test:$password@127.0.0.1:$port/nezam_test"
fi
