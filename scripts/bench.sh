#!/usr/bin/env bash
# The benchmarks whose figures go into the README, as one table (issue 16
# §2): every row beside its store's raw limit measured in the same run.
# The stores of PRELOAD requests are generated once and kept in BENCH_DIR
# (SQLite) and the database hotline_bench (PostgreSQL).
#   PRELOAD=1000000 SECONDS_PER_RUN=10 CLIENTS=32 scripts/bench.sh
#   DASHBOARDS=1 … also the dashboards and the report (the statistics job
#   first counts the whole store once: about 12 minutes on a million)
set -euo pipefail
PRELOAD="${PRELOAD:-1000000}"
SECS="${SECONDS_PER_RUN:-10}"
CLIENTS="${CLIENTS:-32}"
BENCH_DIR="${BENCH_DIR:-${TMPDIR:-/tmp}/hotline-bench}"
PG_ADMIN="${TEST_DATABASE_URL:-postgres://root@127.0.0.1:5432/test}"
PG_BENCH="${PG_ADMIN%/*}/hotline_bench"
HERE="$(cd "$(dirname "$0")" && pwd)"
# The same build cache as the Makefile's, so bench-wrk.sh runs the binary built here.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/hotline-target}"
RESULTS="$(mktemp)"
trap 'rm -f "$RESULTS"' EXIT

cargo build --release -p server --bin hotline --benches >/dev/null 2>&1 || cargo bench -p server --no-run
bench() { cargo bench -q -p server --bench http -- "$@" 2>/dev/null | tail -n 1 | tee -a "$RESULTS"; }

# SQLite: the raw limit, then each scenario on the kept store (the search
# index left alone on it: indexing costs are measured on an empty store).
mkdir -p "$BENCH_DIR/sqlite"
SQLITE="sqlite://$BENCH_DIR/sqlite/bench.db?mode=rwc"
bench --database-url "$SQLITE" --scenario raw --clients 1 --seconds "$SECS"
for scenario in home inbox view track command register; do
    bench --database-url "$SQLITE" --scenario "$scenario" --clients "$CLIENTS" --seconds "$SECS" --preload "$PRELOAD" --no-indexer
done
rm -rf "$BENCH_DIR/sqlite-empty" && mkdir -p "$BENCH_DIR/sqlite-empty"
bench --database-url "sqlite://$BENCH_DIR/sqlite-empty/bench.db?mode=rwc" --scenario register --clients "$CLIENTS" --seconds "$SECS"
if [ -n "${DASHBOARDS:-}" ]; then
    for run in "dashboard --period month" "dashboard --period year" "unit-dashboard --period month" "unit-dashboard --period year" "report-xlsx"; do
        # shellcheck disable=SC2086 # the scenario and its period are two arguments
        bench --database-url "$SQLITE" --scenario $run --clients 1 --seconds "$SECS" --preload "$PRELOAD" --no-indexer
    done
fi

# From outside: the release server and wrk, on a new SQLite store.
rm -rf "$BENCH_DIR/sqlite-wrk" && mkdir -p "$BENCH_DIR/sqlite-wrk"
bash "$HERE/bench-wrk.sh" "sqlite://$BENCH_DIR/sqlite-wrk/bench.db?mode=rwc" "$SECS" "$CLIENTS" | tee -a "$RESULTS"

# PostgreSQL: the raw limit at 16 clients, then the scenarios on the kept database.
psql "$PG_ADMIN" -qtc "SELECT 1 FROM pg_database WHERE datname = 'hotline_bench'" | grep -q 1 \
    || psql "$PG_ADMIN" -qc "CREATE DATABASE hotline_bench"
bench --database-url "$PG_BENCH" --scenario raw --clients 16 --seconds "$SECS"
for scenario in home inbox view register; do
    bench --database-url "$PG_BENCH" --scenario "$scenario" --clients "$CLIENTS" --seconds "$SECS" --preload "${PG_PRELOAD:-$PRELOAD}" --no-indexer
done

# Live updates across three instances on PostgreSQL (issue 16 §1).
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS hotline_live WITH (FORCE)" -c "CREATE DATABASE hotline_live"
cargo bench -q -p server --bench live -- --database-url "${PG_ADMIN%/*}/hotline_live" 2>/dev/null | tail -n 1 | tee -a "$RESULTS"
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS hotline_live WITH (FORCE)"

echo
python3 "$HERE/bench-table.py" < "$RESULTS"
