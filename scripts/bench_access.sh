#!/usr/bin/env bash
# The hot path, alone: GET /api/v1/access over random users under wrk, as a ratio to the
# minimal axum reference (examples/reference_server.rs) measured the same way in the same
# run; start-up time, resident memory idle on an empty database, idle on this database,
# and with the access snapshot loaded.
#
#   scripts/bench_access.sh [DATABASE_URL] [seconds]
#   scripts/bench_access.sh sqlite:///tmp/m1/m1.db 10
#   scripts/bench_access.sh postgres://postgres@127.0.0.1:5432/m1_copy
#   PERF=/tmp/perf scripts/bench_access.sh ...   # also a perf profile of the server under wrk
#
# Without a URL: a fresh SQLite file with 20,000 generated users. The database is used
# as it is (a copy of a bench database is best: the server records uses of access).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${2:-10}
PORT=${PORT:-$((20000 + RANDOM % 10000))}
REF_PORT=$((PORT + 1))
BASE=http://127.0.0.1:$PORT
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
[ "${SKIP_BUILD:-}" = 1 ] || cargo build --release -q --bin roster --example reference_server
REF_BIN=${REF_BIN:-target/release/examples/reference_server}
BIN=${BIN:-target/release/roster}
ACCOUNT=${ACCOUNT:-demo}
WORK=$(mktemp -d)
cleanup() { kill "${SERVER:-}" "${REF:-}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
if [ -n "${1:-}" ]; then
  DB=$1
else
  DB="sqlite://$WORK/bench.db"
  "$BIN" demo --account "$ACCOUNT" --users 20000 --database "$DB" >/dev/null 2>&1
fi
rss() { awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$1/status"; }
serve() { # DATABASE_URL LOG
  ROSTER_LOG=warn "$BIN" serve --database "$1" --listen "127.0.0.1:$PORT" --token-rate 0 \
    --client-rate 0 --mail-dir "$WORK/mail" >"$2" 2>&1 &
  SERVER=$!
  until curl -sf "$BASE/healthz" >/dev/null; do sleep 0.02; done
}

# Idle on an empty database.
serve "sqlite://$WORK/empty.db" "$WORK/empty.log"
sleep 1
RSS_EMPTY=$(rss "$SERVER")
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true

ADMIN=$("$BIN" token create --account "$ACCOUNT" --name bench-admin --database "$DB" | tail -1)
ACCESS=$("$BIN" token create --account "$ACCOUNT" --scope access --name bench-access --database "$DB" | tail -1)
t0=$(date +%s.%N)
serve "$DB" "$WORK/serve.log"
STARTUP=$(echo "$(date +%s.%N) - $t0" | bc)
sleep 1
RSS_IDLE=$(rss "$SERVER")

# 10,000 users drawn from across the email order.
python3 - "$BASE" "$ADMIN" >"$WORK/users.txt" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1], sys.argv[2]
ids = []
for c in "0123456789abcdefghijklmnopqrstuvwxyz":
    cursor = json.dumps(["email", c, ""]).encode().hex()
    req = urllib.request.Request(f"{base}/api/v1/users?limit=300&cursor={cursor}",
                                 headers={"Authorization": f"Bearer {token}"})
    ids += [u["id"] for u in json.load(urllib.request.urlopen(req))["users"]]
print("\n".join(ids))
PY
cat >"$WORK/access.lua" <<LUA
local ids = {}
for line in io.lines("$WORK/users.txt") do ids[#ids + 1] = line end
wrk.headers["Authorization"] = "Bearer $ACCESS"
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/v1/access?user=" .. ids[math.random(#ids)] .. "&product=meeting")
end
LUA
cat >"$WORK/ref.lua" <<'LUA'
request = function()
  return wrk.format("GET", "/api/v1/access?user=u" .. math.random(0, 999) .. "&product=meeting")
end
LUA
# The first check starts loading the snapshot; wait until it holds the account.
curl -s -o /dev/null -H "Authorization: Bearer $ACCESS" "$BASE/api/v1/access?user=$(head -1 "$WORK/users.txt")&product=meeting"
t0=$(date +%s.%N)
if curl -s "$BASE/metrics" | grep -q '^roster_access_snapshot_users '; then
  until curl -s "$BASE/metrics" | awk '/^roster_access_snapshot_users / {exit !($2 > 0)}'; do sleep 0.1; done
else
  sleep "${WARM_SECS:-20}" # a build without the gauge: give it time
fi
LOAD=$(echo "$(date +%s.%N) - $t0" | bc)
RSS_LOADED=$(rss "$SERVER")
"$REF_BIN" "127.0.0.1:$REF_PORT" &
REF=$!
until curl -s "http://127.0.0.1:$REF_PORT/api/v1/access?user=u1&product=m" >/dev/null; do sleep 0.05; done
wrk -t2 -c16 -d2s -s "$WORK/access.lua" "$BASE" >/dev/null
PERF_PID=""
if [ -n "${PERF:-}" ]; then # where the server's time goes: PERF=DIR keeps perf-access.data there
  perf record -F 999 -g -o "$PERF/perf-access.data" -p "$SERVER" 2>/dev/null &
  PERF_PID=$!
fi
wrk -t2 -c16 -d"${SECS}s" --latency -s "$WORK/access.lua" "$BASE" >"$WORK/roster.txt"
if [ -n "$PERF_PID" ]; then kill -INT "$PERF_PID"; wait "$PERF_PID" 2>/dev/null || true; fi
wrk -t2 -c16 -d"${SECS}s" --latency -s "$WORK/ref.lua" "http://127.0.0.1:$REF_PORT" >"$WORK/ref.txt"
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
pct() { awk -v p="$2" '$1 == p {print $2}' "$1"; }
R=$(rps "$WORK/roster.txt"); F=$(rps "$WORK/ref.txt")
echo "# $DB"
echo "access check, random users (wrk -t2 -c16, ${SECS}s): roster $R req/s (p50 $(pct "$WORK/roster.txt" 50%), p99 $(pct "$WORK/roster.txt" 99%)), reference $F req/s (p50 $(pct "$WORK/ref.txt" 50%), p99 $(pct "$WORK/ref.txt" 99%)), ratio $(echo "scale=2; $R / $F" | bc)"
awk '/Non-2xx/ {print "  roster non-2xx: " $4}' "$WORK/roster.txt"
echo "start-up: ${STARTUP} s; snapshot loaded in ${LOAD} s"
echo "resident memory: empty database idle $RSS_EMPTY; this database idle $RSS_IDLE, snapshot loaded $RSS_LOADED, after the runs $(rss "$SERVER")"
