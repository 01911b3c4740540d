# The two set-up commands of README.md: `make run` and `make test`.
# The newest Python that Django 5.2 and Wagtail 8 support and this machine has.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Debian packages beyond a stock Python image: PyICU builds against ICU, WeasyPrint
# renders with Pango, the browser tests drive Chromium.
RUN_DEBS := python3-venv libicu-dev pkg-config g++ libpango-1.0-0 libpangoft2-1.0-0 gettext
TEST_DEBS := $(RUN_DEBS) chromium sqlite3 postgresql-client
HOST ?= 127.0.0.1:8000
# Two pytest workers: the machines this runs on have two cores.
PYTEST_ARGS ?= -n 2

.PHONY: run test check-run-debs check-test-debs check-python setup lint messages benchmark

# Missing Debian packages are installed as root, or through sudo where it is there;
# otherwise the one line to run is printed.
define require_debs
	@missing=""; for pkg in $(1); do dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "ok installed" || missing="$$missing $$pkg"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then as_root=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root="sudo"; else \
		echo "Missing Debian packages:$$missing"; echo "Install them with: sudo apt-get install -y$$missing"; exit 1; fi; \
	echo "Installing Debian packages:$$missing"; \
	DEBIAN_FRONTEND=noninteractive $$as_root apt-get update -q >/dev/null && \
	DEBIAN_FRONTEND=noninteractive $$as_root apt-get install -y -q --no-install-recommends $$missing >/dev/null
endef

check-run-debs:
	$(call require_debs,$(RUN_DEBS))

check-test-debs:
	$(call require_debs,$(TEST_DEBS))

# A .venv made by another Python (an older try, another machine's) is rebuilt.
check-python:
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.11, 3.12 or 3.13 is needed: sudo apt-get install -y python3"; exit 1; fi
	@want=$$($(PYTHON) -c 'import sys; print(sys.version_info[:2])'); \
	if [ -e $(BIN)/python ] && [ "$$($(BIN)/python -c 'import sys; print(sys.version_info[:2])' 2>/dev/null)" != "$$want" ]; then \
		echo "Rebuilding $(VENV) with $(PYTHON)"; rm -rf $(VENV); fi

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

# The project's catalogue and the admin's (Wagtail's and Django's strings).
CATALOGUES := locale/lo/LC_MESSAGES/django.mo locale/admin/lo/LC_MESSAGES/django.mo \
	locale/admin/lo/LC_MESSAGES/djangojs.mo

# msgfmt, not pybabel: Babel checks Lao's one plural form against the English singular,
# which refuses Wagtail's plurals whose singular has fewer placeholders ("one child page").
# `manage.py lao_catalogue check` checks the placeholders instead.
%.mo: %.po
	msgfmt --output-file=$@ $<

setup: check-run-debs check-python $(VENV)/.installed-run $(CATALOGUES)
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_data

# The background worker (manual PDFs, certificate ZIPs: lms/tasks.py) runs beside the web
# server and stops with it, whichever of the two ends first or however it is stopped.
run: setup
	@$(MANAGE) db_worker --backend background --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST)

lint:
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djhtml --check lms/templates courses/templates assessments/templates
	$(BIN)/lint-imports

test: check-test-debs check-python $(VENV)/.installed-test $(CATALOGUES) lint
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) lao_catalogue check
	$(BIN)/pytest $(PYTEST_ARGS)

# Extract new strings into the Lao catalogue (then translate them and `make test`).
messages: $(VENV)/.installed-run
	$(MANAGE) lao_catalogue update

# Speed, query and size figures (printed, never asserted by the test suite).
benchmark: setup
	@failed=""; for script in benchmarks/*.py; do echo "== $$script"; \
		$(BIN)/python $$script || failed="$$failed $$script"; done; \
	if [ -n "$$failed" ]; then echo "Benchmarks over budget or failing:$$failed"; exit 1; fi
