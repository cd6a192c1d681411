# Thanrak: `make run` serves the demo, `make test` runs the whole suite (DB=postgres for PostgreSQL).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.13 2>/dev/null || ls $$HOME/.pyenv/versions/3.13*/bin/python3.13 2>/dev/null | tail -1 || echo python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install system-deps messages demo serve lint bench clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Thanrak needs Python 3.12 or newer (3.13 recommended)"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Debian packages the tests need: Chromium for browser journeys, poppler for reading PDFs back.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -qq $$missing || (apt-get update -qq && apt-get install -y -qq $$missing); \
	  else sudo apt-get install -y -qq $$missing; fi; \
	fi

messages: install
	@command -v msgfmt >/dev/null || $(MAKE) system-deps
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var --verbosity 0

demo: messages
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py seed_demo

run: demo
	@echo "Thanrak is at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: messages system-deps
	FAST_PASSWORD_HASHER=True $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check thanrak tests bench

clean:
	rm -rf var/thanrak.sqlite3* var/static
