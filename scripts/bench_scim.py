#!/usr/bin/env python3
"""Roster's SCIM endpoint against the reference server scim2-server (PyPI), side by side.

Starts both on this machine (Roster from target/release/roster on a fresh SQLite file,
or --database postgres://...; scim2-server in memory), then times, one request at a time
over a kept-alive connection: create, filter by userName, get by id, and a 100-user list
page. Prints both and the ratio (scim2-server time / Roster time: above 1 means Roster is
faster).

    cargo build --release && pip install scim2-server && python3 scripts/bench_scim.py
"""

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, port, prefix, token):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.prefix = prefix
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json",
                        "Accept": "application/scim+json"}

    def call(self, method, path, body=None):
        data = json.dumps(body) if body is not None else None
        start = time.perf_counter()
        self.conn.request(method, self.prefix + path, body=data, headers=self.headers)
        res = self.conn.getresponse()
        payload = res.read()
        elapsed = time.perf_counter() - start
        if res.status >= 300:
            raise RuntimeError(f"{method} {path}: {res.status} {payload[:300]!r}")
        return elapsed, json.loads(payload) if payload else None


def wait_until_up(port, prefix, token, proc, what):
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit(f"{what} exited: {proc.returncode}")
        try:
            Client(port, prefix, token).call("GET", "/ServiceProviderConfig")
            return
        except (OSError, RuntimeError, http.client.HTTPException):
            time.sleep(0.2)
    sys.exit(f"{what} did not start")


def start_roster(binary, database, workdir):
    db = database or f"sqlite://{workdir}/roster.db"
    env = dict(os.environ, RUST_LOG="warn")
    run = lambda *a: subprocess.run([binary, *a, "--database", db], check=True, capture_output=True, text=True, env=env)
    run("account", "create", "bench", "--admin", "admin@bench.test")
    token = run("token", "create", "--account", "bench").stdout.strip()
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--listen", f"127.0.0.1:{port}", "--database", db,
                             "--mail-dir", f"{workdir}/mail"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_up(port, "/scim/v2", token, proc, "roster")
    return proc, Client(port, "/scim/v2", token)


def start_reference():
    exe = shutil.which("scim2-server")
    if not exe:
        sys.exit("scim2-server is not installed: pip install scim2-server")
    token, port = "bench-token", free_port()
    proc = subprocess.Popen([exe, "--port", str(port), "--bearer-token", token],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_up(port, "", token, proc, "scim2-server")
    return proc, Client(port, "", token)


def user(i, run_id):
    name = f"bench{i}.{run_id}@example.com"
    return {"schemas": [USER_SCHEMA], "userName": name, "name": {"givenName": f"Bench{i}", "familyName": "User"},
            "emails": [{"value": name, "type": "work", "primary": True}], "active": True}


def measure(client, n, lookups, pages, run_id):
    times = {"create": [], "filter userName": [], "get by id": [], "list 100": []}
    ids, names = [], []
    for i in range(n):
        t, doc = client.call("POST", "/Users", user(i, run_id))
        times["create"].append(t)
        ids.append(doc["id"])
        names.append(doc["userName"])
    rng = random.Random(7)
    for _ in range(lookups):
        name = rng.choice(names)
        q = urllib.parse.quote(f'userName eq "{name}"')
        t, doc = client.call("GET", f"/Users?filter={q}")
        assert doc["totalResults"] == 1, doc
        times["filter userName"].append(t)
    for _ in range(lookups):
        t, _ = client.call("GET", f"/Users/{rng.choice(ids)}")
        times["get by id"].append(t)
    for _ in range(pages):
        t, doc = client.call("GET", "/Users?startIndex=1&count=100")
        assert len(doc["Resources"]) == 100, len(doc["Resources"])
        times["list 100"].append(t)
    return times


def summary(ts):
    ts = sorted(ts)
    return {"mean": statistics.mean(ts) * 1000, "p50": ts[len(ts) // 2] * 1000,
            "p95": ts[int(len(ts) * 0.95) - 1] * 1000, "rps": len(ts) / sum(ts)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--roster-bin", default="target/release/roster")
    p.add_argument("--database", help="Roster's database URL (default: a fresh SQLite file)")
    p.add_argument("--users", type=int, default=500)
    p.add_argument("--lookups", type=int, default=500)
    p.add_argument("--pages", type=int, default=100)
    args = p.parse_args()
    if not os.path.exists(args.roster_bin):
        sys.exit(f"{args.roster_bin} not found: cargo build --release")
    run_id = os.urandom(3).hex()
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        for name, start in [("roster", lambda: start_roster(args.roster_bin, args.database, workdir)),
                            ("scim2-server", start_reference)]:
            proc, client = start()
            try:
                results[name] = {k: summary(v) for k, v in
                                 measure(client, args.users, args.lookups, args.pages, run_id).items()}
            finally:
                proc.terminate()
                proc.wait()
    print(f"SCIM benchmark: {args.users} creates, {args.lookups} lookups, {args.pages} pages; "
          "sequential requests, one kept-alive connection; times in ms")
    print(f"{'operation':<17}{'roster mean/p50/p95':>24}{'scim2-server mean/p50/p95':>30}"
          f"{'roster req/s':>14}{'ref req/s':>11}{'ratio':>8}")
    for op in results["roster"]:
        r, s = results["roster"][op], results["scim2-server"][op]
        print(f"{op:<17}{r['mean']:>10.2f}/{r['p50']:>6.2f}/{r['p95']:>6.2f}"
              f"{s['mean']:>14.2f}/{s['p50']:>6.2f}/{s['p95']:>7.2f}"
              f"{r['rps']:>14.0f}{s['rps']:>11.0f}{s['mean'] / r['mean']:>7.1f}x")
    print("ratio = scim2-server mean / Roster mean (above 1: Roster faster). "
          "Roster persists every change with its audit in a database transaction; scim2-server keeps memory only.")


if __name__ == "__main__":
    main()
