#!/usr/bin/env bash
# The benchmarks whose figures go into the README. Each line is one JSON
# result of the HTTP benchmark (server/benches/http.rs).
#   PRELOAD=1000000 SECONDS=10 CLIENTS=16 scripts/bench.sh
set -euo pipefail
PRELOAD="${PRELOAD:-100000}"
SECS="${SECONDS_PER_RUN:-10}"
CLIENTS="${CLIENTS:-16}"
PG_ADMIN="${TEST_DATABASE_URL:-postgres://root@127.0.0.1:5432/test}"
PG_BENCH="${PG_ADMIN%/*}/hotline_bench"

cargo build --release -p server --benches >/dev/null 2>&1 || cargo bench -p server --bench http --no-run
bench() { cargo bench -q -p server --bench http -- "$@" 2>/dev/null | tail -n 1; }

for scenario in register view home inbox track; do
    bench --scenario "$scenario" --clients "$CLIENTS" --seconds "$SECS" --preload "$PRELOAD"
done

# The dashboards and last month's report on a SQLite store of PRELOAD
# requests spread over the days before (issue 15 §2), kept between runs:
# one client, so the latency is the server's time for one reader.
DASH_DB="${DASH_DB:-${TMPDIR:-/tmp}/hotline-bench-dashboard/bench.db}"
mkdir -p "$(dirname "$DASH_DB")"
for run in "dashboard --period month" "dashboard --period year" "unit-dashboard --period month" "unit-dashboard --period year" "report-xlsx"; do
    # shellcheck disable=SC2086 # the scenario and its period are two arguments
    bench --database-url "sqlite://$DASH_DB?mode=rwc" --scenario $run --clients "${DASH_CLIENTS:-1}" --seconds "$SECS" --preload "$PRELOAD"
done

psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS hotline_bench WITH (FORCE)" -c "CREATE DATABASE hotline_bench"
bench --database-url "$PG_BENCH" --scenario register --clients "$CLIENTS" --seconds "$SECS" --preload "$PRELOAD"
bench --database-url "$PG_BENCH" --scenario view --clients "$CLIENTS" --seconds "$SECS"
psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS hotline_bench WITH (FORCE)"
