# Two commands do all setup: `make run` (the default pipeline) and `make test` (the test suite).
PYTHON ?= python3
VENV ?= .venv
CORES ?= all
BIN := $(VENV)/bin
STAMP := $(VENV)/.musiclust-installed

.PHONY: run test test-fast mutation lint format dry-run report clean-results

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "musiclust needs Python >= 3.11; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/snakemake --cores $(CORES)

test: $(STAMP)
	$(BIN)/python -m pytest

# The inner loop: everything but the tests that run Snakemake.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not workflow"

# How many realistic bugs (tests/mutation/mutations.yaml) the fast suite catches; about a minute each.
mutation: $(STAMP)
	$(BIN)/python tests/mutation/run.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/snakefmt --check Snakefile rules
	$(BIN)/snakemake --lint

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/snakefmt Snakefile rules

dry-run: $(STAMP)
	$(BIN)/snakemake --cores $(CORES) --dry-run

report: $(STAMP)
	$(BIN)/snakemake --cores $(CORES) --report results/report.html

# Everything the pipeline wrote but the LRCLIB answer cache (data/lyrics_cache).
clean-results:
	rm -rf results/* logs .snakemake/metadata
	find data -mindepth 1 -maxdepth 1 -type d ! -name lyrics_cache -exec rm -rf {} +
