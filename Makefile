# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: setup run test lint format messages migrate seed schema bench-graphql bench-search bench-stock bench-checkout bench-webhooks bench-pages bench-setup bench-load bench-statistics serve fuzz clean-venv

setup: $(STAMP) messages

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# Compiles the Vietnamese and English catalogues with Babel, so no GNU gettext is needed.
messages: $(STAMP)
	@$(BIN)/python -m marketplace.core.compile_messages

migrate: setup
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

run: seed
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production-style: gunicorn with settings from the environment (DEBUG=0, SECRET_KEY,
# ALLOWED_HOSTS, DATABASE_URL, ...), static files collected and served by WhiteNoise.
WEB_CONCURRENCY ?= 3
serve: setup
	$(BIN)/python manage.py collectstatic --noinput -v 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/gunicorn marketplace.wsgi -b $(HOST):$(PORT) -w $(WEB_CONCURRENCY) \
		--access-logfile - --forwarded-allow-ips "*"

# Rewrites schema.graphql from the code; a test fails when they differ.
schema: setup
	$(BIN)/python manage.py write_schema

# Benchmarks: see README. They need PostgreSQL (BENCH_DATABASE_URL, default ocop_bench).
bench-graphql: setup
	$(BIN)/python bench/graphql_catalogue.py

# BENCH_DATABASE_URL defaults to ocop_bench_search for this one.
bench-search: setup
	$(BIN)/python bench/search.py

# BENCH_DATABASE_URL defaults to ocop_bench_stock for this one.
# BENCH_STOCK_ARGS="--worker" adds the POS webhooks over HTTP with a Celery worker (Redis 9).
BENCH_STOCK_ARGS ?=
bench-stock: setup
	$(BIN)/python bench/stock_sync.py $(BENCH_STOCK_ARGS)

# BENCH_DATABASE_URL defaults to ocop_bench_checkout for this one.
bench-checkout: setup
	$(BIN)/python bench/checkout.py

# Locust, only for the load benchmark (the `bench` extra); `make test` does not need it.
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	@touch $(BENCH_STAMP)

bench-setup: $(BENCH_STAMP)

# Mixed storefront + checkout + stockSync load with locust (BENCH_DATABASE_URL defaults to
# ocop_bench_load); LOAD_USERS and LOAD_DURATION (seconds) to change the run.
LOAD_USERS ?= 30
LOAD_DURATION ?= 60
bench-load: setup bench-setup
	$(BIN)/python bench/load.py --users $(LOAD_USERS) --duration $(LOAD_DURATION)

# Server time (p50/p95) and gzip weight of the ten pages of the quality bars on the 20,000-product
# catalogue; BENCH_DATABASE_URL defaults to ocop_bench_pages. BENCH_PAGES_ARGS="--requests 100".
BENCH_PAGES_ARGS ?=
bench-pages: setup
	$(BIN)/python bench/pages.py $(BENCH_PAGES_ARGS)

# The OCOP programme statistics (service, GraphQL, page) on the 20,000-product catalogue;
# BENCH_DATABASE_URL defaults to ocop_bench_stats for this one.
bench-statistics: setup
	$(BIN)/python bench/programme_statistics.py

# Webhook throughput: WEBHOOK_EVENTS events delivered to the example receiver (events/s);
# BENCH_DATABASE_URL defaults to ocop_bench_webhooks for this one.
WEBHOOK_EVENTS ?= 1000
bench-webhooks: setup
	$(BIN)/python bench/webhooks.py --events $(WEBHOOK_EVENTS)

# Fuzzes every query and mutation with schemathesis: FUZZ_EXAMPLES generated operations each
# (the normal test run sends 30). Set DATABASE_URL to fuzz on PostgreSQL.
FUZZ_EXAMPLES ?= 200
fuzz: setup
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -m fuzz tests/graphql/test_fuzz.py $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean-venv:
	rm -rf $(VENV)
