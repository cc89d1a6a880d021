# planflow — the commands a newcomer needs.
#
#   make run    set up .venv, migrate, load the demo and serve http://127.0.0.1:8000
#   make test   lint, then the whole test suite on SQLite and, when one answers, on PostgreSQL (side by side)
#
# Everything runs in the virtualenv .venv, created with `python3 -m venv` when missing.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
MANAGE := $(PY) manage.py

HOST := 127.0.0.1:8000
# Development settings for `make run`: debug on, a fixed key that is not secret (never use in production).
DEV_ENV := DJANGO_DEBUG=1 SECRET_KEY="$${SECRET_KEY:-planflow-development-only-not-a-secret}"
# PostgreSQL for `make test` when DATABASE_URL is not set and 127.0.0.1:5432 answers.
LOCAL_POSTGRES := postgres://postgres@127.0.0.1:5432/planflow
PYTEST_ARGS ?=

.PHONY: help run install install-dev migrate demo messages system-packages system-test-packages lint format test test-sqlite test-postgres bench serve loadtest clean distclean

help:
	@echo "make run      create .venv, install, migrate, load the demo data, serve on http://$(HOST)"
	@echo "make test     make lint, then pytest on SQLite and on PostgreSQL (if reachable) side by side"
	@echo "make migrate  apply migrations (SQLite in var/ unless DATABASE_URL is set)"
	@echo "make demo     load the demo organizations, accounts and seed plans (idempotent)"
	@echo "make lint     ruff check, ruff format --check and lint-imports (the layers)"
	@echo "make bench    benchmarks on PostgreSQL (gen_scale data) -> bench/results.json, bench/README.md"
	@echo "make serve    production-like: migrate (as PLANFLOW_MIGRATE_DATABASE_URL if set), collectstatic, celery worker + beat, gunicorn (DATABASE_URL, REDIS_URL, WEB_WORKERS)"
	@echo "make loadtest wrk on loopback against gunicorn + PostgreSQL (20 connections, 30 s) -> bench/results.json \"serve\""
	@echo "make format   ruff format and ruff check --fix"
	@echo "make clean    remove caches; make distclean also removes .venv and the SQLite database"

# --- the virtualenv: created once, reinstalled when a requirements file changes -------------------

$(PY):
	@echo "== creating the virtualenv $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: on Debian/Ubuntu install python3-venv"; exit 1; }

$(VENV)/.installed: requirements.txt | $(PY)
	@echo "== installing requirements.txt"
	$(PIP) install --disable-pip-version-check -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt | $(PY)
	@echo "== installing requirements-dev.txt"
	$(PIP) install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# --- running it --------------------------------------------------------------------------------

run: install messages migrate demo
	@echo "== serving http://$(HOST) (DJANGO_DEBUG=1; stop with Ctrl-C)"
	$(DEV_ENV) exec $(MANAGE) runserver $(HOST)

migrate: install
	@$(DEV_ENV) $(MANAGE) migrate --noinput

# loaddemo prints the demo accounts and their password note.
demo: install
	@$(DEV_ENV) $(MANAGE) loaddemo

# Compile the translations (locale/*/LC_MESSAGES/*.po) when there are any; msgfmt comes from gettext.
messages: install system-packages
	@if compgen -G "locale/*/LC_MESSAGES/*.po" > /dev/null; then
		$(DEV_ENV) $(MANAGE) compilemessages --ignore=$(VENV) -v0
	fi

# Debian packages: gettext (msgfmt), WeasyPrint's pango libraries and Liberation fonts 2 (Vietnamese
# glyphs), and for the tests poppler-utils (pdftotext, pdftoppm, pdfsig), libnss3-tools (certutil: a
# trust store for pdfsig), chromium (the browser test) and softhsm2 (a PKCS#11 token for the signing
# tests; they make their own token in a temporary directory through SOFTHSM2_CONF).
# Only the missing ones are installed (as root directly, otherwise through sudo).
RUN_DEBS := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 tesseract-ocr tesseract-ocr-vie
TEST_DEBS := $(RUN_DEBS) poppler-utils libnss3-tools chromium softhsm2 libreoffice-writer-nogui

