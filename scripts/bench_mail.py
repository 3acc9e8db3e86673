#!/usr/bin/env python3
"""Email delivery benchmark: the release `roster` binary against a local SMTP sink.

Reports
  * commit -> delivery latency (p50, p99): changes made one at a time at a steady pace;
    from the outbox row's created_at (written inside the change's transaction, just before
    its commit, so the figure slightly over-states the latency) to the sink's `250` after
    DATA;
  * emails/s: a backlog of emails drained as fast as the worker goes (the sink was down,
    the emails went dead after one attempt, `roster mail retry` requeues them all);
  * end-to-end emails/s: changes made by parallel clients while the worker delivers.

Standard library only. Usage:
    scripts/bench_mail.py [--emails 2000] [--latency-emails 300] [--rate 50]
                          [--concurrency 8] [--database postgres://...] [--no-build]
"""

import argparse
import asyncio
import json
import os
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "roster")


class Sink:
    """A minimal SMTP server on its own thread; records (time ms, rcpt, message-id)."""

    def __init__(self, port):
        self.port = port
        self.received = []
        self.lock = threading.Lock()
        self.loop = asyncio.new_event_loop()
        self.server = None
        self.writers = set()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def start(self):
        async def go():
            self.server = await asyncio.start_server(self.session, "127.0.0.1", self.port,
                                                     reuse_address=True)
        asyncio.run_coroutine_threadsafe(go(), self.loop).result()

    def stop(self):
        async def go():
            # Down means down: open connections are dropped too, not only the listener.
            self.server.close()
            for w in list(self.writers):
                w.close()
            await self.server.wait_closed()
        if self.server:
            asyncio.run_coroutine_threadsafe(go(), self.loop).result()
            self.server = None

    def count(self):
        with self.lock:
            return len(self.received)

    async def session(self, reader, writer):
        self.writers.add(writer)
        writer.write(b"220 sink ESMTP\r\n")
        rcpt = []
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                verb = line[:4].upper()
                if verb == b"EHLO":
                    writer.write(b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                elif verb == b"MAIL" or verb == b"RSET":
                    rcpt = []
                    writer.write(b"250 OK\r\n")
                elif verb == b"RCPT":
                    rcpt.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
                    writer.write(b"250 OK\r\n")
                elif verb == b"DATA":
                    writer.write(b"354 go\r\n")
                    message_id = ""
                    while True:
                        l = await reader.readline()
                        if l in (b".\r\n", b".\n", b""):
                            break
                        if not message_id and l[:11].lower() == b"message-id:":
                            message_id = l[11:].strip().decode()
                    with self.lock:
                        self.received.append((time.time() * 1000, rcpt, message_id))
                    writer.write(b"250 queued\r\n")
                elif verb == b"QUIT":
                    writer.write(b"221 bye\r\n")
                    await writer.drain()
                    break
                else:
                    writer.write(b"250 OK\r\n")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        self.writers.discard(writer)
        writer.close()

    def wait_for(self, n, timeout):
        end = time.time() + timeout
        while self.count() < n and time.time() < end:
            time.sleep(0.01)
        return self.count()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def roster(db, *args):
    out = subprocess.run([BIN, *args, "--database", db], capture_output=True, text=True,
                         env={**os.environ, "ROSTER_LOG": "error"})
    if out.returncode != 0:
        sys.exit(f"roster {' '.join(args)} failed: {out.stderr.strip()}")
    return out.stdout.strip()


class Api:
    def __init__(self, base, token):
        self.base, self.token = base, token

    def create_user(self, email, products):
        body = json.dumps({"email": email, "products": products}).encode()
        req = urllib.request.Request(f"{self.base}/api/v1/users", data=body, method="POST",
                                     headers={"Authorization": f"Bearer {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req) as res:
            assert res.status == 201, res.status


def outbox_created_at(db):
    """Message-ID -> created_at (ms) of every outbox row."""
    sql = "SELECT id, created_at FROM outbox"
    if db.startswith("sqlite://"):
        with sqlite3.connect(db[len("sqlite://"):]) as c:
            rows = c.execute(sql).fetchall()
    else:
        url = db.split("?")[0]
        out = subprocess.run(["psql", url, "-AtF", "|", "-c", sql], capture_output=True,
                             text=True, check=True, env={**os.environ, "PGOPTIONS": pg_options(db)})
        rows = [l.split("|") for l in out.stdout.splitlines() if l]
    return {f"<{i}@roster>": int(t) for i, t in rows}


def pg_options(db):
    # postgres://...?options[search_path]=s  ->  -c search_path=s
    if "search_path]=" in db:
        return "-c search_path=" + db.split("search_path]=")[1].split("&")[0]
    return ""


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--emails", type=int, default=2000, help="backlog size for emails/s")
    ap.add_argument("--latency-emails", type=int, default=300)
    ap.add_argument("--rate", type=float, default=50, help="changes/s in the latency phase")
    ap.add_argument("--concurrency", type=int, default=16, help="roster --mail-concurrency")
    ap.add_argument("--clients", type=int, default=8, help="parallel API clients")
    ap.add_argument("--database", help="postgres://... (default: a fresh SQLite file)")
    ap.add_argument("--no-build", action="store_true")
    a = ap.parse_args()

    if not a.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    work = tempfile.mkdtemp(prefix="roster-bench-")
    db = a.database or f"sqlite://{work}/bench.db"
    roster(db, "account", "create", "bench", "--admin", "admin@bench.test")
    token = roster(db, "token", "create", "--account", "bench")

    sink = Sink(free_port())
    sink.start()
    port = free_port()
    server = subprocess.Popen(
        [BIN, "serve", "--listen", f"127.0.0.1:{port}", "--database", db,
         "--smtp", f"smtp://127.0.0.1:{sink.port}", "--mail-attempts", "1",
         "--mail-concurrency", str(a.concurrency)],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "roster.log"), "w"),
        env={**os.environ, "ROSTER_LOG": "warn"})
    api = Api(f"http://127.0.0.1:{port}", token)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{api.base}/healthz").read()
                break
            except OSError:
                time.sleep(0.05)

        # 1. Latency: one change at a time, at a steady pace, the worker idle in between.
        gap = 1.0 / a.rate
        for i in range(a.latency_emails):
            t0 = time.time()
            api.create_user(f"lat{i}@bench.test", ["rescue"])
            time.sleep(max(0.0, gap - (time.time() - t0)))
        sink.wait_for(a.latency_emails, 60)
        created = outbox_created_at(db)
        with sink.lock:
            lat = [t - created[mid] for (t, _, mid) in sink.received if mid in created]
        print(f"commit->delivery latency over {len(lat)} emails at {a.rate:g} changes/s: "
              f"p50 {percentile(lat, 50):.1f} ms, p99 {percentile(lat, 99):.1f} ms, "
              f"max {max(lat):.1f} ms")

        # 2. Throughput: a backlog drained at full speed.
        sink.stop()
        base = sink.count()
        t0 = time.time()
        with ThreadPoolExecutor(a.clients) as pool:
            list(pool.map(lambda i: api.create_user(f"bl{i}@bench.test", ["rescue"]), range(a.emails)))
        changes_s = a.emails / (time.time() - t0)
        # With the sink down and --mail-attempts 1 every email goes dead; wait for that.
        for _ in range(600):
            if f"dead     {a.emails}" in roster(db, "mail", "status"):
                break
            time.sleep(0.1)
        sink.start()
        roster(db, "mail", "retry")
        sink.wait_for(base + a.emails, 300)
        with sink.lock:
            times = [t for (t, _, _) in sink.received[base:]]
        drain = (len(times) - 1) / ((times[-1] - times[0]) / 1000)
        print(f"backlog of {len(times)} emails drained at {drain:.0f} emails/s "
              f"(--mail-concurrency {a.concurrency}); changes were made at {changes_s:.0f}/s "
              f"by {a.clients} clients")

        # 3. End to end: parallel changes while the worker delivers.
        base = sink.count()
        t0 = time.time()
        with ThreadPoolExecutor(a.clients) as pool:
            list(pool.map(lambda i: api.create_user(f"e2e{i}@bench.test", ["rescue"]), range(a.emails)))
        sink.wait_for(base + a.emails, 300)
        with sink.lock:
            last = sink.received[-1][0] / 1000
        print(f"end to end: {a.emails} changes by {a.clients} clients, all emails delivered "
              f"in {last - t0:.2f} s ({a.emails / (last - t0):.0f} emails/s)")
        with sink.lock:
            ids = [m for (_, _, m) in sink.received]
        print(f"sink: {len(ids)} messages, {len(set(ids))} distinct Message-IDs")
    finally:
        server.terminate()
        server.wait()
        sink.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
