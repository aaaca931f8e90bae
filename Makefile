# Two entry points for a fresh machine: `make demo` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBS    := chromium fonts-wqy-microhei
LINTDIR := tests/neo4j_lint
STORE   ?= policykg.lbug
PYTEST_ARGS ?=

.PHONY: venv sysdeps lintdeps test test-without-shared demo bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

venv: $(STAMP)

# Debian packages for the browser test: Chromium and a CJK font (else Chinese renders as boxes).
sysdeps:
	@dpkg -s $(DEBS) >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBS); }

# Neo4j's own Cypher linter (npm), pinned in $(LINTDIR)/package-lock.json.
$(LINTDIR)/node_modules/.stamp: $(LINTDIR)/package-lock.json
	npm ci --prefix $(LINTDIR) --no-audit --no-fund --loglevel=error
	touch $@

lintdeps: $(LINTDIR)/node_modules/.stamp

test: venv sysdeps lintdeps
	$(BIN)/python -m pytest -q -n 2 $(PYTEST_ARGS)

# The suite as a clone without ../shared sees it (tests that need the corpus skip).
test-without-shared: venv sysdeps lintdeps
	POLICYKG_SHARED_CORPUS=$(CURDIR)/.no-shared-corpus $(BIN)/python -m pytest -q -n 2 $(PYTEST_ARGS)

demo: venv
	$(BIN)/policykg ingest corpus/ --store $(STORE)
	POLICYKG_STORE=$(STORE) $(BIN)/policykg app

bench: venv
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/query.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/adversarial.py
	$(BIN)/python bench/accuracy.py

clean:
	rm -rf $(VENV) $(LINTDIR)/node_modules $(STORE) artifacts .pytest_cache
