# Everything a fresh machine needs: `make run` opens Companion, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The benchmark's own environment: the peer it compares with (jrnl) and the profilers.
BENCH_VENV := .bench-venv
BENCH_STAMP := $(BENCH_VENV)/.installed

.PHONY: run demo test lint bench clean system-tools

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
		echo "Installing Python's venv module..."; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq python3-venv >/dev/null; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/companion

# The end-to-end tests drive the real app in tmux, the HTML export is opened in headless Chromium,
# faketime runs the command at a chosen instant, and two Syncthing instances on loopback keep
# one journal in step on "two devices"; install them if this machine lacks them.
# Under CI=true a tool that is still missing fails the run instead of skipping its tests.
SYSTEM_TOOLS := tmux:tmux chromium:chromium faketime:faketime syncthing:syncthing
system-tools:
	@for pair in $(SYSTEM_TOOLS); do \
		tool=$${pair%%:*}; package=$${pair#*:}; \
		command -v $$tool >/dev/null 2>&1 && continue; \
		echo "Installing $$package for the tests..."; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		{ $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$package >/dev/null; } || true; \
		if ! command -v $$tool >/dev/null 2>&1 && [ "$${CI:-}" = true ]; then \
			echo "$$tool is needed by the tests and could not be installed."; exit 1; fi; \
	done

test: $(STAMP) system-tools
	$(BIN)/python -m pytest -q -p no:cacheprovider -n auto
	$(BIN)/ruff check companion tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/lint-imports

lint: $(STAMP)
	$(BIN)/ruff check companion tests benchmarks tools
	$(BIN)/ruff format --check companion tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/lint-imports

$(BENCH_STAMP): | $(STAMP)
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet "jrnl==4.6" "pyinstrument>=5" "py-spy>=0.3"
	touch $(BENCH_STAMP)

# Prints the benchmark table and records it in BENCHMARKS.md (see that file).
bench: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench.py --jrnl $(BENCH_VENV)/bin/jrnl --record BENCHMARKS.md

clean:
	rm -rf $(VENV) $(BENCH_VENV) .bench build dist .pytest_cache .mypy_cache .ruff_cache
