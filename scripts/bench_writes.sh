#!/usr/bin/env bash
# Issue 11's write figures, on an existing database with a `demo` account (or `ACCOUNT=NAME`) (a copy of one
# `roster demo --users N` made: the bench writes to it). Seat limits go on three products
# first, so that every change adding one is decided against its seats. Then:
#   - 200 single PATCHes in a row (curl) toggling a limited product on one user: p50/p99;
#   - changes/s under wrk, CLIENTS connections each toggling products of many users,
#     once a limited product (seat checks) and once an unlimited one;
#   - SCIM creates/s under wrk (unique userNames), CLIENTS connections;
#   - sign-in (`POST /login`, argon2 included) p50/p99 of 20.
#
#   scripts/bench_writes.sh DATABASE_URL
#   cp /work/data/m1.db* /tmp/w/ && scripts/bench_writes.sh sqlite:///tmp/w/m1.db
#   scripts/bench_writes.sh postgres://postgres@127.0.0.1:5432/my_copy
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:?usage: $0 DATABASE_URL (a copy: the bench writes to it)}
PORT=${PORT:-8099}
BIN=${BIN:-target/release/roster}
ACCOUNT=${ACCOUNT:-demo}
WRK_SECS=${WRK_SECS:-10}
CLIENTS=${CLIENTS:-16}
BASE=http://127.0.0.1:$PORT
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
[ -x "$BIN" ] || { echo "$BIN not found: cargo build --release" >&2; exit 1; }
WORK=$(mktemp -d)
cleanup() {
  [ -n "${SERVER:-}" ] && { kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; }
  rm -rf "$WORK"
}
trap cleanup EXIT

for p in meeting webinar training; do
  "$BIN" account seats "$ACCOUNT" --product "$p" --seats 2000000 --database "$DB" >/dev/null
done
TOKEN=$("$BIN" token create --account "$ACCOUNT" --database "$DB" | tail -1)
H="Authorization: Bearer $TOKEN"
"$BIN" serve --database "$DB" --listen "127.0.0.1:$PORT" --token-rate 0 --client-rate 0 \
  --mail-dir "$WORK/mail" >"$WORK/serve.log" 2>&1 &
SERVER=$!
until curl -sf "$BASE/healthz" >/dev/null; do sleep 0.05; done

# Users to change: active members and managers from across the email order.
python3 - "$BASE" "$TOKEN" >"$WORK/users.txt" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1], sys.argv[2]
ids = []
for c in "abcdefghijklmnopqrstuvwxyz":
    cursor = json.dumps(["email", c, ""]).encode().hex()
    req = urllib.request.Request(f"{base}/api/v1/users?limit=100&status=active&cursor={cursor}",
                                 headers={"Authorization": f"Bearer {token}"})
    ids += [u["id"] for u in json.load(urllib.request.urlopen(req))["users"] if u["role"] != "admin"]
print("\n".join(ids))
PY
ID=$(head -1 "$WORK/users.txt")

# p99 is the 198th of 200 (of 20, the slowest); the slowest of 200 is shown apart.
p50_p99() {
  sort -n | awk -v name="$1" '{ t[NR] = $1 * 1000 }
    END { printf "| %s | %.1f | %.1f%s |\n", name, t[int(NR * 0.5 + 0.5)], t[int(NR * 0.99 + 0.5)],
          (NR >= 100 ? sprintf(" (slowest %.1f)", t[NR]) : "") }'
}

echo "| request | p50 ms | p99 ms |"
echo "| --- | --- | --- |"
for i in $(seq 200); do
  if [ $((i % 2)) = 1 ]; then body='{"products": ["pro", "meeting"]}'; else body='{"products": ["pro"]}'; fi
  out=$(curl -s -o "$WORK/patch.json" -w '%{http_code} %{time_total}' -X PATCH -H "$H" \
    -H 'Content-Type: application/json' -d "$body" "$BASE/api/v1/users/$ID")
  [ "${out%% *}" = 200 ] || { echo "PATCH answered ${out%% *}: $(cat "$WORK/patch.json")" >&2; exit 1; }
  echo "${out#* }"
done | p50_p99 "PATCH toggling \`meeting\` (limited), 200 in a row"
for i in $(seq 20); do
  curl -s -o /dev/null -w '%{time_total}\n' -d "email=admin@$ACCOUNT.test&password=demo" "$BASE/login"
done | p50_p99 "\`POST /login\` (argon2 included)"
for i in $(seq 20); do
  curl -s -o /dev/null -w '%{time_total}\n' -d "email=nobody$i@nowhere.test&password=wrong-one" "$BASE/login"
done | p50_p99 "\`POST /login\`, unknown email (a dummy argon2)"

# Concurrent changes: each request toggles the next user of the list.
toggle_lua() {
  cat <<LUA
local ids, has, n = {}, {}, 0
for line in io.lines("$WORK/users.txt") do ids[#ids + 1] = line end
wrk.method = "PATCH"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
function setup(thread) thread:set("offset", math.random(#ids)) end
request = function()
  n = n + 1
  local id = ids[(offset + n) % #ids + 1]
  has[id] = not has[id]
  local body = has[id] and '{"products": ["pro", "$1"]}' or '{"products": ["pro"]}'
  return wrk.format(nil, "/api/v1/users/" .. id, nil, body)
end
LUA
}
wrk_rate() {
  local out
  out=$(wrk -t2 -c"$CLIENTS" -d"${WRK_SECS}s" --latency -s "$2" "$BASE")
  echo "$1: $(echo "$out" | awk '/Requests\/sec/ {print $2}')/s, latency p50 $(echo "$out" |
    awk '$1 == "50%" {print $2}') p99 $(echo "$out" | awk '$1 == "99%" {print $2}')$(echo "$out" |
    awk '/Non-2xx/ {print ", non-2xx " $4}')"
}
echo
toggle_lua meeting >"$WORK/limited.lua"
toggle_lua hamachi >"$WORK/unlimited.lua"
wrk_rate "PATCH toggling \`meeting\` (limited), wrk -c$CLIENTS" "$WORK/limited.lua"
wrk_rate "PATCH toggling \`hamachi\` (unlimited), wrk -c$CLIENTS" "$WORK/unlimited.lua"

RUN=$(date +%s%N)
cat >"$WORK/scim.lua" <<LUA
-- setup runs in the main state and sets each thread's global tid.
local n = 0
counter = 0
function setup(thread) counter = counter + 1; thread:set("tid", counter) end
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/scim+json"
request = function()
  n = n + 1
  local name = "w" .. tid .. "." .. n .. ".$RUN@bench.test"
  local body = '{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "' .. name ..
    '", "name": {"givenName": "Bench", "familyName": "Writer"}, "emails": [{"value": "' .. name ..
    '", "primary": true}], "active": true}'
  return wrk.format(nil, "/scim/v2/Users", nil, body)
end
LUA
wrk_rate "SCIM creates, wrk -c$CLIENTS" "$WORK/scim.lua"
