# Everything runs inside a virtualenv in the repository (.venv), created on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint bench validate eval clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (set PYTHON=python3.11)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## run: the Telegram bot when TELEGRAM_BOT_TOKEN is set, else a console chat
run: $(STAMP)
	$(BIN)/python -m bot start

## test: the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check bot tests bench
	$(BIN)/mypy

## validate / eval: the curators' checks of knowledge/
validate: $(STAMP)
	$(BIN)/python -m bot validate

eval: $(STAMP)
	$(BIN)/python -m bot eval

## bench: every benchmark, then one table of figure / target / measured / met or missed
bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
