# One command each: `make serve` (build and serve the site with live reload)
# and `make test` (the whole test suite). Both install what they need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The install stamp changes whenever the lock file changes, so an edited
# lock is reinstalled automatically.
STAMP  := $(VENV)/.installed-$(shell sha256sum requirements.txt 2>/dev/null | cut -c1-16)
NODE_STAMP := node_modules/.installed-$(shell sha256sum package-lock.json 2>/dev/null | cut -c1-16)
BENCH_NODE_STAMP := bench/node_modules/.installed-$(shell sha256sum bench/package-lock.json 2>/dev/null | cut -c1-16)

export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install serve build test test-fast lint bench lock browser-deps system-deps clean

install: $(STAMP)

$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@

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

test: install browser-deps
	$(BIN)/python -m pytest

# Everything except the browser and HTML-validator checks; for a quick loop while writing.
test-fast: install
	$(BIN)/python -m pytest -m "not browser"

lint: install
	$(BIN)/python tools/check_inline_doses.py docs

# Performance figures (build time, scaling, page weight in Chromium, Lighthouse):
# prints them, writes bench/results/report.md and .json. See PERFORMANCE.md.
bench: install browser-deps $(BENCH_NODE_STAMP)
	$(BIN)/python -m bench

$(BENCH_NODE_STAMP): bench/package.json bench/package-lock.json | system-deps
	npm ci --prefix bench --ignore-scripts --silent --no-audit --no-fund
	@rm -f bench/node_modules/.installed-* && touch $@

# uv is pinned: a new uv release cannot change how the lock is made unnoticed.
UV_VERSION := 0.13.9
lock:
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile requirements.in --python-version 3.11.7 --generate-hashes \
	  --custom-compile-command "make lock" -q -o requirements.txt

clean:
	rm -rf site .pytest_cache
