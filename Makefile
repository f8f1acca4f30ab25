# Two commands for a fresh machine (README "Quick start"):
#   make run   — set up and run the main job
#   make test  — set up and run every check CI runs
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint typecheck contracts pytest setup clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*; touch $@

setup: $(STAMP)

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
