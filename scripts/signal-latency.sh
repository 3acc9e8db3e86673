#!/bin/sh
# Commit -> arrival of Shared Signals push events over 100 users, on SQLite and PostgreSQL
# (postgres://postgres@127.0.0.1:5432/test). Prints p50 and p99.
set -e
cd "$(dirname "$0")/.."
cargo test --test it signal_latency -- --ignored --nocapture --test-threads 1 2>&1 | grep "commit -> arrival"
