# Two commands: `make run` serves the demo; `make test` passes the tests. Both set everything up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SMTP_PORT ?= 1025
RUN_ENV := DEMO_MODE=true EMAIL_HOST=127.0.0.1 EMAIL_PORT=$(SMTP_PORT) SITE_URL=http://127.0.0.1:$(PORT) \
	PARTNERSHIP_NAME="Northmoor Safeguarding Children Partnership" \
	PARTNERSHIP_CONTACTS="Partnership business co-ordinator|Ada Fenwick|coordinator@demo.rapidreview.invalid;Development officer|Milo Brackenbury|officer@demo.rapidreview.invalid"

.PHONY: run test setup deps assets browser office pdf lint format migrations-check clean

setup: $(BIN)/.installed node_modules/.installed rapidreview/static_build/.built

$(BIN)/.installed: pyproject.toml requirements.lock requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements-dev.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

rapidreview/static_build/.built: node_modules/.installed scripts/build-assets.mjs $(wildcard assets/scss/*.scss)
	node scripts/build-assets.mjs
	touch $@

# Chromium for the browser tests, from Debian's packages (Playwright cannot download its own here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Install Chromium (Debian package 'chromium') to run the browser tests" >&2; exit 1; \
		fi; \
	fi

# LibreOffice, headless, for the tests that open our Word files (Debian package).
office:
	@if ! command -v soffice >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui >/dev/null; \
		else \
			echo "Install LibreOffice (Debian package 'libreoffice-writer-nogui') to run the Word tests" >&2; exit 1; \
		fi; \
	fi

# Pango and a font for WeasyPrint, which writes the meeting pack and the report as PDF.
pdf:
	@if ! ldconfig -p | grep -q libpangoft2-1.0.so.0 || ! fc-list 2>/dev/null | grep -qi dejavu; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-dejavu-core >/dev/null; \
		else \
			echo "Install Pango and a font (Debian packages libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core) for PDF files" >&2; exit 1; \
		fi; \
	fi

collectstatic: setup
	$(RUN_ENV) $(BIN)/rapidreview collectstatic --noinput --verbosity 0

run: setup pdf collectstatic
	$(RUN_ENV) $(BIN)/rapidreview migrate --noinput
	$(RUN_ENV) $(BIN)/rapidreview workdays load-bank-holidays
	$(RUN_ENV) $(BIN)/rapidreview demo
	@echo "Rapid Review: http://127.0.0.1:$(PORT)  (mail sink on port $(SMTP_PORT), messages in var/mail/)"
	$(RUN_ENV) $(BIN)/rapidreview serve --port $(PORT) --smtp-port $(SMTP_PORT)

test: setup browser office pdf
	$(BIN)/ruff check .
	DEMO_MODE=true $(BIN)/rapidreview makemigrations --check --dry-run
	DEMO_MODE=true $(BIN)/rapidreview collectstatic --noinput --verbosity 0
	$(BIN)/pytest $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules rapidreview/static_build staticfiles db.sqlite3* var
