# The campaign tracker's commands. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CONSTRAINTS := requirements/constraints.txt
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help run test test-e2e typecheck lint format check serve bench backup restore lock clean messages compilemessages check-translations

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.runtime: pyproject.toml $(CONSTRAINTS)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c $(CONSTRAINTS) -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PIP) install -q -c $(CONSTRAINTS) -e '.[dev]'
	@touch $@

run: $(VENV)/.runtime ## Set up (venv, SQLite under var/, case study, local admin) and serve on :8000
	@mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_case_study
	$(PY) manage.py ensure_local_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.dev ## The whole suite (DATABASE_URL set: PostgreSQL); browser tests when Chromium is there
	@mkdir -p var
	@if [ -x "$${CHROMIUM:-/usr/bin/chromium}" ]; then \
		echo "Browser tests: on, with $${CHROMIUM:-/usr/bin/chromium}"; \
	else \
		echo "Browser tests: SKIPPED, no Chromium at $${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)"; \
	fi
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-e2e: $(VENV)/.dev ## Only the browser tests
	$(VENV)/bin/pytest -m e2e $(PYTEST_ARGS)

typecheck: $(VENV)/.dev ## mypy with the Django and DRF plugins over every app (pyproject.toml)
	$(VENV)/bin/mypy

lint: $(VENV)/.dev ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(VENV)/.dev ## Migrations committed, system checks clean
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

serve: $(VENV)/.runtime ## Production-style: gunicorn + whitenoise, settings from the environment
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput -v0
	$(VENV)/bin/gunicorn -c config/gunicorn.py config.wsgi:application --bind $(HOST):$(PORT)

bench: $(VENV)/.dev ## Benchmarks against PostgreSQL (see bench/README)
	$(PY) bench/run.py $(BENCH_ARGS)

messages: $(VENV)/.dev ## Refresh locale/*/LC_MESSAGES/*.po from the code and say what is left to translate (needs gettext)
	$(PY) manage.py makemessages
	@for po in locale/*/LC_MESSAGES/*.po; do printf '%s: ' "$$po"; msgfmt --statistics -o /dev/null "$$po"; done

compilemessages: $(VENV)/.dev ## Build the .mo files the app reads (committed: a fresh machine needs no gettext)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var

check-translations: $(VENV)/.dev ## Fail on an untranslated or fuzzy string, a stale .mo, or a string the catalogues lack
	$(VENV)/bin/pytest tests/test_translations.py $(PYTEST_ARGS)

lock: ## Re-pin the dependencies after changing pyproject.toml
	rm -rf /tmp/tracker-lock && $(PYTHON) -m venv /tmp/tracker-lock
	/tmp/tracker-lock/bin/pip install -q -e '.[dev]'
	/tmp/tracker-lock/bin/pip freeze --exclude-editable > $(CONSTRAINTS)

clean: ## Remove the venv and local data
	rm -rf $(VENV) var

backup: $(VENV)/.runtime ## Back up the database, encrypted to BACKUP_AGE_RECIPIENT, to var/backups/
	$(PY) manage.py backup $(BACKUP_ARGS)

restore: $(VENV)/.runtime ## Replace the database with a backup: make restore FILE=var/backups/...
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=var/backups/<backup file>"; exit 2; }
	$(PY) manage.py restore "$(FILE)" $(RESTORE_ARGS)
