# The two set-up commands of README.md: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Debian packages beyond a stock Python image: PyICU builds against ICU, WeasyPrint
# renders with Pango, the browser tests drive Chromium.
RUN_DEBS := libicu-dev pkg-config g++ libpango-1.0-0 libpangoft2-1.0-0 gettext
TEST_DEBS := $(RUN_DEBS) chromium
HOST ?= 127.0.0.1:8000
# Two pytest workers: the machines this runs on have two cores.
PYTEST_ARGS ?= -n 2

.PHONY: run test check-run-debs check-test-debs setup lint messages benchmark

define require_debs
	@missing=""; for pkg in $(1); do dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "ok installed" || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then echo "Missing Debian packages:$$missing"; echo "Install them with: sudo apt-get install -y$$missing"; exit 1; fi
endef

check-run-debs:
	$(call require_debs,$(RUN_DEBS))

check-test-debs:
	$(call require_debs,$(TEST_DEBS))

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

locale/lo/LC_MESSAGES/django.mo: locale/lo/LC_MESSAGES/django.po | $(BIN)/python
	$(BIN)/pybabel compile --domain django --directory locale --locale lo

setup: check-run-debs $(VENV)/.installed-run locale/lo/LC_MESSAGES/django.mo
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_data

run: setup
	$(MANAGE) runserver $(HOST)

lint:
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djhtml --check lms/templates courses/templates assessments/templates
	$(BIN)/lint-imports

test: check-test-debs $(VENV)/.installed-test locale/lo/LC_MESSAGES/django.mo lint
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) lao_catalogue check
	$(BIN)/pytest $(PYTEST_ARGS)

# Extract new strings into the Lao catalogue (then translate them and `make test`).
messages: $(VENV)/.installed-run
	$(MANAGE) lao_catalogue update

# Speed, query and size figures (printed, never asserted by the test suite).
benchmark: setup
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done
