# The two commands: `make run` and `make test`. Everything they need is
# installed here when missing (and skipped when present at the right version).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# A build cache outside the clone: fresh clones (CI) reuse earlier builds.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/hotline-target
export PATH := $(HOME)/.cargo/bin:$(PATH)
# cargo-leptos builds debug code with this flag; plain cargo must match it to share artifacts.
DEV_RUSTFLAGS := --cfg erase_components

CARGO_LEPTOS_VERSION := 0.3.10
WASM_OPT_VERSION := 0.116.1
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3; exit}' Cargo.lock)

TEST_DATABASE_URL ?= postgres://root@127.0.0.1:5432/test
export TEST_DATABASE_URL
HOTLINE := $(CARGO_TARGET_DIR)/debug/hotline

.PHONY: run test tools browser-tools postgres build-dev unit-tests module-circles deadline-oracle e2e release bench bench-portal clean fuzz

## run: build the release app, migrate, load demo data on first run, serve on http://127.0.0.1:3000
run: tools
	cargo leptos build --release
	bash scripts/portal-wasm.sh release
	$(CARGO_TARGET_DIR)/release/hotline seed-demo
	LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR=127.0.0.1:3000 $(CARGO_TARGET_DIR)/release/hotline serve

## test: unit, property, store (SQLite + PostgreSQL), HTTP integration, CLI oracle and browser tests
test: tools browser-tools postgres
	$(MAKE) unit-tests
	$(MAKE) build-dev
	$(MAKE) deadline-oracle
	$(MAKE) e2e

unit-tests: module-circles
	RUSTFLAGS="$(DEV_RUSTFLAGS)" cargo test -p app -p server
	# The benchmarks are built (not run), so that they cannot rot unseen.
	RUSTFLAGS="$(DEV_RUSTFLAGS)" cargo test -p server --benches --no-run

## fuzz: the fuzzing properties (parsers, photo cleaner) with many more cases, and the HTTP fuzz test
fuzz: postgres
	PROPTEST_CASES=$${PROPTEST_CASES:-20000} RUSTFLAGS="$(DEV_RUSTFLAGS)" cargo test -p app -p server --lib -- fuzz_props the_cleaners_take_any_bytes
	RUSTFLAGS="$(DEV_RUSTFLAGS)" cargo test -p server --test api -- fuzz_http

## module-circles: no module of app or server names another that names it back
module-circles:
	python3 scripts/module_cycles.py app/src server/src

build-dev:
	cargo leptos build
	bash scripts/portal-wasm.sh dev

deadline-oracle:
	python3 scripts/deadline_oracle.py $(HOTLINE)

e2e:
	cd end2end && npm ci --no-audit --no-fund --silent
	cd end2end && HOTLINE_BIN=$(HOTLINE) SITE_ROOT=$(CURDIR)/target/site node --test --test-concurrency=1 tests/
	# The statistics' pages once more on PostgreSQL (each test server gets its own database).
	cd end2end && E2E_STORE=postgres HOTLINE_BIN=$(HOTLINE) SITE_ROOT=$(CURDIR)/target/site node --test --test-concurrency=1 \
		tests/dashboard.test.mjs tests/reports.test.mjs tests/assessment.test.mjs tests/appeals.test.mjs

## tools: the wasm target, cargo-leptos, wasm-bindgen-cli (the version in Cargo.lock) and wasm-opt
tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q " $(CARGO_LEPTOS_VERSION)$$" || cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$" || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@wasm-opt --version 2>/dev/null | grep -q "version 116" || cargo install wasm-opt --version $(WASM_OPT_VERSION) --locked

## browser-tools: Debian's Chromium, Node.js and libfaketime (a test moves the server's clock) for the browser tests
browser-tools:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@command -v faketime >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime; }
	@command -v node >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }

## postgres: start the local PostgreSQL when installed but not running; fail loudly when unreachable
postgres:
	bash scripts/ensure-postgres.sh

release: tools
	cargo leptos build --release
	bash scripts/portal-wasm.sh release

clean:
	rm -rf target/site data/hotline.db*

## bench: the HTTP benchmarks on SQLite and PostgreSQL and the portal's first load (figures for the README)
bench: postgres bench-portal
	bash scripts/bench.sh

## bench-portal: first load on a phone, compressed bytes: the citizen portal (budget: 250 KB of wasm + js + css) and the staff login and work list (target 300 KB, reported)
bench-portal: tools browser-tools release
	cd end2end && npm ci --no-audit --no-fund --silent
	cd end2end && HOTLINE_BIN=$(CARGO_TARGET_DIR)/release/hotline SITE_ROOT=$(CURDIR)/target/site node bench/first-load.mjs / /submit /track /staff/login /staff/inbox
