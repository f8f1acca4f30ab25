# Two commands for a fresh machine (README "Quick start"):
#   make run   — set up and run the main job
#   make test  — set up and run every check CI runs
# and one for whoever changes a dependency in pyproject.toml:
#   make lock  — requirements.lock (what the bot runs on: Docker image, Debian install) and
#                requirements-dev.lock (the same versions, plus the tools and tests), with hashes
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
LOCKS  := requirements.lock requirements-dev.lock
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCKS) | cksum | cut -d' ' -f1)

.PHONY: run test lint typecheck contracts pytest setup lock clean

# Exactly the locked versions, each checked against its hash; then the project itself (no deps:
# they are all in the lock — a dependency missing from it fails tests/test_lock.py, not here).
$(STAMP): pyproject.toml $(LOCKS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	rm -f $(VENV)/.installed-*; touch $@

setup: $(STAMP)

# uv (PyPI, pinned in the dev lock) resolves for Python 3.11+ on every platform (--universal: the
# image may be built for arm64), keeps the pins already in the files (UPGRADE=1 raises them all),
# and writes every wheel's and sdist's hash. The dev lock is constrained by the runtime one: the
# tests run on the very versions the image ships.
UPGRADE ?=
LOCK_FLAGS = --generate-hashes --universal --python-version 3.11 --quiet --custom-compile-command "make lock" \
	$(if $(UPGRADE),--upgrade)
lock: setup
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev -c requirements.lock $(LOCK_FLAGS) -o requirements-dev.lock

PORT ?= 8080

# With TELEGRAM_TOKEN and/or BALE_TOKEN (environment or .env): the bot, long polling.
# Without a token: the browser sandbox at http://127.0.0.1:$(PORT) — emulated Telegram and Bale,
# the real bot, SQLite under ./data/ (nothing to register, nothing to reach).
# A configuration with problems stops here: one line per problem (`nezam-bot config`).
run: setup
	@platforms=$$($(BIN)/nezam-bot config --platforms) || exit 2; \
	if [ -n "$$platforms" ]; then \
		$(BIN)/nezam-bot run; \
	else \
		echo "No TELEGRAM_TOKEN or BALE_TOKEN set: starting the sandbox (README: Running the bot, for the real thing)."; \
		$(BIN)/nezam-bot sandbox --port $(PORT); \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

contracts: setup
	$(BIN)/lint-imports

# The suite mostly waits on I/O (the emulator's round trips, browsers, subprocesses): four
# workers overlap the waits even on two cores. PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 4

pytest: setup
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test: lint typecheck contracts pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
