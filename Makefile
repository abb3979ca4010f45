# The two commands: `make run` (demo mall on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEMO_ENV := DEBUG=true IN_PROCESS_SCHEDULER=true DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3 REDIS_URL=
TEST_ENV := DATABASE_URL=postgres://postgres@127.0.0.1:5432/mpp REDIS_URL=redis://127.0.0.1:6379/0 NIK_HASH_KEY=test-only-nik-hash-key

.PHONY: run test test-fast prod-check install install-dev services messages lint fmt migrations bench clean

run: install  ## install, migrate SQLite, load the demo mall, serve on :8000 (daphne)
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_demo $(if $(REAL_HOURS),,--all-hours)
	$(DEMO_ENV) $(PY) manage.py load_demo_activity
	@echo "Demo mall: http://127.0.0.1:8000  (accounts: manager / kiosk / officer-<agency> / supervisor-<agency>, password mpp-demo)"
	@echo "Open around the clock for the demo; 'make run REAL_HOURS=1' on a fresh db.sqlite3 keeps Kota Probolinggo's hours."
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install-dev services  ## install test deps, start PostgreSQL + Redis if down, run the suite, then prod-check
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS)
	$(MAKE) --no-print-directory prod-check

# The production layout (systemd units' commands, nginx site) on loopback, tested through
# nginx: scripts/prod_check.py. Debian's nginx is installed when missing.
prod-check: install-dev services
	@sh scripts/system-deps.sh $(PROD_PACKAGES)
	$(PY) scripts/prod_check.py

# One pytest-xdist worker per core; each has its own test database and Redis prefix.
TEST_FAST_WORKERS ?= auto
test-fast: install-dev services  ## the edit loop: the suite without browser and slow tests (CI runs `make test`)
	$(TEST_ENV) $(VENV)/bin/pytest -n $(TEST_FAST_WORKERS) -m "not browser and not slow" $(PYTEST_ARGS)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

# Debian packages: espeak-ng speaks the calls; Chromium runs the browser tests; nginx
# fronts the production layout of prod-check.
RUN_PACKAGES := espeak-ng
TEST_PACKAGES := espeak-ng chromium fonts-dejavu-core nginx
PROD_PACKAGES := espeak-ng nginx

install: $(VENV)/.installed
	@sh scripts/system-deps.sh $(RUN_PACKAGES)
install-dev: $(VENV)/.installed-dev
	@sh scripts/system-deps.sh $(TEST_PACKAGES)

services:  ## start PostgreSQL and Redis on loopback when they are down
	@sh scripts/services.sh

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

fmt:
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install-dev services
	$(PY) bench/tickets.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

messages:  ## refresh the English catalog (msgids are Indonesian; locale/id only holds third-party fixes)
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=tests --ignore=bench --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv
