# Switchboard: `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo test lint bench bench-queueing bench-web install clean browser

install: $(INSTALLED)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the project's dependencies change.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

# The demo always runs on the embedded SQLite store, whatever SWITCHBOARD_DATABASE_URL says: it
# simulates the default demo centre (switchboard demo generate) unless the store holds it already,
# shows its KPIs, then serves the web app on PORT until Ctrl-C, printing the URL and the demo
# sign-ins last. `make demo SERVE=` only shows the KPIs; `make demo PORT=8001` serves elsewhere.
# Set here, not with ?=: a PORT exported for some other tool must not move the demo.
SERVE := yes
PORT := 8000
demo: $(INSTALLED)
	$(BIN)/switchboard --database-url sqlite:///./switchboard.db demo $(if $(SERVE),--serve --port $(PORT))

# One pytest worker per core (pytest-xdist): every worker migrates its own SQLite template and
# PostgreSQL schemas, so they never share a store. `.venv/bin/pytest` alone runs serially.
test: $(INSTALLED)
	$(BIN)/pytest -n auto

# Browser tests drive Debian's Chromium at /usr/bin/chromium; Playwright's own browsers are never
# downloaded. Without it the browser tests skip locally and fail in CI (CI=true).
browser:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: /usr/bin/chromium"; else \
		sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
		$$sudo apt-get update -q && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	fi

lint: $(INSTALLED)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(INSTALLED)
	$(BIN)/python benchmarks/ingest.py

# Erlang and simulator speed against pyworkforce and SimPy, which it installs in a venv of its own
# (benchmarks/.venv-baselines, Python 3.12+), never in the project's.
bench-queueing: $(INSTALLED)
	$(BIN)/python benchmarks/queueing.py

# Load test of `switchboard serve` over loopback on the demo centre (SQLite): 20 people at
# dashboards, 20 API clients and 5 people signing in; the demo store is cached in benchmarks/out/web.
bench-web: $(INSTALLED)
	$(BIN)/python benchmarks/web.py

clean:
	rm -rf $(VENV) switchboard.db switchboard.db-wal switchboard.db-shm demo-data
