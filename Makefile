# `make serve` runs a workshop, `make test` runs the whole suite, `make lab` opens the analysis notebooks.
# `make test-fast` is the inner loop (no browser, no PostgreSQL); `make lint` and `make docs` are CI's checks.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8866
EXPECTED ?= 30
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: serve lab test test-fast test-scaleout lint docs docs-deps bench i18n clean-venv a11y-deps

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

# The checks' and the documentation site's tools (the lint and docs extras), on top of the test venv.
$(DEV_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test,lint,docs]'
	@touch $(DEV_STAMP)

serve: $(STAMP)
	$(BIN)/facilitation serve --host $(HOST) --port $(PORT) --expected $(EXPECTED)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

AXE := tests/a11y/node_modules/axe-core/axe.min.js

# axe-core (npm) for the accessibility browser tests; without npm they skip (CI installs it).
a11y-deps:
	@if [ -f $(AXE) ]; then :; elif command -v npm >/dev/null 2>&1; then npm ci --prefix tests/a11y --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the accessibility tests (tests/test_browser_a11y.py) will be skipped"; fi

test: $(STAMP) a11y-deps
	$(BIN)/python -m pytest

# No browser, no server, no PostgreSQL: the store tests run on SQLite only (tests/conftest.py).
test-fast: $(STAMP)
	FACILITATION_TEST_BACKENDS=sqlite $(BIN)/python -m pytest -m "not browser and not slow and not scaleout" -q $(PYTEST_ARGS)

# What CI runs before the suite; the rules are in pyproject.toml ([tool.ruff], [tool.mypy]).
lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The documentation site in site/ (open site/index.html: it works offline, search included);
# strict: a broken link, a missing page or a page outside the navigation fails.
docs: $(DEV_STAMP) docs-deps
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

SHIM := docs/assets/iframe-worker/shim.js

# npm's iframe-worker (docs/npm, pinned by its lock file) lets the site's search run from disk;
# without npm the site still builds, and its search then needs the network.
docs-deps:
	@if [ -f $(SHIM) ]; then :; elif command -v npm >/dev/null 2>&1; then npm ci --prefix docs/npm --no-audit --no-fund --loglevel=error \
	  && mkdir -p $(dir $(SHIM)) && cp docs/npm/node_modules/iframe-worker/shim/index.js $(SHIM); \
	else echo "npm not found: the documentation site's search will need the network"; fi

test-scaleout: $(STAMP)
	$(BIN)/python -m pytest -m scaleout tests/test_workers.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.scale $(SCALE_ARGS)
	$(BIN)/python -m benchmarks.flood $(FLOOD_ARGS)

i18n: $(STAMP)
	$(BIN)/python -m facilitation.i18n.catalog update

clean-venv:
	rm -rf $(VENV)
