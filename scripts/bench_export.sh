#!/usr/bin/env bash
# The users' and the history's CSV exports at size: fills the demo account with N users
# (`roster demo --users N`), serves it, downloads GET /api/v1/users/export and
# /api/v1/audit/export, and reports rows, bytes, time and the server's peak memory before
# and after (VmHWM), which must not grow with N: the export is read in chunks of 1,000.
# Usage: scripts/bench_export.sh [sqlite|postgres] [N]   (PROFILE=debug to skip a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
store=${1:-sqlite}
n=${2:-100000}
profile=${PROFILE:-release}
if [ "$profile" = release ]; then cargo build --release -q; fi
bin=./target/$profile/roster
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
case $store in
  sqlite) db="sqlite://$work/bench.db" ;;
  postgres)
    schema="bench_export_$$"
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema"
    db="postgres://postgres@127.0.0.1:5432/test?options[search_path]=$schema" ;;
  *) echo "store: sqlite or postgres" >&2; exit 2 ;;
esac
echo "== filling $n users ($store, $profile)"
ROSTER_LOG=error /usr/bin/time -f "fill: %e s" $bin demo --database "$db" --users "$n" > /dev/null 2>&1
port=$((20000 + RANDOM % 10000))
ROSTER_LOG=warn $bin serve --demo --database "$db" --listen "127.0.0.1:$port" --mail-dir "$work/mail" > "$work/out" 2>&1 &
pid=$!
for _ in $(seq 300); do grep -q "API token" "$work/out" 2>/dev/null && break; sleep 0.1; done
token=$(awk '/API token/ {print $NF}' "$work/out")
hwm() { awk '/VmHWM/ {print $2 " kB"}' /proc/$pid/status; }
echo "server peak memory after start: $(hwm)"
for path in /api/v1/users/export /api/v1/audit/export; do
  curl -sS -o "$work/export.csv" -w "$path: HTTP %{http_code}, %{size_download} bytes in %{time_total} s\n" \
    -H "Authorization: Bearer $token" "http://127.0.0.1:$port$path"
  echo "  rows (with header): $(wc -l < "$work/export.csv"); server peak memory now: $(hwm)"
done
