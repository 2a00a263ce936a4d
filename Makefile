# LearnSociety: `make run` to try it, `make test` to test it. Needs only Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run setup install messages translations static migrate demo test test-all e2e lint format lock worker beat clean

run: setup migrate demo ## Install, migrate, load the demo if empty, serve on 127.0.0.1:8000
	$(PY) manage.py runserver $(HOST):$(PORT)

$(BIN)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

install: $(BIN)/.installed

setup: install translations static

translations: install ## Compile locale/*.po to .mo (pure Python, no gettext needed)
	$(PY) tools/compile_messages.py

static: install
	$(PY) manage.py collectstatic --noinput --verbosity 0

migrate: install
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py load_demo --if-empty

test: install translations ## The whole test suite (browser tests: `make e2e`)
	$(BIN)/pytest -m "not e2e" -n 2 $(PYTEST_ARGS)

e2e: install translations ## Browser journeys in headless Chromium (screenshots in tests/e2e/screenshots)
	$(BIN)/pytest tests/e2e -m e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## Extract strings into locale/vi/LC_MESSAGES/django.po (needs GNU gettext)
	$(PY) tools/translate.py --extract

lock: ## Re-pin every dependency after editing pyproject.toml's lists
	mkdir -p var && $(PY) tools/dependencies.py > var/requirements.txt
	$(BIN)/pip install -r var/requirements.txt
	$(BIN)/pip freeze --exclude-editable > requirements.lock

worker: install
	$(BIN)/celery -A learnsociety worker --loglevel INFO

beat: install
	$(BIN)/celery -A learnsociety beat --loglevel INFO

clean:
	rm -rf $(VENV) var .pytest_cache
