# Quick start on a fresh Debian / Python 3.11 machine (as root):  make run   |   make test
# Everything runs from .venv, installed from uv.lock; system packages (chromium, redis, wrk) come from apt only when missing.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Debian packages the test suite needs: chromium for Playwright and kaleido, fonts-dejavu-core so Chromium has a
# fallback font with Kyrgyz letters, redis-server for the cache tests, wrk for `make bench`, LibreOffice Impress and
# poppler-utils (pdftoppm) to prove another office suite opens the PowerPoint downloads (tests/ops/test_pptx_office.py).
APT_PACKAGES := chromium fonts-dejavu-core redis-server wrk libreoffice-impress poppler-utils

.PHONY: run dev test bench validate venv sysdeps clean i18n lock bundle

# uv installs the environment from uv.lock (every file checked by hash) and refuses a lock that no longer matches
# pyproject.toml. uv itself lives in its own small venv, installed by pip from a hash-pinned requirement.
TOOLS := .tools
UV := $(TOOLS)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

venv: $(VENV)/.installed

$(UV): tools/requirements-uv.txt
	@# Debian's python3 has no ensurepip until python3-venv is installed; add it when we can (root).
	@if ! $(PYTHON) -c 'import ensurepip' 2>/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv; \
		else \
			echo "$(PYTHON) cannot create a venv: install python3-venv (apt-get install python3-venv) as root"; \
			exit 1; \
		fi; \
	fi
	rm -rf $(TOOLS)
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --require-hashes --no-deps -r tools/requirements-uv.txt
	touch $@

# Rebuilt whenever the lock or pyproject.toml changes; --locked fails (and says so) when they disagree.
$(VENV)/.installed: uv.lock pyproject.toml $(UV)
	$(UV) sync --locked --all-extras --python $(PYTHON)
	touch $@

# After changing dependencies in pyproject.toml: resolve again and rewrite uv.lock (commit both together).
# `make lock ARGS=--upgrade` moves every package to the newest release pyproject allows.
lock: $(UV)
	$(UV) lock $(ARGS)

# Only touches apt when something is missing; non-root runs get a message instead of a failing sudo prompt.
sysdeps:
	@if [ -x /usr/bin/chromium ] && command -v redis-server >/dev/null && command -v wrk >/dev/null \
			&& command -v soffice >/dev/null && command -v pdftoppm >/dev/null; then \
		echo "sysdeps: chromium, redis-server, wrk, libreoffice and pdftoppm already installed"; \
	elif [ "$$(id -u)" != 0 ]; then \
		echo "sysdeps: missing some of $(APT_PACKAGES) and not root: skipping apt-get;"; \
		echo "sysdeps: as root run: apt-get install -y $(APT_PACKAGES)   (browser/cache tests will fail without them)"; \
	else \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(APT_PACKAGES); \
	fi

# Production-shaped: gunicorn with sync workers, data loaded once before fork. Listens on $HOST:$PORT,
# default 127.0.0.1:8050 (e.g. `PORT=9000 make run`); all settings live in gunicorn.conf.py.
run: venv
	$(BIN)/gunicorn 'dashboard.app:create_server()' -c gunicorn.conf.py

# Flask development server with Dash dev tools.
dev: venv
	$(BIN)/python -m dashboard serve

# Lint first (fast), then the whole suite, browser tests included.
test: sysdeps venv
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q

bench: venv
	$(BIN)/python -m bench

# One archive for a server without internet: every locked runtime wheel, the project's wheel, data, assets, INSTALL.md.
bundle: venv
	$(BIN)/python tools/bundle.py --out dist

validate: venv
	$(BIN)/python -m dashboard validate data

clean:
	rm -rf $(VENV) $(TOOLS) dist build .pytest_cache .ruff_cache .hypothesis test-artifacts *.egg-info

# Re-extract every translatable string into the template and merge it into the ky/ru catalogs (new entries come
# out empty: translate them, the tests fail until every entry is translated).
i18n: venv
	$(BIN)/pybabel extract -F babel.cfg -k t -k N_ -k n:1,2 --no-location --sort-output \
		--project kg-labour-migration -o dashboard/i18n/messages.pot dashboard
	$(BIN)/pybabel update -i dashboard/i18n/messages.pot -d dashboard/i18n/locales -D messages --no-fuzzy-matching
