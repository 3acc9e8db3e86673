#!/usr/bin/env bash
# Times POST /api/v1/users/bulk suspending ~100,000 users chosen by a filter (a product
# held by about that many active users) in an account of N users (default 1,000,000),
# on SQLite and on PostgreSQL, with every user's audit event and outbox rows written.
#
#   scripts/bench_bulk.sh                 # both stores, N=1000000
#   N=200000 STORES=sqlite scripts/bench_bulk.sh
#   SQLITE_FROM=/data/m1.db PG_FROM=m1 ACCOUNT=demo scripts/bench_bulk.sh
#
# SQLITE_FROM (a database file, copied with its -wal/-shm) and PG_FROM (a database used
# as the template of the bench's) skip the generation: a million users take minutes to
# make, and a prepared copy can be benched again and again.
#
# BODY_EXTRA is spliced into the request's JSON (e.g. ',"notify":false' to measure the
# change without its emails).
#
# Needs a release build (cargo build --release), curl, jq, sqlite3 and psql.
# PostgreSQL: $PG_ADMIN (default postgres://postgres@127.0.0.1:5432/postgres); the
# script creates and drops the database roster_bench_bulk.
set -euo pipefail

N=${N:-1000000}
TARGET=${TARGET:-100000}
STORES=${STORES:-"sqlite postgres"}
BIN=${BIN:-target/release/roster}
PG_ADMIN=${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/postgres}
PG_DB=${PG_DB:-roster_bench_bulk}
ACCOUNT=${ACCOUNT:-bench}
SQLITE_FROM=${SQLITE_FROM:-}
PG_FROM=${PG_FROM:-}
PG_URL=${PG_ADMIN%/*}/$PG_DB
PORT=${PORT:-18977}
WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

[[ -x "$BIN" ]] || { echo "build first: cargo build --release" >&2; exit 1; }

now() { date +%s.%N; }

# CPU seconds: of a process (user + system), and of the whole machine (busy, all cores).
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
# CPU seconds of each thread of a process: lines "TID NAME SECONDS" (the SQLite
# connections' threads are `sqlx-sqlite-wor`, the async tasks `tokio-rt-worker`).
cpu_threads() {
    local hz; hz=$(getconf CLK_TCK)
    for f in /proc/"$1"/task/*/stat; do
        awk -v hz="$hz" '{ i = index($0, ") "); split(substr($0, i + 2), f, " ");
            n = substr($0, index($0, "(") + 1, i - index($0, "(") - 1); gsub(/ /, "_", n);
            printf "%s %s %.2f\n", $1, n, (f[12] + f[13]) / hz }' "$f" 2>/dev/null
    done
}
# The threads that ran most between two `cpu_threads` answers.
busiest_threads() {
    awk 'NR == FNR { before[$1] = $3; next }
         { d = $3 - before[$1]; if (d >= 0.05) printf "%.2f %s-%s\n", d, $2, $1 }' "$1" "$2" |
        sort -rn | head -6 | awk '{ printf "%s %s s, ", $2, $1 }'
}
cpu_all() { awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8) / hz }' /proc/stat; }

sql() { # store, query
    case "$1" in
        sqlite) sqlite3 "$WORK/bench.db" "$2" ;;
        postgres) psql -qtA "$PG_URL" -c "$2" ;;
    esac
}

