# upwork-analytics: `make report` renders the monthly report from the bundled sample data,
# `make test` runs the test suite. Both create .venv on first use and reinstall only when
# pyproject.toml changes. `make test` also builds the wheel and checks that it installs and
# runs from an empty folder (scripts/check-wheel.sh, its own environment in .venv-wheel).

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
REPORTS ?= reports
DATA ?=
MESSAGES ?=
MONTH ?=
GROUPS ?=

.DEFAULT_GOAL := help
.PHONY: help report test mutate wheel-check system-deps lab monthly sample bench validate \
	validate-quick clean distclean validate-experiments

help:  ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "upwork-analytics needs Python 3.11 or newer; $(PYTHON) is " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-mutate: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[dev,mutate]'
	@touch $@ $(VENV)/.installed $(VENV)/.installed-dev

$(VENV)/.installed-lab: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[lab]'
	@touch $@ $(VENV)/.installed

report: $(VENV)/.installed  ## render this month's report from the sample data; prints the HTML path
	@$(BIN)/upwork-analytics report monthly --out $(REPORTS) --force

test: $(VENV)/.installed-dev system-deps wheel-check  ## run the whole test suite
	$(BIN)/python -m pytest

mutate: $(VENV)/.installed-mutate  ## mutation testing of the critical modules (slow; GROUPS="cli threads ...")
	nice -n 10 $(BIN)/python scripts/mutate.py $(GROUPS) --min 80

wheel-check: $(VENV)/.installed  ## build the wheel, install it apart, run it from an empty folder
	@PYTHON=$(PYTHON) DEV_PY=$(BIN)/python WHEEL_VENV=$(VENV)-wheel bash scripts/check-wheel.sh

system-deps:  ## install the system packages the tests need (Chromium; apt, once)
	@bash scripts/install-system-deps.sh

lab: $(VENV)/.installed-lab  ## open JupyterLab on notebooks/ (installs the [lab] extra)
	$(BIN)/jupyter lab --notebook-dir=notebooks $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

monthly: $(VENV)/.installed  ## monthly report for your own data: make monthly DATA="my.csv" [MESSAGES="m.csv"] [MONTH=2026-10] [PLANS=experiments]
	@$(BIN)/upwork-analytics report monthly --out $(REPORTS) \
	  $(if $(DATA),--data $(DATA)) $(if $(MESSAGES),--messages $(MESSAGES)) \
	  $(if $(MONTH),--month $(MONTH)) $(if $(PLANS),--plans $(PLANS))

sample: $(VENV)/.installed  ## regenerate data/sample from the generator (seed 7)
	$(BIN)/upwork-analytics sample --out data/sample

JOBS ?= 2
validate: $(VENV)/.installed  ## simulation harness of the statistics (hours of CPU; JOBS=2, RESUME=1)
	nice -n 10 $(BIN)/python -m validation.calibration --jobs $(JOBS) $(if $(RESUME),--resume)

validate-quick: $(VENV)/.installed  ## the harness in a few minutes (12 histories, no 5,000)
	nice -n 10 $(BIN)/python -m validation.calibration --quick --jobs $(JOBS) \
	  --out reports/validation/calibration-quick.jsonl

bench: $(VENV)/.installed-dev  ## run the benchmarks (prints figures; slow)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:  ## remove generated reports and caches (keeps .venv)
	find $(REPORTS) -mindepth 1 ! -name README.md -exec rm -rf {} +
	rm -rf .pytest_cache .hypothesis build .mutate *.egg-info
	find . -name __pycache__ -not -path './$(VENV)/*' -exec rm -rf {} +

distclean: clean  ## also remove the virtualenvs
	rm -rf $(VENV) $(VENV)-wheel

validate-experiments: $(VENV)/.installed-dev  ## simulation check of the experiment design (slow; figures for docs/experiments.md)
	nice -n 10 $(BIN)/python validation/experiments.py $(if $(REPS),--reps $(REPS))
