#!/usr/bin/env bash
# Issue 11's benchmark: N generated users (default 1,000,000) in the demo account, then
# p50/p99 of single requests (curl, 20 each) for the lists, filters, searches, sorts,
# SCIM, portal pages and products, the access check over random users under wrk as a
# ratio to the minimal axum reference (examples/reference_server.rs), start-up time and
# resident memory idle and after.
#
#   scripts/bench_scale.sh [DATABASE_URL] [USERS]
#   scripts/bench_scale.sh sqlite:///tmp/bench.db 1000000
#   scripts/bench_scale.sh postgres://postgres@127.0.0.1:5432/bench 200000
#
# The generator only tops the account up to USERS; SKIP_GENERATE=1 measures the database
# as it is (a copy of a prepared one), without even counting its users.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${1:-sqlite:///tmp/roster-bench.db}
N=${2:-1000000}
PORT=${PORT:-8097}
REF_PORT=${REF_PORT:-8098}
WRK_SECS=${WRK_SECS:-10}
BASE=http://127.0.0.1:$PORT
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
# SKIP_BUILD=1 measures the binaries already built; BIN=PATH another build of roster.
[ "${SKIP_BUILD:-}" = 1 ] || cargo build --release --bin roster --example reference_server >&2
BIN=${BIN:-target/release/roster}
# ACCOUNT=NAME: the account of a prepared database (`roster demo --account NAME`).
ACCOUNT=${ACCOUNT:-demo}
WORK=$(mktemp -d)
cleanup() { kill "${SERVER:-}" "${REF:-}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "# $DB, $N users" >&2
if [ "${SKIP_GENERATE:-}" != 1 ]; then
  t0=$(date +%s.%N)
  "$BIN" demo --account "$ACCOUNT" --users "$N" --database "$DB" >&2
  echo "generate: $(echo "$(date +%s.%N) - $t0" | bc) s" >&2
fi
TOKEN=$("$BIN" token create --account "$ACCOUNT" --database "$DB" | tail -1)
H="Authorization: Bearer $TOKEN"

t0=$(date +%s.%N)
"$BIN" serve --database "$DB" --listen "127.0.0.1:$PORT" --token-rate 0 --client-rate 0 \
  --mail-dir "$WORK/mail" >"$WORK/serve.log" 2>&1 &
SERVER=$!
until curl -sf "$BASE/healthz" >/dev/null; do sleep 0.05; done
STARTUP=$(echo "$(date +%s.%N) - $t0" | bc)
rss() { awk '/VmRSS/ {printf "%.0f MB", $2/1024}' "/proc/$1/status"; }
RSS_IDLE=$(rss "$SERVER")

# p50 / p99 in ms of 20 requests.
measure() {
  local name=$1; shift
  local times=()
  for _ in $(seq 20); do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' "$@")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '
    { t[NR] = $1 * 1000 }
    END { printf "| %s | %.1f | %.1f |\n", name, t[int(NR * 0.5 + 0.5)], t[NR] }'
}
api() { measure "$1" -H "$H" "$BASE$2"; }
urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

FIRST=$(curl -s -H "$H" "$BASE/api/v1/users?limit=50")
ID=$(echo "$FIRST" | python3 -c 'import json,sys; print(json.load(sys.stdin)["users"][7]["id"])')
# A deep page: a cursor in the middle of the email order.
DEEP=$(python3 -c 'import json; print(json.dumps(["email", "m", ""]).encode().hex())')
RARE=$(curl -s -H "$H" "$BASE/api/v1/users?limit=1&cursor=$DEEP" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["users"][0]["email"].split("@")[0])')
SCIM_NAME=$(echo "$RARE@$ACCOUNT.test" | tr '[:lower:]' '[:upper:]')
HALF=$((N / 2))
STORE=${DB%%:*}

{
echo "| request ($STORE, $N users) | p50 ms | p99 ms |"
echo "| --- | --- | --- |"
api "first page \`?limit=50\`" "/api/v1/users?limit=50"
api "deep cursor page" "/api/v1/users?limit=50&cursor=$DEEP"
api "\`?status=suspended\`" "/api/v1/users?limit=50&status=suspended"
for s in name -created -email; do
  api "\`?status=suspended&sort=$s\`" "/api/v1/users?limit=50&status=suspended&sort=$s"
done
api "\`?status=suspended\` deep cursor page" "/api/v1/users?limit=50&status=suspended&cursor=$DEEP"
api "\`?status=suspended&q=mar\`" "/api/v1/users?limit=50&status=suspended&q=mar"
api "\`?status=suspended&q=jo\`" "/api/v1/users?limit=50&status=suspended&q=jo"
api "\`?status=suspended&inactive=90\`" "/api/v1/users?limit=50&status=suspended&inactive=90"
api "SCIM \`active eq false\`" "/scim/v2/Users?count=100&filter=$(urlenc 'active eq false')"
api "\`?status=deleted\`" "/api/v1/users?limit=50&status=deleted"
api "\`?role=manager\`" "/api/v1/users?limit=50&role=manager"
api "\`?role=admin\`" "/api/v1/users?limit=50&role=admin"
api "\`?product=meeting\`" "/api/v1/users?limit=50&product=meeting"
api "\`?product=hamachi\`" "/api/v1/users?limit=50&product=hamachi"
api "\`?product=meeting&role=manager&q=mar\`" "/api/v1/users?limit=50&product=meeting&role=manager&q=mar"
api "\`?q=mar\` (common)" "/api/v1/users?limit=50&q=mar"
api "\`?q=$RARE\` (rare)" "/api/v1/users?limit=50&q=$(urlenc "$RARE")"
api "\`?q=Müller\` (accented)" "/api/v1/users?limit=50&q=$(urlenc Müller)"
api "\`?q=jo\` (short, prefix)" "/api/v1/users?limit=50&q=jo"
for s in name -name created -created -email; do
  api "\`?sort=$s\`" "/api/v1/users?limit=50&sort=$s"
done
api "\`?q=mar&sort=name\` (common, name order)" "/api/v1/users?limit=50&q=mar&sort=name"
api "\`?q=Smith&sort=-created\`" "/api/v1/users?limit=50&q=Smith&sort=-created"
api "\`?q=${RARE:0:9}\` (rare prefix)" "/api/v1/users?limit=50&q=$(urlenc "${RARE:0:9}")"
api "SCIM \`userName eq\` (capitals)" "/scim/v2/Users?filter=$(urlenc "userName eq \"$SCIM_NAME\"")"
api "SCIM \`name.familyName eq \"Müller\"\`" "/scim/v2/Users?count=100&filter=$(urlenc 'name.familyName eq "Müller"')"
api "SCIM \`?count=100\`" "/scim/v2/Users?count=100"
api "SCIM \`startIndex=$HALF&count=100\`" "/scim/v2/Users?startIndex=$HALF&count=100"
api "\`GET /api/v1/products\` (seat usage)" "/api/v1/products"
api "\`GET /api/v1/users/ID\`" "/api/v1/users/$ID"
curl -s -c "$WORK/jar" -o /dev/null -d "email=admin@$ACCOUNT.test&password=demo" "$BASE/login"
measure "portal \`/users\`" -b "$WORK/jar" "$BASE/users"
measure "portal \`/users?product=meeting\`" -b "$WORK/jar" "$BASE/users?product=meeting"
measure "portal \`/users?product=hamachi&status=active\`" -b "$WORK/jar" "$BASE/users?product=hamachi&status=active"
measure "portal \`/users?role=manager&sort=-created\`" -b "$WORK/jar" "$BASE/users?role=manager&sort=-created"
measure "portal \`/users?q=mar\`" -b "$WORK/jar" "$BASE/users?q=mar"
measure "portal \`/users?q=Müller&sort=name\`" -b "$WORK/jar" "$BASE/users?q=$(urlenc Müller)&sort=name"
measure "portal \`/users?inactive=90\`" -b "$WORK/jar" "$BASE/users?inactive=90"
measure "portal \`/users?status=deleted\`" -b "$WORK/jar" "$BASE/users?status=deleted"
measure "portal \`/users/ID\`" -b "$WORK/jar" "$BASE/users/$ID"
} | tee "$WORK/table.md"

