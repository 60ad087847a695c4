# The two commands of the README: `make run` and `make test`. Both set up everything they need.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# pyenv reads .python-version; otherwise fall back to any Python 3.13 or 3.12 on the PATH.
PYTHON ?= $(shell pyenv which python 2>/dev/null || command -v python3.13 || command -v python3.12)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: help install run serve worker migrate seed test lint format shell backup restore

help:
	@echo "make run    install, start the embedded PostgreSQL, migrate, load the seed, serve :8000"
	@echo "make test   lint, format check, import rules and the whole test suite"
	@echo "make lint | format | shell | serve (gunicorn, production mode) | migrate | seed"
	@echo "make worker  run background tasks (alert e-mails); manage.py send_alerts enqueues them"
	@echo "make backup | restore FILE=var/backups/archive-….tar.gz"

$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || (echo "Python 3.12+ not found (pyenv install 3.13?)" >&2; exit 1)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(MANAGE) migrate --no-input

seed: migrate
	$(MANAGE) load_seed

run: seed
	$(MANAGE) runserver 127.0.0.1:8000

# The background worker: sends the alert digests `manage.py send_alerts` enqueues. `make run`
# works without it (the digests wait in the database until a worker runs).
worker: migrate
	$(MANAGE) db_worker --no-reload

# Production-mode serving: needs SECRET_KEY and ALLOWED_HOSTS in the environment. Three sync
# workers: on 2 idle cores they served the 50-client load test at 91-107 requests/s, against
# 57-74 for gthread workers (3 × 4, 2 × 4), whose threads fight over one interpreter lock while
# a search renders (docs/scaling.md, "Fixed cost and worker model").
serve: install
	DJANGO_ENV=production STATIC_MANIFEST=1 $(MANAGE) collectstatic --no-input -v 0
	DJANGO_ENV=production $(BIN)/gunicorn archive.wsgi --bind 127.0.0.1:8000 --workers 3

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# In parallel (pytest-xdist): a test database and media/static/page-cache folders per worker; each
# test file stays on one worker (module-scoped data, the scale-out clusters). The browser, gunicorn
# and database tests mostly wait, so more workers than the 2 cores CI has still pay off. The
# slowest tests are printed at the end, so a run that grows shows where.
TEST_WORKERS ?= 3
test: lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --durations=20

shell: install
	$(MANAGE) shell

# Database (pg_dump) + media files in one tar.gz under var/backups/.
backup: install
	$(MANAGE) backup

restore: install
	@test -n "$(FILE)" || (echo "usage: make restore FILE=path/to/backup.tar.gz" >&2; exit 2)
	$(MANAGE) restore "$(FILE)" --no-input
