#!/usr/bin/env bash
# Intake measured from outside the process, as a deployment sees it (issue
# 16 §2): the release `hotline serve` on its own, and wrk (Debian's) posting
# `register_request` with a logged-in agent's session, CONNS connections.
# Prints one JSON line like the HTTP benchmark's.
#   scripts/bench-wrk.sh DATABASE_URL [SECONDS] [CONNS]
set -euo pipefail
URL="$1"
SECS="${2:-10}"
CONNS="${3:-32}"
BIN="${CARGO_TARGET_DIR:-$HOME/.cache/hotline-target}/release/hotline"
PORT="${WRK_PORT:-3917}"
BASE="http://127.0.0.1:$PORT"
HERE="$(cd "$(dirname "$0")" && pwd)"
LOG="$(mktemp)"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
# Reference data and the demo staff on a new store (a store with data is left alone).
DATABASE_URL="$URL" "$BIN" seed-demo >/dev/null
DATABASE_URL="$URL" LEPTOS_SITE_ADDR="127.0.0.1:$PORT" LEPTOS_SITE_ROOT="$HERE/../target/site" RUST_LOG=warn "$BIN" serve >"$LOG" 2>&1 &
PID=$!
# The server's own exit status (143 once killed) must not become the script's.
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -f "$LOG"' EXIT
for _ in $(seq 1 600); do
    curl -sf "$BASE/healthz" >/dev/null && break
    sleep 0.1
done
COOKIE="$(curl -s -o /dev/null -D - -X POST --data 'username=agent&password=demo-12345' "$BASE/api/login" \
    | awk 'tolower($1) == "set-cookie:" { sub(/;.*/, "", $2); print $2; exit }' | tr -d '\r')"
[ -n "$COOKIE" ] || { echo "login failed" >&2; exit 1; }
OUT="$(wrk -t2 -c"$CONNS" -d"${SECS}s" --timeout 10s --latency -s "$HERE/wrk/register.lua" "$BASE" -- "$COOKIE")"
RSS="$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$PID/status")"
WRK_OUT="$OUT" python3 - "$URL" "$CONNS" "$SECS" "$RSS" <<'PY'
import json, os, re, sys
out = os.environ["WRK_OUT"]
url, conns, secs, rss = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4] or 0)
def ms(label):
    m = re.search(r"^\s*" + label + r"\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    if not m:
        return None
    v, unit = float(m.group(1)), m.group(2)
    return round(v / 1000 if unit == "us" else v * 1000 if unit == "s" else v, 2)
done = int(re.search(r"(\d+) requests in", out).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
errors = int(bad.group(1)) if bad else 0
errors += sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
print(json.dumps({
    "backend": "postgres" if url.startswith("postgres") else "sqlite",
    "scenario": "register-wrk", "clients": conns, "seconds": secs,
    "requests": done, "errors": errors,
    "per_second": round(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))),
    "p50_ms": ms("50%"), "p99_ms": ms("99%"), "max_rss_mb": rss,
}))
PY
