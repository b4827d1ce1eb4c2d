# One command each: `make serve` (build and serve the site with live reload)
# and `make test` (the whole test suite). Both install what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two hash-locked dependency groups (requirements/): build (what builds the site,
# all that make build and make serve install) and test (the checks, on top).
# Each install stamp changes whenever its lock file (or pyproject.toml) changes,
# so an edited lock is reinstalled automatically.
STAMP  := $(VENV)/.installed-build-$(shell cat requirements/build.txt pyproject.toml 2>/dev/null | sha256sum | cut -c1-16)
TEST_STAMP := $(VENV)/.installed-test-$(shell sha256sum requirements/test.txt 2>/dev/null | cut -c1-16)
NODE_STAMP := node_modules/.installed-$(shell sha256sum package-lock.json 2>/dev/null | cut -c1-16)
BENCH_NODE_STAMP := bench/node_modules/.installed-$(shell sha256sum bench/package-lock.json 2>/dev/null | cut -c1-16)

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install install-test serve build diff compare-looks sign-off test test-fast check lint docs-errors bench lock browser-deps system-deps clean

install: $(STAMP)

# The macros package (macros/, with its MkDocs plugin entry point) is installed
# editable from pyproject.toml, with the locked setuptools: no download.
$(STAMP): requirements/build.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/build.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@rm -f $(VENV)/.installed-build-* && touch $@

install-test: $(TEST_STAMP)

$(TEST_STAMP): requirements/test.txt | $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/test.txt
	@rm -f $(VENV)/.installed-test-* && touch $@

# Live reload also follows data/, macros/, includes/ and overrides/ (see watch: in mkdocs.yml).
# SITE_URL puts the local preview at the server's root instead of the published sub-path.
serve: install
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/mkdocs serve --livereload --dev-addr 127.0.0.1:8000

# The static site, strictly built, in site/ (or in $SITE_DIR when that is set).
# (Never add -q: it hides the warnings strict mode counts.)
# `make build` then `SITE_DIR=site make test` tests that built folder instead of a
# fresh build of the tests' own; the deploy workflow does this, then publishes it.
build: install
	$(BIN)/mkdocs build --strict --site-dir "$(or $(SITE_DIR),site)"

# What readers will see change (tools/site_diff.py): the site built at BASE (default: the
# merge base with main, else HEAD~1) and at the working tree; the report goes to site-diff.md.
diff: install
	$(BIN)/python tools/site_diff.py $(if $(BASE),--base "$(BASE)") --output site-diff.md

# What readers will SEE change, pixel for pixel (tools/compare_looks.py): every page of the site
# built at BASE (default HEAD) and at the working tree, photographed in Chromium in the phone,
# desktop and dark layouts (and print for a few pages); bench/results/looks/report.md and images.
compare-looks: install install-test browser-deps
	$(BIN)/python -m tools.compare_looks $(if $(BASE),--base "$(BASE)")

# A clinician's sign-off: builds the site and prints the block to paste into PAGE's front
# matter (tools/sign_off.py; see contributing/clinical-review.md). ROLE and REVIEWER are optional.
sign-off: install
	$(BIN)/python -m tools.sign_off "$(PAGE)" $(if $(ROLE),--role "$(ROLE)") $(if $(REVIEWER),--reviewer "$(REVIEWER)")

# What the browser tests need: Debian's Chromium, Java for the HTML checker,
# and npm for the checker's locked package. Installed only when missing.
SYSTEM_PACKAGES := $(if $(shell command -v chromium),,chromium) \
                   $(if $(shell command -v java),,default-jre-headless) \
                   $(if $(shell command -v npm),,nodejs npm)
browser-deps: system-deps $(NODE_STAMP)

system-deps:
	@if [ -n "$(strip $(SYSTEM_PACKAGES))" ]; then \
	  echo "Installing from Debian: $(strip $(SYSTEM_PACKAGES))"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	fi

# --ignore-scripts: no package needs an install script. (vnu-jar's would download a
# JDK without checking it; the tests run vnu.jar with Debian's java instead.)
$(NODE_STAMP): package.json package-lock.json | system-deps
	npm ci --ignore-scripts --silent --no-audit --no-fund
	@rm -f node_modules/.installed-* && touch $@

# -n auto: one pytest worker per core (each builds the site once), so the whole
# suite stays within about ten minutes on a two-core CI machine.
test: install install-test browser-deps check
	$(BIN)/python -m pytest -n auto

# Everything except the browser and HTML-validator checks; for a quick loop while writing.
test-fast: install install-test check
	$(BIN)/python -m pytest -n auto -m "not browser"

# Lint and types (configured in pyproject.toml): ruff on all Python, mypy strict on macros/.
check: install install-test
	$(BIN)/ruff check
	$(BIN)/mypy

lint: install
	$(BIN)/python tools/check_inline_doses.py docs

# contributing/errors.md, every error message, read from the code (tools/error_catalogue.py).
# Run it after changing a message; tests/test_docs.py fails until the file is current.
docs-errors: install
	$(BIN)/python tools/error_catalogue.py

# Performance figures (build time, scaling, page weight in Chromium, Lighthouse):
# prints them, writes bench/results/report.md and .json. See PERFORMANCE.md.
bench: install install-test browser-deps $(BENCH_NODE_STAMP)
	$(BIN)/python -m bench

$(BENCH_NODE_STAMP): bench/package.json bench/package-lock.json | system-deps
	npm ci --prefix bench --ignore-scripts --silent --no-audit --no-fund
	@rm -f bench/node_modules/.installed-* && touch $@

# uv is pinned: a new uv release cannot change how the lock is made unnoticed.
UV_VERSION := 0.13.9
lock:
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	cd requirements && for group in build test; do \
	  ../$(BIN)/uv pip compile $$group.in --python-version 3.11.7 --generate-hashes \
	    --custom-compile-command "make lock" -q -o $$group.txt || exit 1; \
	done

clean:
	rm -rf site .pytest_cache site-diff.md
