# Thanrak: `make run` serves the demo, `make test` runs the whole suite (DB=postgres for PostgreSQL).
SHELL := /bin/bash
# Python 3.13 (3.12 works): on PATH, else installed by pyenv even when it is not the default python3.
PYTHON ?= $(shell for p in python3.13 "$${PYENV_ROOT:-$$HOME/.pyenv}"/versions/3.13*/bin/python3.13 \
	/usr/local/bin/python3.13 /usr/bin/python3.13 python3.12 python3; do \
	command -v "$$p" >/dev/null 2>&1 && "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v "$$p"; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Development and tests run with DEBUG (and so the published development key); production sets
# DEBUG=False and its own SECRET_KEY in the environment (docs/deploy.md) and does not use make.
export DEBUG ?= True
# Two workers on a two-core machine; tests of one file stay on one worker (module fixtures load once).
# `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
ifeq ($(PYTEST_WORKERS),0)
XDIST :=
else
XDIST := -n $(PYTEST_WORKERS) --dist loadfile
endif

.PHONY: run test install system-deps messages demo lint clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Thanrak needs Python 3.12 or newer (3.13 recommended): pyenv install 3.13"; exit 1; }
	@echo "Installing Thanrak into $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Debian packages: Chromium for browser journeys, poppler for reading PDFs back, gettext for the
# Thai catalogues, a Thai system font (the pages and PDFs use the vendored Sarabun; this is the fallback).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v fc-list >/dev/null && [ -n "$$(fc-list :lang=th family 2>/dev/null)" ] || missing="$$missing fonts-thai-tlwg"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get install -y -qq --no-install-recommends $$missing \
	    || { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends $$missing; }; \
	fi

# The .mo files are built, not committed; nothing to do until a catalogue exists.
messages: install
	@if find thanrak -path '*/locale/*/LC_MESSAGES/*.po' -print -quit | grep -q .; then \
	  command -v msgfmt >/dev/null || $(MAKE) --no-print-directory system-deps; \
	  $(PY) manage.py compilemessages --ignore=.venv --ignore=var --verbosity 0; \
	fi

demo: messages
	$(PY) manage.py migrate --verbosity 0
	$(PY) manage.py seed_demo

run: demo
	@echo ""
	@echo "Thanrak is at http://$(HOST):$(PORT)/ with its tasks worker (log in with a demo login above; Ctrl-C stops both)"
	$(PY) manage.py serve $(HOST):$(PORT)

test: messages system-deps
	FAST_PASSWORD_HASHER=True $(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

# ruff (style, complexity over 10 beyond the offenders listed per file in pyproject.toml), the
# formatter, and the import contracts of docs/architecture.md (import-linter).
lint: install
	$(VENV)/bin/ruff check thanrak tests bench
	$(VENV)/bin/ruff format --check thanrak tests bench
	$(VENV)/bin/lint-imports --no-cache

clean:
	rm -rf var/thanrak.sqlite3* var/static
