# qcweb: `make run` serves the site with a Huey worker, `make test` runs every test.
# Works from a fresh machine (Debian, Python 3.11, root): creates .venv, installs the project,
# migrates, and installs the Debian packages the tests need.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
# Jupyter's front end is served on an origin of its own (research/origin.py): another host name
# (localhost rather than 127.0.0.1) on a second port of the same server.
RESEARCH_PORT ?= 8001
# The web server is WEB_PROCESSES daphne processes sharing the listening sockets (serve.py);
# unset, one per core.
export QCWEB_RESEARCH_ORIGIN ?= http://localhost:$(RESEARCH_PORT)
DEBUG ?= 1
DEMO_EMAIL := demo@qcweb.local
DEMO_PASSWORD := demo-password-123
# The engine's tests run without Django (the engine never imports it: proven by running them with
# pytest-django disabled); the web apps' tests run on SQLite, then again on PostgreSQL.
DJANGO_TEST_PATHS = $(wildcard accounts projects backtests api live research community qcweb tests)
# Each pass runs its tests in TEST_WORKERS processes (pytest-xdist). More workers than cores pays:
# many tests wait on an engine subprocess, the sandbox, Chromium or a Huey consumer. `worksteal`
# rebalances the slow tests (real backtests, PDF reports) across workers as they finish.
TEST_WORKERS ?= 3
PYTEST := $(VENV)/bin/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist worksteal --durations=15
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
SANDBOX_PACKAGES := bubblewrap util-linux
DEBIAN_TEST_PACKAGES := $(PDF_PACKAGES) $(SANDBOX_PACKAGES) poppler-utils redis-server

.PHONY: run test bench lean-regression install migrate system-packages run-packages lint node-packages bytecode

run: migrate node-packages run-packages bytecode
	@DEBUG=$(DEBUG) $(PY) manage.py seed_demo >/dev/null
	@if [ "$(DEBUG)" != "1" ]; then DEBUG=$(DEBUG) $(PY) manage.py collectstatic --noinput -v0; fi
	@echo ""
	@echo "  qcweb is running at http://$(HOST):$(PORT)/"
	@echo "  Demo login: $(DEMO_EMAIL) / $(DEMO_PASSWORD)"
	@echo "  Press Ctrl-C to stop the web server and the worker."
	@echo ""
	@export DEBUG=$(DEBUG); \
	$(PY) manage.py run_huey & huey=$$!; \
	trap 'kill $$huey 2>/dev/null; wait $$huey 2>/dev/null' EXIT INT TERM; \
	$(PY) serve.py --host $(HOST) --port $(PORT) --research-port $(RESEARCH_PORT)

test: migrate system-packages node-packages bytecode
	@start=$$(date +%s); \
	echo "== Lint (ruff check, ruff format --check)"; \
	$(VENV)/bin/ruff check -q . && $(VENV)/bin/ruff format --check -q .; lint_status=$$?; \
	echo "== Engine tests, without Django"; \
	$(PYTEST) -p no:django --confcutdir=engine -W ignore::pytest.PytestConfigWarning engine; \
	engine_status=$$?; \
	echo "== Browser tests on SQLite, on their own (beside the engine tests, the live page's deploy,"; \
	echo "   order, liquidate and stop steps timed out under the load)"; \
	$(PYTEST) -n 2 -m browser $(DJANGO_TEST_PATHS); browser_status=$$?; \
	echo "== Web app tests on SQLite, apart from the browser tests"; \
	$(PYTEST) -m "not browser" $(DJANGO_TEST_PATHS); sqlite_status=$$?; \
	[ $$browser_status -eq 0 ] || sqlite_status=$$browser_status; \
	echo "== Web app tests on PostgreSQL (browser tests and those marked db_independent left out)"; \
	tests/run_with_postgres.sh $(PYTEST) -m "not browser and not db_independent" $(DJANGO_TEST_PATHS); \
	pg_status=$$?; \
	echo "make test: lint exit $$lint_status, engine pass exit $$engine_status, SQLite pass exit $$sqlite_status, PostgreSQL pass exit $$pg_status, $$(( $$(date +%s) - start )) s"; \
	[ $$lint_status -eq 0 ] && [ $$engine_status -eq 0 ] && [ $$sqlite_status -eq 0 ] && [ $$pg_status -eq 0 ]

bench: install run-packages bytecode
	$(PY) -m engine.bench
	$(PY) -m backtests.bench_report
	$(PY) -m qcweb.sandbox.bench
	$(PY) -m tests.bench_results_page

# LEAN's own Python regression algorithms against LEAN's published figures: set LEAN_ROOT to a
# LEAN checkout (Algorithm.Python, Algorithm.CSharp, Launcher, Data); skipped without one.
lean-regression: install
	$(PY) -m engine.conformance

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

install: $(STAMP)

# Every backtest is a fresh `python -m engine` process, and the sandbox (like this environment)
# sets PYTHONDONTWRITEBYTECODE: without compiled files each process compiles the engine's ~40k
# lines again (about a third of an empty backtest's start-up). compileall only redoes stale files.
bytecode: install
	@$(PY) -m compileall -q -x '/tests/' engine

$(PY):
	$(PYTHON) -m venv $(VENV) || { apt-get update && apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install -q -e '.[test,bench]'
	@touch $@

migrate: install
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py createcachetable -v0

# Browser packages from package.json (the Monaco editor): `npm ci` when node_modules is missing or
# older than package-lock.json. Installs Node.js from Debian when npm is missing.
node-packages: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { apt-get update && apt-get install -y nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# $(call debian_packages,PACKAGES,PURPOSE): install those of the Debian packages that are missing
# (as root), else warn. PURPOSE must not contain a comma.
define debian_packages
	@missing=""; \
	for pkg in $(1); do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian packages:$$missing ($(2))"; \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
		else \
			echo "warning: missing Debian packages:$$missing ($(2); run as root to install them)" >&2; \
		fi; \
	fi
endef

# Tests: Chromium and chromedriver for browser tests, Pango for WeasyPrint, poppler for
# pdftotext/pdftoppm, bubblewrap for the sandbox the backtests run in.
system-packages:
	$(call debian_packages,chromium chromium-driver $(DEBIAN_TEST_PACKAGES),test tools)

# `make run`: bubblewrap (the sandbox for user code), Chromium (kaleido draws the PDF report's
# charts with it), WeasyPrint's libraries (invoice and report PDFs).
run-packages:
	$(call debian_packages,$(SANDBOX_PACKAGES) chromium $(PDF_PACKAGES),sandbox and PDF reports)
