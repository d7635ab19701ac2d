# Two commands from a bare python3: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint load bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Start the bot (Discord when DISCORD_TOKEN is set, otherwise the offline console).
run: $(STAMP)
	$(PY) -m bot

## Install everything and run the whole test suite.
test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .

## Run the benchmarks; prints a table and writes docs/benchmarks.md (a few minutes).
bench: $(STAMP)
	$(PY) -m benchmarks

## Load (or reload) data/ into the SQLite store.
load: $(STAMP)
	$(PY) -m bot load

clean:
	rm -rf $(VENV) var out
