# DestinAI — `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: install dev catalog run test test-deps lint typecheck bench mutation clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.dev: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

dev: $(VENV)/.dev

## Build the catalog when it is missing or its source files changed.
catalog: install
	$(BIN)/destinai build --if-stale

run: catalog
	$(BIN)/destinai users upgrade
	$(BIN)/destinai serve --host $(HOST) --port $(PORT)

lint: dev
	$(BIN)/ruff check destinai tests benchmarks

## The account tests need PostgreSQL's server binaries, the browser tests Debian's chromium.
test-deps:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql)
	@command -v chromium >/dev/null || (apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium)

typecheck: dev
	$(BIN)/mypy

test: lint typecheck test-deps
	$(BIN)/python -m pytest -q

bench: dev catalog mutation
	$(BIN)/python -m benchmarks.run

## Mutation testing (mutmut, config in pyproject.toml): slow, so in `make bench`, not in CI.
mutation: dev
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2 || true
	$(BIN)/python -m benchmarks.mutation

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
