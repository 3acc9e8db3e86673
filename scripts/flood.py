#!/usr/bin/env python3
"""A list flood against the release binary (issue 10, finding 6).

N concurrent `GET /api/v1/users?limit=500` with one token against an account of a few
hundred users, while a prober asks `/healthz` and a product asks the access check with
another token from another address (127.0.0.2). Reports the flood's statuses, the
probes' latencies and the server's peak resident memory.

Usage: scripts/flood.py [--store sqlite|postgres] [--requests 2000] [--users 300]
Needs only Python 3 (asyncio, raw HTTP/1.1); builds the release binary first.
"""

import argparse
import asyncio
import collections
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXE = os.path.join(ROOT, "target", "release", "roster")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def http(port, method, path, token=None, body=None, ctype=None, local=None,
               timeout=120.0):
    """One request on its own connection; answers (status, body bytes)."""
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection("127.0.0.1", port,
                                local_addr=(local, 0) if local else None),
        timeout)
    head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
    if token:
        head.append(f"Authorization: Bearer {token}")
    data = body.encode() if isinstance(body, str) else (body or b"")
    if body is not None:
        head.append(f"Content-Type: {ctype}")
        head.append(f"Content-Length: {len(data)}")
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)
    await writer.drain()
    raw = await asyncio.wait_for(reader.read(), timeout)
    writer.close()
    line = raw.split(b"\r\n", 1)[0].decode(errors="replace")
    status = int(line.split()[1]) if line.startswith("HTTP/") else 0
    return status, raw.split(b"\r\n\r\n", 1)[-1]


def peak_rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


async def flood(port, token, product_token, product_user, n, pid):
    statuses = collections.Counter()
    stop = asyncio.Event()
    health, access, access_statuses = [], [], collections.Counter()

    async def one():
        try:
            status, _ = await http(port, "GET", "/api/v1/users?limit=500", token)
        except Exception:
            status = 0
        statuses[status] += 1

    async def prober():
        while not stop.is_set():
            t = time.monotonic()
            try:
                s, _ = await http(port, "GET", "/healthz", timeout=10)
            except Exception:
                s = 0
            health.append((time.monotonic() - t) * 1000 if s == 200 else float("inf"))
            t = time.monotonic()
            try:
                s, _ = await http(port, "GET",
                                  f"/api/v1/access?user={product_user}&product=meeting",
                                  product_token, local="127.0.0.2", timeout=10)
            except Exception:
                s = 0
            access_statuses[s] += 1
            access.append((time.monotonic() - t) * 1000)
            await asyncio.sleep(0.05)

    probe = asyncio.create_task(prober())
    started = time.monotonic()
    await asyncio.gather(*(one() for _ in range(n)))
    took = time.monotonic() - started
    stop.set()
    await probe
    return {
        "requests": n,
        "seconds": round(took, 2),
        "statuses": dict(sorted(statuses.items())),
        "http_500": statuses.get(500, 0),
        "healthz_probes": len(health),
        "healthz_ms_p50": round(percentile(health, 0.5), 1),
        "healthz_ms_max": round(max(health), 1) if health else None,
        "access_statuses": dict(access_statuses),
        "access_ms_p50": round(percentile(access, 0.5), 1),
        "access_ms_max": round(max(access), 1) if access else None,
        "peak_rss_mb": round(peak_rss_mb(pid), 1),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", default="sqlite", choices=["sqlite", "postgres"])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--users", type=int, default=300)
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "-q"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="roster-flood-")
    if args.store == "sqlite":
        db = f"sqlite://{work}/flood.db"
    else:
        schema = f"flood_{os.getpid()}"
        subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-c",
                        f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"],
                       check=True)
        db = f"postgres://postgres@127.0.0.1:5432/test?options[search_path]={schema}"
    env = dict(os.environ, ROSTER_DATABASE=db, ROSTER_LOG="warn")
    run = lambda *a: subprocess.run([EXE, *a], env=env, check=True, capture_output=True,
                                    text=True).stdout.strip()
    run("account", "create", "acme", "--admin", "admin@acme.test")
    run("account", "create", "products", "--admin", "admin@products.test")
    token = run("token", "create", "--account", "acme")
    product_token = run("token", "create", "--account", "products")
    port = free_port()
    proc = subprocess.Popen([EXE, "serve", "--listen", f"127.0.0.1:{port}",
                             "--mail-dir", f"{work}/mail"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                if asyncio.run(http(port, "GET", "/healthz", timeout=1))[0] == 200:
                    break
            except Exception:
                time.sleep(0.1)
        csv = "email,first_name,last_name,locale,role,products\n" + "".join(
            f"user{i}@acme.test,User,Number{i},en,member,rescue\n" for i in range(args.users))
        status, body = asyncio.run(http(port, "POST", "/api/v1/users/import?notify=false",
                                        token, csv, "text/csv"))
        assert status == 200, (status, body[:300])
        product_user = "person@products.test"
        status, body = asyncio.run(http(
            port, "POST", "/api/v1/users", product_token,
            json.dumps({"email": product_user, "products": ["meeting"], "notify": False}),
            "application/json"))
        assert status == 201, (status, body[:300])
        result = asyncio.run(flood(port, token, product_token, product_user, args.requests,
                                   proc.pid))
        result["store"] = args.store
        print(json.dumps(result, indent=2))
        ok = (result["http_500"] == 0 and result["healthz_ms_max"] is not None
              and result["healthz_ms_max"] < 100 and result["peak_rss_mb"] < 1024
              and set(result["access_statuses"]) == {200})
        sys.exit(0 if ok else 1)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    random.seed(1)
    main()
