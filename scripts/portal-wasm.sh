#!/usr/bin/env bash
# Builds the citizen portal's enhancement WASM (crate `portal`) into
# target/site/pkg/portal.js + portal_bg.wasm, beside the staff app that
# cargo-leptos builds. `release` optimises for size with wasm-opt.
set -euo pipefail
mode="${1:-dev}"
cd "$(dirname "$0")/.."
target_dir="${CARGO_TARGET_DIR:-target}"
if [[ "$mode" == release ]]; then
  cargo build -p portal --lib --target wasm32-unknown-unknown --profile wasm-release
  wasm="$target_dir/wasm32-unknown-unknown/wasm-release/portal.wasm"
else
  cargo build -p portal --lib --target wasm32-unknown-unknown
  wasm="$target_dir/wasm32-unknown-unknown/debug/portal.wasm"
fi
mkdir -p target/site/pkg
wasm-bindgen --target web --no-typescript --out-dir target/site/pkg --out-name portal "$wasm"
if [[ "$mode" == release ]]; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    target/site/pkg/portal_bg.wasm -o target/site/pkg/portal_bg.wasm
fi
ls -l target/site/pkg/portal_bg.wasm
