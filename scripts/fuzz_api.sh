#!/usr/bin/env bash
# Fuzzes the REST API from its own OpenAPI document with schemathesis (pip install
# schemathesis): no generated request may get a 5xx. Usage: scripts/fuzz_api.sh [examples]
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-50}
cargo build --release -q
work=$(mktemp -d)
port=$((20000 + RANDOM % 10000))
ROSTER_LOG=warn ./target/release/roster serve --demo --database "sqlite://$work/fuzz.db" \
  --listen "127.0.0.1:$port" --mail-dir "$work/mail" > "$work/out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q "API token" "$work/out" 2>/dev/null && break; sleep 0.1; done
token=$(awk '/API token/ {print $NF}' "$work/out")
schemathesis run "http://127.0.0.1:$port/api/v1/openapi.json" -H "Authorization: Bearer $token" \
  --checks not_a_server_error --max-examples "$examples"