# The access check over random users (10,000 drawn from across the list), under wrk.
python3 - "$BASE" "$TOKEN" >"$WORK/users.txt" <<'PY'
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
wrk.headers["Authorization"] = "Bearer $TOKEN"
math.randomseed(os.time())
request = function()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/api/v1/access?user=" .. id .. "&product=meeting")
end
LUA
cat >"$WORK/ref.lua" <<'LUA'
request = function()
  return wrk.format("GET", "/api/v1/access?user=u" .. math.random(0, 999) .. "&product=meeting")
end
LUA
target/release/examples/reference_server "127.0.0.1:$REF_PORT" &
REF=$!
until curl -s "http://127.0.0.1:$REF_PORT/api/v1/access?user=u1&product=m" >/dev/null; do sleep 0.05; done
# The first check starts loading the access snapshot (seconds at a million users): wait
# until it holds the account, then warm up and measure both the same way.
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/access?user=$(head -1 "$WORK/users.txt")&product=meeting"
t0=$(date +%s.%N)
until curl -s "$BASE/metrics" | awk '/^roster_access_snapshot_users / {exit !($2 > 0)}'; do sleep 0.1; done
echo "access snapshot loaded in $(echo "$(date +%s.%N) - $t0" | bc) s" >&2
wrk -t2 -c16 -d2s -s "$WORK/access.lua" "$BASE" >/dev/null
ROSTER_RPS=$(wrk -t2 -c16 -d"${WRK_SECS}s" --latency -s "$WORK/access.lua" "$BASE" | tee "$WORK/wrk.txt" | awk '/Requests\/sec/ {print $2}')
REF_RPS=$(wrk -t2 -c16 -d"${WRK_SECS}s" -s "$WORK/ref.lua" "http://127.0.0.1:$REF_PORT" | awk '/Requests\/sec/ {print $2}')
NON2XX=$(awk '/Non-2xx/ {print $4}' "$WORK/wrk.txt")
echo
echo "access check, random users (wrk -t2 -c16, ${WRK_SECS}s): roster $ROSTER_RPS req/s, reference $REF_RPS req/s, ratio $(echo "scale=2; $ROSTER_RPS / $REF_RPS" | bc)${NON2XX:+, non-2xx $NON2XX}"
grep -E "50%|99%" "$WORK/wrk.txt" | sed 's/^/  roster latency /'
echo "start-up: ${STARTUP} s; resident memory idle: $RSS_IDLE, after the runs: $(rss "$SERVER")"