define install_debs
	missing=""
	for pkg in $(1); do dpkg -s "$$pkg" > /dev/null 2>&1 || missing="$$missing $$pkg"; done
	if [ -n "$$missing" ]; then
		echo "== installing Debian packages:$$missing"
		if [ "$$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
		$$SUDO apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing > /dev/null
	fi
endef

system-packages:
	@$(call install_debs,$(RUN_DEBS))

system-test-packages:
	@$(call install_debs,$(TEST_DEBS))

# --- checking it -------------------------------------------------------------------------------

lint: install-dev
	@echo "== ruff check ."
	$(VENV)/bin/ruff check .
	echo "== ruff format --check ."
	$(VENV)/bin/ruff format --check .
	echo "== lint-imports (the layers of .importlinter)"
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Lint, then the whole suite on SQLite and on PostgreSQL (when one answers) side by side: each
# pytest run keeps one core busy, so the two together take about as long as the slower one. Each
# run's output goes to test-output/pytest-<database>.log and is printed when that run ends. Every
# step runs even when an earlier one failed (so one run shows every problem); make test fails if any
# step failed. `make test-sqlite` / `make test-postgres` run one database in the foreground.
test: install-dev system-test-packages messages
	@start=$$(date +%s)
	failed=""
	$(MAKE) --no-print-directory lint || failed="$$failed lint"
	mkdir -p test-output
	echo "== pytest on SQLite and on PostgreSQL side by side (logs: test-output/pytest-sqlite.log, test-output/pytest-postgresql.log)"
	$(MAKE) --no-print-directory test-sqlite > test-output/pytest-sqlite.log 2>&1 &
	sqlite_run=$$!
	$(MAKE) --no-print-directory test-postgres > test-output/pytest-postgresql.log 2>&1 &
	postgres_run=$$!
	wait $$sqlite_run || failed="$$failed sqlite"
	cat test-output/pytest-sqlite.log
	wait $$postgres_run || failed="$$failed postgresql"
	cat test-output/pytest-postgresql.log
	echo
	echo "== make test took $$(( $$(date +%s) - start )) s: $${failed:+FAILED:}$${failed:-lint, SQLite and PostgreSQL runs passed}"
	[ -z "$$failed" ]

test-sqlite: install-dev
	@echo
	echo "=================== pytest on SQLite (in-memory test database) ==================="
	env -u DATABASE_URL PLANFLOW_TESTING=1 $(VENV)/bin/pytest --create-db -rs $(PYTEST_ARGS)

test-postgres: install-dev
	@echo
	url="$${DATABASE_URL:-}"
	if [[ -n "$$url" && "$$url" != postgres* ]]; then
		echo "== DATABASE_URL is not a PostgreSQL URL: the PostgreSQL run is skipped"
		exit 0
	fi
	if [[ -z "$$url" ]]; then
		if ! $(PY) -c "import socket; socket.create_connection(('127.0.0.1', 5432), timeout=2).close()" 2> /dev/null; then
			echo "== no PostgreSQL answers on 127.0.0.1:5432 and DATABASE_URL is not set: the PostgreSQL run is skipped"
			exit 0
		fi
		url="$(LOCAL_POSTGRES)"
	fi
	shown=$$(echo "$$url" | sed -E 's#://([^:@/]+):[^@/]*@#://\1:***@#')
	echo "=================== pytest on PostgreSQL: $$shown (test database test_<name>) ==================="
	DATABASE_URL="$$url" PLANFLOW_TESTING=1 $(VENV)/bin/pytest --create-db -rs $(PYTEST_ARGS)

# Benchmarks on PostgreSQL (never part of make test): bench/results.json and bench/README.md.
# The database is DATABASE_URL's (or the local server's) name + _bench, dropped and filled again.
BENCH_ARGS ?=
bench: install-dev
	@DATABASE_URL="$${DATABASE_URL:-$(LOCAL_POSTGRES)}" PLANFLOW_TESTING=1 $(PY) bench/run.py $(BENCH_ARGS)

# Production-like serving: DJANGO_DEBUG off, gunicorn (config/gunicorn.conf.py) with WEB_WORKERS
# processes (default 2 x cores + 1, at most 8) on PLANFLOW_BIND (default 127.0.0.1:8000), against
# DATABASE_URL (PostgreSQL in production) and REDIS_URL (Celery broker + shared cache; without it
# the cache is a table of the database). A Celery worker with beat runs in the background when
# REDIS_URL is set and stops with the server.
# SECRET_KEY and ALLOWED_HOSTS must come from the environment.
serve: install messages
	@: "$${SECRET_KEY:?set SECRET_KEY (make serve runs with DJANGO_DEBUG off)}"
	export DJANGO_DEBUG=0
	if [ -n "$${PLANFLOW_MIGRATE_DATABASE_URL:-}" ]; then
		echo "== migrating as the owner role of PLANFLOW_MIGRATE_DATABASE_URL (the application connects as DATABASE_URL's)"
		DATABASE_URL="$$PLANFLOW_MIGRATE_DATABASE_URL" $(MANAGE) migrate --noinput
	else
		$(MANAGE) migrate --noinput
	fi
	$(MANAGE) collectstatic --noinput -v0
	if [ -n "$${REDIS_URL:-}" ]; then
		echo "== celery worker + beat against $$REDIS_URL (in the background)"
		$(VENV)/bin/celery -A config worker --beat --loglevel=WARNING --concurrency=1 &
		celery_pid=$$!
		trap 'kill $$celery_pid 2> /dev/null || true' EXIT
	else
		echo "== REDIS_URL is not set: background jobs run in the request (eager); the cache is a database table"
	fi
	PLANFLOW_WORKERS="$${WEB_WORKERS:-$${PLANFLOW_WORKERS:-}}" $(VENV)/bin/gunicorn -c config/gunicorn.conf.py

# A bounded load test on loopback (bench/loadtest.sh): gunicorn with WEB_WORKERS (3) against the
# bench database (DATABASE_URL's name + _bench, filled by make bench), with Redis and a Celery worker as make serve
# runs them (LOADTEST_REDIS_URL, default the local server's database 14), wrk with 20 connections for 30 s.
loadtest: install
	@$(call install_debs,wrk curl redis-tools)
	url="$${DATABASE_URL:-$(LOCAL_POSTGRES)}"
	DATABASE_URL="$${url}_bench" bash bench/loadtest.sh

# --- tidying -----------------------------------------------------------------------------------

clean:
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf
	rm -rf .pytest_cache .ruff_cache test-output

distclean: clean
	rm -rf $(VENV) var/planflow.sqlite3
