# One-window platform (一窗): `make run` for a first look, `make test` for the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := app
# make's commands are development: the app makes its own secret key under instance/ (app/secret_key.py).
export YICHUANG_ENV ?= development

.PHONY: run reset test install lint migrate seed chromium documents clean bench bench-queries bench-load bench-profile bench-smoke bench-forms bench-instructions valgrind

$(BIN)/flask: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# English UI strings: app/translations/*/messages.po compiled to .mo files (git-ignored), on every install.
install: $(BIN)/flask
	$(BIN)/pybabel compile -d app/translations 2>&1 | grep -v "^compiling" || true

migrate: install
	$(BIN)/flask db upgrade

seed: migrate
	$(BIN)/flask demo seed
	$(BIN)/flask demo cases

# Install, migrate the embedded SQLite database, load the demo catalogue and users, and serve.
run: seed vendor documents
	@echo "一窗 is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

# Throw the demo SQLite database away and build it again: migrations, demo catalogue, demo users.
reset: install
	rm -f instance/yichuang.sqlite instance/yichuang.sqlite-journal instance/yichuang.sqlite-wal instance/yichuang.sqlite-shm
	$(MAKE) seed

# Debian's chromium drives the browser tests (Playwright cannot download its own browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	  else echo "browser tests need Debian's chromium: sudo apt-get install chromium fonts-noto-cjk" >&2; exit 1; fi; }

# PDF documents (app/documents) embed Debian's Noto CJK font through WeasyPrint, which needs Pango.
documents:
	@{ fc-list ":family=Noto Serif CJK SC" file 2>/dev/null | grep -q . && ldconfig -p | grep -q libpangoft2-1.0; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fontconfig fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	  else echo "PDF documents need Debian's fonts-noto-cjk and Pango: sudo apt-get install fontconfig fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0" >&2; exit 1; fi; }

# callgrind counts instructions for `make bench-instructions` (and its smoke run).
valgrind:
	@command -v valgrind >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; \
	  else echo "bench-instructions needs Debian's valgrind: sudo apt-get install valgrind" >&2; exit 1; fi; }

# bpmn.io for the admin's modeler and the case diagrams: pinned in package-lock.json, served from our own static
# folder (no CDN at run time). app/static/vendor/ is git-ignored and rebuilt when the lock file changes.
BPMN_VENDOR := app/static/vendor/bpmn-js
.PHONY: vendor
vendor: $(BPMN_VENDOR)/.stamp

$(BPMN_VENDOR)/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	rm -rf $(BPMN_VENDOR) && mkdir -p $(BPMN_VENDOR)
	cp node_modules/bpmn-js/dist/bpmn-modeler.production.min.js node_modules/bpmn-js/dist/bpmn-navigated-viewer.production.min.js $(BPMN_VENDOR)/
	cp -r node_modules/bpmn-js/dist/assets/. $(BPMN_VENDOR)/
	touch $@

# The admin's modeler: bpmn-js + its properties panel + Yichuang's own group (admin/modeler_src/), one esbuild bundle.
MODELER_SOURCES := $(wildcard admin/modeler_src/*.js admin/modeler_src/*.json)
vendor: $(BPMN_VENDOR)/yichuang-modeler.js

$(BPMN_VENDOR)/yichuang-modeler.js: $(BPMN_VENDOR)/.stamp $(MODELER_SOURCES)
	node_modules/.bin/esbuild admin/modeler_src/index.js --bundle --minify --format=iife --target=es2019 \
	  --legal-comments=linked --log-level=warning --outfile=$@
	cp node_modules/@bpmn-io/properties-panel/dist/assets/properties-panel.css $(BPMN_VENDOR)/

# ECharts for the supervision dashboard (效能监察): the prebuilt minified bundle, pinned in package-lock.json,
# served from app/static/vendor/echarts/ (git-ignored, rebuilt when the lock file changes; no CDN at run time).
ECHARTS_VENDOR := app/static/vendor/echarts
vendor: $(ECHARTS_VENDOR)/.stamp

$(ECHARTS_VENDOR)/.stamp: package.json package-lock.json $(BPMN_VENDOR)/.stamp
	rm -rf $(ECHARTS_VENDOR) && mkdir -p $(ECHARTS_VENDOR)
	cp node_modules/echarts/dist/echarts.min.js node_modules/echarts/LICENSE $(ECHARTS_VENDOR)/
	touch $@

# sortablejs for the form builder's drag-to-reorder (the builder works without it: ↑ ↓ buttons post the move).
SORTABLE_VENDOR := app/static/vendor/sortablejs
vendor: $(SORTABLE_VENDOR)/.stamp

$(SORTABLE_VENDOR)/.stamp: package.json package-lock.json $(BPMN_VENDOR)/.stamp
	rm -rf $(SORTABLE_VENDOR) && mkdir -p $(SORTABLE_VENDOR)
	cp node_modules/sortablejs/Sortable.min.js $(SORTABLE_VENDOR)/
	touch $@

# axe-core for the browser tests' accessibility checks (GB/T 37668, WCAG 2.1 AA): pinned in package-lock.json,
# served from app/static/vendor/axe-core/ so a test injects it under the pages' own script policy.
AXE_VENDOR := app/static/vendor/axe-core
vendor: $(AXE_VENDOR)/.stamp

$(AXE_VENDOR)/.stamp: package.json package-lock.json $(BPMN_VENDOR)/.stamp
	rm -rf $(AXE_VENDOR) && mkdir -p $(AXE_VENDOR)
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE $(AXE_VENDOR)/
	touch $@

# The whole suite on SQLite; set DATABASE_URL=postgresql+psycopg://... to run it on PostgreSQL.
test: install chromium vendor documents
	$(BIN)/ruff check .
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check app admin forms workflows tests
	$(BIN)/mypy

# Benchmarks (bench/): they print figures and assert nothing. They use their own PostgreSQL database,
# yichuang_bench (BENCH_DATABASE_URL), created if missing and rebuilt on every run; never the suite's `test`.
BENCH_ARGS ?=
bench: install
	$(BIN)/python -m bench.lifecycle $(BENCH_ARGS)

bench-queries: install
	$(BIN)/python -m bench.queries $(BENCH_ARGS)

bench-load: install
	$(BIN)/python -m bench.load $(BENCH_ARGS)

bench-forms: install
	$(BIN)/python -m forms.bench

bench-profile: install
	$(BIN)/python -m bench.profile_lifecycle $(BENCH_ARGS)

bench-instructions: install valgrind
	$(BIN)/python -m bench.instructions $(BENCH_ARGS)

# Each benchmark at a tiny size, thresholds off: proves they still run (CI), in well under two minutes.
bench-smoke: install valgrind
	$(BIN)/python -m bench.lifecycle --cases 10 --warmup 2 --clients 2 --rounds 2
	$(BIN)/python -m bench.queries --scales 2000 --repeat 5
	$(BIN)/python -m bench.load --users 10 --run-time 10
	$(BIN)/python -m bench.instructions --cases 1

clean:
	rm -rf $(VENV) instance .pytest_cache
