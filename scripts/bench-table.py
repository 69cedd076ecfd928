#!/usr/bin/env python3
"""The benchmark table (issue 16 §2): reads the JSON lines of one `make bench`
run on stdin and prints a Markdown table in which every figure stands beside
its store's raw limit measured in the same run (scenario `raw`), as a share."""
import json
import sys

WHAT = {
    "register": "register (agent registers a complaint; durable)",
    "register-wrk": "register, from outside: release `hotline serve` + wrk",
    "command": "command (agent adds information on a request's page)",
    "view": "view (agent opens a request with its timeline)",
    "home": "home (a county handler's queue counts)",
    "inbox": "inbox (a county handler's work list: first page + total)",
    "track": "track (a citizen's private link: whole page)",
    "dashboard": "dashboard (the prefecture's, one reader)",
    "unit-dashboard": "unit dashboard (伊宁市's, one reader)",
    "report-xlsx": "last month's report as XLSX (one reader)",
}

lines = [json.loads(line) for line in sys.stdin if line.strip().startswith("{")]
rows = [r for r in lines if "per_second" in r]
live = [r for r in lines if r.get("scenario") == "live-across-instances"]
raw = {r["backend"]: r for r in rows if r["scenario"] == "raw"}
store = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
print("| store | requests stored | scenario | clients | throughput | p50 | p99 | raw limit (same run) | share | peak RSS |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    limit = raw.get(r["backend"])
    if r["scenario"] == "raw":
        what, share, against = f"raw: durable single-row commits ({r['clients']} client{'s' if r['clients'] > 1 else ''})", "—", "—"
    else:
        what = WHAT.get(r["scenario"], r["scenario"])
        if r.get("period"):
            what += f", {'last month' if r['period'][-3:-2] == '-' else 'this year'}"
        against = f"{limit['per_second']:,.0f} /s" if limit else "not measured"
        share = f"{100 * r['per_second'] / limit['per_second']:.0f} %" if limit else "—"
    errors = f" ({r['errors']} errors)" if r.get("errors") else ""
    stored = f"{r['preloaded']:,}" if r.get("preloaded") else "—"
    print(f"| {store[r['backend']]} | {stored} | {what} | {r['clients']} | **{r['per_second']:,.0f} /s**{errors} | {r['p50_ms']} ms | {r['p99_ms']} ms | {against} | {share} | {r['max_rss_mb']:.0f} MB |")
for r in live:
    print()
    print(f"Live updates across {r['instances']} instances on PostgreSQL ({r['changes']} dispatches through instance 1, "
          f"{r['load_clients']} agents registering meanwhile at {r['load_registrations_per_second']:,.0f} /s): from the "
          f"dispatch's answer (committed) to the change in a handler's event stream on instance {r['instances']}: "
          f"p50 {r['commit_to_stream_p50_ms']} ms, **p99 {r['commit_to_stream_p99_ms']} ms**, max {r['commit_to_stream_max_ms']} ms "
          f"(from sending the command: p50 {r['send_to_stream_p50_ms']} ms, p99 {r['send_to_stream_p99_ms']} ms).")
