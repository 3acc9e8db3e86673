#!/usr/bin/env bash
# Load on the hot path: GET /api/v1/access from a second process (wrk), on the release
# binary with the demo account. Usage: scripts/bench_access.sh [sqlite|postgres] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:-sqlite}
secs=${2:-10}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -q
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
case $store in
  sqlite) db="sqlite://$work/bench.db" ;;
  postgres)
    schema="bench_$$"
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema"
    db="postgres://postgres@127.0.0.1:5432/test?options[search_path]=$schema" ;;
  *) echo "store: sqlite or postgres" >&2; exit 2 ;;
esac
port=$((20000 + RANDOM % 10000))
ROSTER_LOG=warn ./target/release/roster serve --demo --database "$db" --listen "127.0.0.1:$port" --mail-dir "$work/mail" > "$work/out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "API token" "$work/out" 2>/dev/null && break; sleep 0.1; done
token=$(awk '/API token/ {print $NF}' "$work/out")
user=emma.dubois@demo.test
echo "== $store: GET /api/v1/access?user=$user&product=meeting, ${secs}s, 2 threads, 64 connections"
wrk -t2 -c64 -d"${secs}s" --latency -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/api/v1/access?user=$user&product=meeting" | sed -n '1,20p'
echo "== $store: GET /api/v1/users?limit=50"
wrk -t2 -c16 -d"${secs}s" --latency -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/api/v1/users?limit=50" | sed -n '1,20p'
