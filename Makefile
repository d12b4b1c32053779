# `make serve` runs a workshop, `make test` runs the whole suite, `make lab` opens the analysis notebooks.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8866
EXPECTED ?= 30
STAMP := $(VENV)/.installed

.PHONY: serve lab test test-scaleout bench i18n clean-venv

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

serve: $(STAMP)
	$(BIN)/facilitation serve --host $(HOST) --port $(PORT) --expected $(EXPECTED)

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

test: $(STAMP)
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
