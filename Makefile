# Two set-up commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench chat clean install

# The development environment; it is redone after `make install` (which leaves the runtime-only marker).
$(BIN)/mpbot: pyproject.toml $(wildcard $(VENV)/.runtime-only)
	rm -f $(VENV)/.runtime-only
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Servers and the Docker image: .venv with the bot and its runtime dependencies only (no dev tools).
install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet .
	touch $(VENV)/.runtime-only

run: $(BIN)/mpbot
	$(BIN)/mpbot run

chat: $(BIN)/mpbot
	$(BIN)/mpbot chat

lint: $(BIN)/mpbot
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(BIN)/mpbot
	$(BIN)/python -m bench $(if $(QUICK),--quick,)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
