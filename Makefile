# Two entry points for a fresh machine: `make demo` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBS    := chromium fonts-wqy-microhei
LINTDIR := tests/neo4j_lint
STORE   ?= policykg.lbug
# The local Neo4j (`make neo4j`): its data folder and loopback ports.
NEO4J_DATA      ?= .neo4j-data
NEO4J_BOLT_PORT ?= 7687
NEO4J_HTTP_PORT ?= 7474
NEO4J_BUILT     := neo4j-server/target/.built
PYTEST_ARGS ?=

.PHONY: venv sysdeps javadeps lintdeps neo4jdeps neo4j test test-without-shared demo bench clean

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

# A JDK and Maven for the local Neo4j (the machines ship both; a bare Debian gets them here).
javadeps:
	@command -v java >/dev/null && command -v mvn >/dev/null || { $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven; }

# The local Neo4j Community server: the launcher compiled and Neo4j's jars from Maven Central.
$(NEO4J_BUILT): neo4j-server/pom.xml $(wildcard neo4j-server/src/main/java/org/policykg/*.java)
	mvn -q -B -f neo4j-server/pom.xml package
	touch $@

neo4jdeps: javadeps $(NEO4J_BUILT)

# Neo4j on 127.0.0.1 (Bolt $(NEO4J_BOLT_PORT), HTTP and Neo4j Browser $(NEO4J_HTTP_PORT)), data in
# $(NEO4J_DATA); auth off unless NEO4J_PASSWORD is set. Ctrl-C or SIGTERM stops it cleanly.
neo4j: neo4jdeps
	neo4j-server/run --data $(NEO4J_DATA) --bolt-port $(NEO4J_BOLT_PORT) --http-port $(NEO4J_HTTP_PORT)

# Neo4j's own Cypher linter (npm), pinned in $(LINTDIR)/package-lock.json.
$(LINTDIR)/node_modules/.stamp: $(LINTDIR)/package-lock.json
	npm ci --prefix $(LINTDIR) --no-audit --no-fund --loglevel=error
	touch $@

lintdeps: $(LINTDIR)/node_modules/.stamp

# Each worker that runs live tests starts its own Neo4j (tests/neo4j_server.py); whole files go to
# one worker, so a file's module fixtures (a corpus in both engines) are built once.
test: venv sysdeps lintdeps neo4jdeps
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 2 --dist loadfile $(PYTEST_ARGS)

# The suite as a clone without ../shared sees it (tests that need the corpus skip).
test-without-shared: venv sysdeps lintdeps neo4jdeps
	$(BIN)/mypy
	POLICYKG_SHARED_CORPUS=$(CURDIR)/.no-shared-corpus $(BIN)/python -m pytest -q -n 2 --dist loadfile $(PYTEST_ARGS)

demo: venv
	$(BIN)/policykg ingest corpus/ --store $(STORE)
	POLICYKG_STORE=$(STORE) $(BIN)/policykg app

bench: venv
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/query.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/library.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/compare.py
	$(BIN)/python bench/adversarial.py
	$(BIN)/python bench/accuracy.py

clean:
	rm -rf $(VENV) $(LINTDIR)/node_modules $(STORE) artifacts .pytest_cache neo4j-server/target
