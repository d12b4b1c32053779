# `make serve` runs a workshop, `make test` runs the whole suite, `make lab` opens the analysis notebooks.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8866
EXPECTED ?= 30
STAMP := $(VENV)/.installed

.PHONY: serve lab test test-scaleout bench i18n clean-venv a11y-deps

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

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

test-scaleout: $(STAMP)
	$(BIN)/python -m pytest -m scaleout tests/test_workers.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.scale $(SCALE_ARGS)

i18n: $(STAMP)
	$(BIN)/python -m facilitation.i18n.catalog update

clean-venv:
	rm -rf $(VENV)