bench() {
    local store=$1 url
    local from="" t0
    case "$store" in
        sqlite)
            url="sqlite://$WORK/bench.db"
            from=$SQLITE_FROM
            if [[ -n "$from" ]]; then
                cp "$from" "$WORK/bench.db"
                for x in wal shm; do [[ -e "$from-$x" ]] && cp "$from-$x" "$WORK/bench.db-$x"; done
            fi ;;
        postgres)
            psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
            from=$PG_FROM
            if [[ -n "$from" ]]; then
                # Fails while someone is connected to the template: retry a while.
                for _ in $(seq 1 60); do
                    psql -q "$PG_ADMIN" -c "CREATE DATABASE $PG_DB TEMPLATE $from" >/dev/null 2>&1 && break
                    sleep 2
                done
            else
                psql -q "$PG_ADMIN" -c "CREATE DATABASE $PG_DB" >/dev/null
            fi
            url=$PG_URL ;;
    esac
    if [[ -z "$from" ]]; then
        echo "== $store: generating $N users"
        t0=$(now)
        "$BIN" --database "$url" demo --account "$ACCOUNT" --users "$N" | tail -1
        echo "   generated in $(echo "$(now) - $t0" | bc) s"
    else
        echo "== $store: the prepared database $from (N=$N)"
    fi
    local token; token=$("$BIN" --database "$url" token create --account "$ACCOUNT" | tail -1)
    # A copied database is gigabytes of dirty pages the kernel would write back during
    # the timed request: write them first. On PostgreSQL the copy from the template is
    # also gigabytes of log, whose checkpoint would otherwise run during the request
    # (every page the request touches first after a checkpoint is logged whole).
    sync
    if [[ "$store" == postgres ]]; then psql -q "$PG_ADMIN" -c "CHECKPOINT" >/dev/null; fi
    "$BIN" --database "$url" serve --listen "127.0.0.1:$PORT" --mail-dir "$WORK/mail-$store" \
        --token-rate 100000 --token-burst 100000 >"${SERVE_LOG:-$WORK/serve-$store.log}" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
    local api="http://127.0.0.1:$PORT/api/v1"
    # The product whose active holders are closest to the target.
    local product
    product=$(curl -fs -H "Authorization: Bearer $token" "$api/products" |
        jq -r --argjson t "$TARGET" '.products | map(. + {d: ((.seats_used - $t) | fabs)}) | sort_by(.d) | .[0].key')
    local filter="{\"status\":\"active\",\"product\":\"$product\"}"
    t0=$(now)
    local dry; dry=$(curl -fs -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"filter\":$filter,\"action\":\"suspend\",\"dry_run\":true}" "$api/users/bulk")
    echo "   dry run (filter $filter) in $(echo "$(now) - $t0" | bc) s: $(echo "$dry" | jq -c '{matched, changed, unchanged, refused: (.refused | length), emails}')"
    local audit0 outbox0
    audit0=$(sql "$store" "SELECT COUNT(*) FROM audit_events")
    outbox0=$(sql "$store" "SELECT COUNT(*) FROM outbox")
    local perf=""
    if [[ -n "${PERF:-}" ]]; then # where the server's time goes: PERF=DIR keeps perf-STORE.data there
        # PERF_ARGS="-e sched:sched_switch --call-graph dwarf" shows where it waits instead.
        # shellcheck disable=SC2086
        perf record ${PERF_ARGS:--F 499 -g} -o "$PERF/perf-$store.data" -p "$SERVER" 2>/dev/null &
        perf=$!
    fi
    local cpu0 all0 wal0=""; cpu0=$(cpu_of "$SERVER"); all0=$(cpu_all)
    cpu_threads "$SERVER" >"$WORK/threads-before"
    [[ "$store" == postgres ]] && wal0=$(psql -qtA "$PG_ADMIN" -c "SELECT pg_current_wal_lsn()")
    t0=$(now)
    local answer; answer=$(curl -s --max-time 600 -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"filter\":$filter,\"action\":\"suspend\"${BODY_EXTRA:-}}" "$api/users/bulk")
    local took; took=$(echo "$(now) - $t0" | bc)
    local cpu; cpu=$(echo "$(cpu_of "$SERVER") - $cpu0" | bc)
    cpu_threads "$SERVER" >"$WORK/threads-after"
    local threads; threads=$(busiest_threads "$WORK/threads-before" "$WORK/threads-after")
    local all; all=$(echo "$(cpu_all) - $all0" | bc)
    local wal=""
    # The range, for `pg_waldump --stats --start A --end B` (with wal_keep_size large
    # enough that the segments are still there).
    [[ -n "$wal0" ]] && wal=$(psql -qtA "$PG_ADMIN" -c \
        "SELECT pg_size_pretty(pg_current_wal_lsn() - '$wal0') || ', LSN $wal0 to ' || pg_current_wal_lsn()")
    if [[ -n "$perf" ]]; then
        kill -INT "$perf"; wait "$perf" 2>/dev/null || true
        cp "$WORK/serve-$store.log" "$PERF/"
    fi
    if ! echo "$answer" | jq -e .changed >/dev/null 2>&1; then
        echo "   the bulk request failed after ${took} s: $answer" >&2
        tail -20 "$WORK/serve-$store.log" >&2
        exit 1
    fi
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
    local batch; batch=$(echo "$answer" | jq -r .batch_id)
    local audited outboxed
    audited=$(sql "$store" "SELECT COUNT(*) FROM audit_events WHERE batch_id = '$batch'")
    outboxed=$(( $(sql "$store" "SELECT COUNT(*) FROM outbox") - outbox0 ))
    echo "   suspend: $(echo "$answer" | jq -c '{matched, changed, unchanged, refused: (.refused | length), emails}')"
    echo "   RESULT $store: POST /api/v1/users/bulk suspended $(echo "$answer" | jq .changed) of $N users in ${took} s; audit events in the batch: $audited (all audit rows before: $audit0); outbox rows written: $outboxed"
    echo "   CPU during the request: roster ${cpu} s, the whole machine ${all} s (of $(nproc) cores)${wal:+; WAL written: $wal}"
    echo "   the busiest threads: $threads"
    if [[ "$store" == postgres ]]; then
        psql -q "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null
    fi
}

for s in $STORES; do bench "$s"; done
