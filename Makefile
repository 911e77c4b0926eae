# The two commands of the README: `make run` (site with demo content) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell $(PYTHON) -c "import hashlib,sys;print(hashlib.sha1(open('pyproject.toml','rb').read()).hexdigest()[:12])")
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Where links in emails (and certificates drawn outside a request) point: the address `make run` serves, unless
# the site is reached by another name (`make run BASE_URL=http://localhost:8000`).
BASE_URL ?= http://$(HOST):$(PORT)

# What WeasyPrint needs to draw certificates (Pango; HarfBuzz subsetting keeps fonts small and fast) and the
# font they are set in (DejaVu, with Cyrillic).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

# Debian's Chromium, for the browser tests (tests/e2e): Playwright cannot download its own browser here.
BROWSER_PACKAGES := chromium

# What the deployment tests (tests/deployment, tests/lms/operations) use beside PostgreSQL and Redis: nginx to check
# the reference configuration (`nginx -t`), PostgreSQL's client tools for the backup and restore drill.
DEPLOY_PACKAGES := nginx-light postgresql-client

.PHONY: run test install install-chromium install-audit install-deploy-tools system-packages lint messages screenshots clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

install: system-packages $(STAMP)

# On Debian/Ubuntu, installs what is missing (as root, or through sudo); elsewhere says what is needed.
system-packages:
	@$(call apt_install,$(SYSTEM_PACKAGES),Certificates need Pango and the DejaVu fonts)

install-chromium:
	@$(call apt_install,$(BROWSER_PACKAGES),The browser tests need Chromium at /usr/bin/chromium)

install-deploy-tools:
	@$(call apt_install,$(DEPLOY_PACKAGES),The deployment tests need nginx and the PostgreSQL client tools)

# The audits of the browser tests (tests/e2e/test_audits.py): axe-core, Lighthouse and the Nu HTML checker, at the
# versions package-lock.json holds, into node_modules/ (again only when the lock file changed). --ignore-scripts:
# vnu-jar's own download of a Java is neither possible here nor needed, Debian's runs it. Needs Node.js 18.20 or newer
# and npm; installs Node.js and Java from Debian when they are missing.
AUDIT_STAMP := node_modules/.package-lock.json

install-audit: $(AUDIT_STAMP)
	@command -v java >/dev/null 2>&1 || $(call apt_install,default-jre-headless,The Nu HTML checker needs Java)

$(AUDIT_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || $(call apt_install,nodejs npm,The audits need Node.js and npm)
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# $(1): Debian packages, installed only when missing; $(2): what to say on a system without dpkg.
define apt_install
	if command -v dpkg >/dev/null 2>&1; then \
		missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
		if [ -n "$$missing" ]; then \
			sudo=""; if [ "$$(id -u)" -ne 0 ]; then sudo="sudo"; fi; \
			echo "== installing $$missing =="; \
			$$sudo apt-get update -qq && $$sudo apt-get install -y --no-install-recommends $$missing; \
		fi; \
	else \
		echo "$(2): install them with your system's package manager."; \
	fi
endef

run: export WAGTAILADMIN_BASE_URL = $(BASE_URL)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Hromada LMS:   $(BASE_URL)/uk/   (English: $(BASE_URL)/en/)"
	@echo "  Wagtail admin: $(BASE_URL)/admin/"
	@echo "  Emails (verification, password reset) are printed in this terminal."
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Never installs system packages: the tests that need Pango, Chromium or the audits' tools skip without them
# (`make install`, `make install-chromium`, `make install-audit`). The browser tests run in a process of their own (tests/e2e/conftest.py says why).
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist load $(PYTEST_ARGS)
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

# What CI checks before the tests: migrations match the models, ruff, and the floors between the apps
# (import-linter's contracts in pyproject.toml: content imports no other app, enrollments never certificates).
lint: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# The README's pictures (docs/screenshots/), taken by Chromium from the demo in a throwaway database (never db.sqlite3);
# commit them when a page's look changes. Not part of `make test`.
screenshots: install install-chromium
	$(BIN)/python docs/screenshots.py

# Needs GNU gettext (apt-get install gettext); the compiled catalogues are committed.
messages: install
	$(BIN)/python manage.py makemessages --locale uk --ignore ".venv/*" --ignore "node_modules/*" --ignore "tests/*" --no-obsolete
	$(BIN)/python manage.py compilemessages --locale uk --locale en --ignore ".venv/*" --ignore "node_modules/*"

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .test-media node_modules

# The load benchmark of issue 17 (docs/performance.md; bench/run.py says how). Not part of `make test`: it builds two
# bench databases in PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/), serves them with
# gunicorn beside a minimal Django view and wagtail-lms 0.11 (in a venv of its own, so ours stays clean), drives them
# with wrk and writes the table to docs/performance.md. Options: `make bench BENCH_ARGS="--seconds 5 --rounds 1"`.
PEER_VENV  := .venv-bench-peer
PEER_STAMP := $(PEER_VENV)/.installed-wagtail-lms-0.11.1
BENCH_ARGS ?=

.PHONY: bench
bench: $(STAMP)
	@$(call apt_install,wrk,The benchmark needs wrk)
	@$(MAKE) --no-print-directory $(PEER_STAMP) || echo "wagtail-lms could not be installed: the bench runs without it"
	$(BIN)/python -m bench.run $(BENCH_ARGS)

$(PEER_STAMP):
	$(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip install --quiet "wagtail-lms==0.11.1" gunicorn "psycopg[binary]"
	@touch $@
