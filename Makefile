# Two set-up commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench chat clean messages install

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
	$(BIN)/pytest -n auto

bench: $(BIN)/mpbot
	$(BIN)/python -m bench $(if $(QUICK),--quick,)

# Extract every user-visible msgid into bot/locales/mpbot.pot and merge it into the ru, kk, fa catalogs
# (new msgids arrive untranslated; the bot compiles the .po files in memory at start).
LOCALES := bot/locales
messages: $(BIN)/mpbot
	$(BIN)/pybabel -q extract -F babel.cfg --sort-by-file --no-wrap --project=mpbot --no-location \
		--msgid-bugs-address= -o $(LOCALES)/mpbot.pot .
	for lang in ru kk fa; do \
		if [ -f $(LOCALES)/$$lang/LC_MESSAGES/mpbot.po ]; then \
			$(BIN)/pybabel -q update --no-wrap --no-fuzzy-matching --ignore-obsolete -D mpbot \
				-d $(LOCALES) -l $$lang -i $(LOCALES)/mpbot.pot; \
		else \
			$(BIN)/pybabel -q init --no-wrap -D mpbot -d $(LOCALES) -l $$lang -i $(LOCALES)/mpbot.pot; \
		fi; \
	done

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
