#!/usr/bin/env bash
# Makes sure the PostgreSQL of TEST_DATABASE_URL answers: starts the local
# cluster when it is installed but stopped, and fails loudly otherwise.
set -euo pipefail
url="${TEST_DATABASE_URL:-postgres://root@127.0.0.1:5432/test}"
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if ! ready; then
    if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql >/dev/null 2>&1; then
        echo "starting PostgreSQL…"
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start || true
        for _ in $(seq 1 30); do ready && break; sleep 1; done
    fi
fi
if ! ready; then
    echo "FATAL: PostgreSQL is not reachable at 127.0.0.1:5432 (TEST_DATABASE_URL=$url); the store tests need it" >&2
    exit 1
fi
psql "$url" -qAtc 'select 1' >/dev/null || { echo "FATAL: cannot log in to $url" >&2; exit 1; }
echo "PostgreSQL ready at $url"
