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

# With TELEGRAM_TOKEN and/or BALE_TOKEN (environment or .env): the bot, long polling.
# Without a token: the browser sandbox does not exist yet (issue 6), so the run command says
# how to get a token and shows the scoring core on the example builder-license request.
run: setup
	@if $(BIN)/python -c "from bot.settings import Settings; raise SystemExit(0 if Settings().tokens() else 1)"; then \
		$(BIN)/nezam-bot run; \
	else \
		echo "No TELEGRAM_TOKEN or BALE_TOKEN set (see README: Running the bot). Scoring the example request instead:"; \
		$(BIN)/nezam-bot score examples/license-request.json; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

contracts: setup
	$(BIN)/lint-imports

pytest: setup
	$(BIN)/pytest

test: lint typecheck contracts pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
