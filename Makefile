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

.PHONY: run test lint typecheck contracts security audit pytest setup lock clean

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

# Static security scan (bandit; its short ignore list, each with its reason: pyproject [tool.bandit]).
security: setup
	$(BIN)/bandit -q -c pyproject.toml -r bot conversations storage scoring

# The dependencies' known vulnerabilities: what `make setup` installed (pinned as installed, the project
# itself left out) against PyPI's advisory data, by pip-audit in a virtualenv of its own (so that it
# does not audit itself). It needs to reach pypi.org's JSON API (or OSV with AUDIT_SERVICE=osv);
# --strict: a dependency that could not be checked fails the audit, never "no known vulnerabilities".
# Not part of `make test`: CI here cannot reach the advisory service (README: Security).
AUDIT_VENV    ?= .venv-audit
AUDIT_SERVICE ?= pypi
audit: setup
	test -x $(AUDIT_VENV)/bin/pip-audit || ($(PYTHON) -m venv $(AUDIT_VENV) && $(AUDIT_VENV)/bin/pip install --quiet pip-audit)
	$(BIN)/pip freeze --exclude-editable > $(AUDIT_VENV)/installed.txt
	$(AUDIT_VENV)/bin/pip-audit --strict --no-deps --disable-pip --vulnerability-service $(AUDIT_SERVICE) \
		-r $(AUDIT_VENV)/installed.txt \
	|| { echo "make audit: failed (if every package is 'not found', the advisory service was not reachable)" >&2; exit 1; }

# The suite mostly waits on I/O (the emulator's round trips, browsers, subprocesses): four
# workers overlap the waits even on two cores. PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 4

pytest: setup
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test: lint typecheck contracts security pytest

clean:
	rm -rf $(VENV) $(AUDIT_VENV) .mypy_cache .ruff_cache .pytest_cache
