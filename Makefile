# CreaConnect developer tasks.
#   make run                 web + Celery worker + beat on http://127.0.0.1:8000 (PORT=...)
#   make test ARGS="-k foo"  the whole suite (ARGS go to pytest)
# Services: DATABASE_URL / REDIS_URL when set, else embedded servers under .data/.

.DEFAULT_GOAL := run
SHELL := /bin/bash

VENV    := .venv
PY      := $(VENV)/bin/python
ARGS    ?=
LOCALES := fr es it sr_Latn
IGNORES := --ignore=.venv --ignore=.data --ignore=node_modules --ignore=staticfiles

ifneq ($(wildcard package.json),)
NODE_STAMP := node_modules/.installed
endif

.PHONY: run test bench install lint messages clean-data help

# Benchmarks: both data sizes by default (BENCH_SIZES=small for a quick one), BENCH_SECONDS each.
BENCH_SIZES   ?= small large
BENCH_SECONDS ?= 10

bench: install
	@for size in $(BENCH_SIZES); do \
	  $(PY) -m creaconnect.devstack bench --size $$size --duration $(BENCH_SECONDS) || exit 1; \
	done

run: install
	@$(PY) -m creaconnect.devstack run $(ARGS)

test: install
	@$(PY) -m creaconnect.devstack test $(ARGS)

# Silent when nothing changed: the stamps are newer than the lock files.
install: $(VENV)/.installed $(NODE_STAMP)
	@:

$(VENV)/.installed: pyproject.toml uv.lock
	@if command -v uv >/dev/null 2>&1; then uv=uv; else \
	  echo "installing uv"; \
	  python3.11 -m pip install --quiet uv \
	    || python3.11 -m pip install --quiet --break-system-packages uv; \
	  uv="python3.11 -m uv"; \
	fi; \
	echo "syncing $(VENV) (uv sync --frozen)"; \
	$$uv sync --frozen --quiet
	@touch $@

node_modules/.installed: package.json $(wildcard package-lock.json)
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "warning: npm is missing: axe-core (accessibility tests) not installed" >&2; \
	  exit 0; \
	fi; \
	echo "installing node_modules (axe-core)"; \
	if [ -f package-lock.json ]; then \
	  npm ci --no-audit --no-fund --loglevel=error; \
	else \
	  npm install --no-audit --no-fund --loglevel=error; \
	fi && touch $@

lint: install
	$(VENV)/bin/ruff check .

messages: install
	@mkdir -p locale
	$(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) $(IGNORES)

# Stops embedded servers left running, then deletes .data/ (database, Redis, media, mail).
clean-data:
	@if [ -x $(PY) ]; then $(PY) -m creaconnect.devstack clean-data; else rm -rf .data; fi

help:
	@sed -n '1,5p' Makefile
