# The bot's image (README "Deploying for a province"). Docker Hub and PyPI may be out of reach from
# Iran: both have a build argument, e.g.
#   docker compose build --build-arg BASE_IMAGE=docker.example-mirror.ir/library/python:3.11-slim-bookworm \
#                        --build-arg PIP_INDEX_URL=https://pypi.example-mirror.ir/simple
# (or DOCKER_MIRROR / PIP_INDEX_URL in .env, which docker-compose.yml passes on). Whatever the mirror,
# every package is checked against the hash in requirements.lock.
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}

ARG PIP_INDEX_URL=https://pypi.org/simple
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_INDEX_URL=${PIP_INDEX_URL}

# pg_dump and pg_restore for `nezam-bot backup` / `restore`: Debian bookworm's PostgreSQL 15, the
# major version of compose's server (pg_dump must be at least the server's)
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
RUN useradd --create-home --uid 1000 nezam
# the locked versions first (a layer kept while only the code changes), each checked by its hash
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY conversations ./conversations
COPY storage ./storage
COPY scoring ./scoring
RUN pip install --no-deps .

# The data folder exists and belongs to the bot's user before it is declared a volume: a new
# volume starts as a copy of it, ownership included, so the first uploaded photo can be written.
# /backups likewise, for the backup service.
RUN mkdir -p /app/data/files /backups && chown -R nezam:nezam /app/data /backups
USER nezam
VOLUME ["/app/data"]
ENV FILES_DIR=/app/data/files LISTEN=0.0.0.0:8080 METRICS=1

# /healthz on LISTEN in both modes: 200 when the database (and Redis, if set) answer
HEALTHCHECK --interval=10s --timeout=6s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; port = os.environ.get('LISTEN', ':8080').rsplit(':', 1)[1]; urllib.request.urlopen(f'http://127.0.0.1:{port}/healthz', timeout=5)"]

# waits for PostgreSQL (one line per attempt), applies the migrations, checks FILES_DIR, then webhook
# mode (WEBHOOK_URL set) or long polling; a configuration error or a refused token exits with code 2
EXPOSE 8080
CMD ["nezam-bot", "run"]
