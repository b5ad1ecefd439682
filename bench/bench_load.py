"""Load benchmark of the web server: 50 concurrent clients on deal pages and the API.

Usage: ``python bench/bench_load.py [--db FILE | --url http://127.0.0.1:PORT]``.
With ``--db`` it starts ``dealgraph serve`` on a free loopback port over that
ledger (the 5,000-article store of ``make bench``) and stops it afterwards.
Only loopback addresses are accepted: this tool must never load someone else's
server. The run is bounded both in requests and in seconds. It prints
requests/s, p50 and p99 latency and the error count, and says whether the
target (p99 <= 100 ms, no errors) is met. Meanwhile one writer posts a new
article every quarter of a second (``--write-every``), so that reads are
measured while the ledger changes under them (each write empties the response
cache); the writes' own p50 and p99 are printed, and so is the latency of the
very first write after the server started, which shows whether the models were
loaded before it accepted requests.

The load comes from ``wrk`` when it is installed (written in C, it leaves the
cores to the server) and otherwise from an asyncio ``httpx`` client, which
costs the server much of a core and so understates it. Each client is a
closed loop: it sends its next request when the last one is answered. A short
unmeasured warm-up run goes first, so that the figures describe the server in
its steady state rather than its first few requests.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import itertools
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

TARGET_P99_MS = 100.0
#: The token of the server started here, so that the run can write as well as read.
WRITE_TOKEN = "bench-load-token"
LOOPBACK_NAMES = {"localhost"}
ROOT = Path(__file__).resolve().parent.parent


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def dealgraph_command() -> list[str]:
    """How to start the CLI: the installed script beside this Python, else ``-m``."""
    script = Path(sys.executable).with_name("dealgraph")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dealgraph"]


def start_server(db: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "DEALGRAPH_TOKEN": WRITE_TOKEN, "DEALGRAPH_CLOSE_READS": "false"}
    proc = subprocess.Popen([*dealgraph_command(), "serve", "--db", db, "--host", "127.0.0.1",
                             "--port", str(port), "--workers", str(workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # the models load before the server listens
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    stop_server(proc)
    raise SystemExit("the server did not start")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


def paths(base: str) -> list[str]:
    """The mix requested: deal pages, deal JSON, a deal list and a search."""
    deals = httpx.get(base + "/api/deals", params={"limit": 50}, timeout=10).json()["items"]
    ids = [d["id"] for d in deals] or [1]
    mix = []
    for deal_id in ids:
        mix += [f"/deals/{deal_id}", f"/api/deals/{deal_id}"]
    mix += ["/api/deals?limit=20", "/api/claims?limit=20", "/api/search?q=OpenAI"]
    return mix


# -- wrk --------------------------------------------------------------------------------

#: The wrk script: each thread walks the mix from its own offset and stops after
#: its share of the request budget; ``done`` prints one parsable line.
WRK_SCRIPT = """
local paths = {%(paths)s}
local budget = %(budget)d
local threads_started = 0
local n, sent = 0, 0
setup = function(thread)
  thread:set("offset", threads_started * 7)
  threads_started = threads_started + 1
end
init = function(args)
  n = offset or 0
end
request = function()
  n = n + 1
  sent = sent + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
response = function(status, headers, body)
  if sent >= budget then wrk.thread:stop() end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("DEALGRAPH-LOAD %%d %%d %%d %%d %%d %%d %%d %%.0f %%.0f %%.0f\\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
"""


def run_wrk(base: str, mix: list[str], clients: int, total: int, seconds: float,
            threads: int = 1) -> dict[str, float]:
    """Run wrk with ``clients`` connections for at most ``seconds`` and ``total`` requests."""
    table = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in mix)
    script = WRK_SCRIPT % {"paths": table, "budget": max(1, total // threads)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        done = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(clients), "-d", f"{max(1, round(seconds))}s",
             "--timeout", "5s", "-s", handle.name, base + "/"],
            capture_output=True, text=True, timeout=seconds + 60, check=False)
    finally:
        os.unlink(handle.name)
    line = next((x for x in done.stdout.splitlines() if x.startswith("DEALGRAPH-LOAD ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result: {done.stdout[-500:]} {done.stderr[-500:]}")
    (requests, micros, connect, read, write, status, timeout,
     p50, p99, _worst) = (float(x) for x in line.split()[1:])
    elapsed = micros / 1e6
    return {"requests": requests, "seconds": elapsed, "rps": requests / elapsed,
            "p50": p50 / 1000, "p99": p99 / 1000,
            "errors": connect + read + write + status + timeout}


# -- httpx (fallback) ------------------------------------------------------------------


async def run_httpx(base: str, mix: list[str], clients: int, total: int,
                    seconds: float) -> dict[str, float]:
    cycle = itertools.cycle(mix)
    latencies: list[float] = []
    errors = 0
    sent = 0
    stop_at = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:

        async def worker() -> None:
            nonlocal errors, sent
            while sent < total and time.monotonic() < stop_at:
                sent += 1
                path = next(cycle)
                began = time.perf_counter()
                try:
                    response = await client.get(path)
                    if response.status_code >= 400:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append((time.perf_counter() - began) * 1000)

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    latencies.sort()
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {"requests": len(latencies), "seconds": elapsed, "rps": len(latencies) / elapsed,
            "p50": cuts[49], "p99": cuts[98], "errors": errors}


# -- writes -----------------------------------------------------------------------------


def article(n: int) -> dict[str, str]:
    """A made-up article, different for each ``n`` (so that none is a duplicate)."""
    names = ("Orbelune", "Tessaline", "Quillmark", "Vantor", "Brisedal", "Caldwyn", "Peyrolle")
    investor, target = names[n % len(names)], names[(n // len(names) + 1 + n) % len(names)]
    if investor == target:
        target = "Norvance"
    return {"text": f"{investor} said on Monday it would invest ${10 + n} million in {target} "
                    f"{n}, a maker of sensors, as part of a round led by Halcyon Partners.",
            "title": f"{investor} backs {target} {n}", "date": "2026-03-02",
            "key": f"bench-load-{os.getpid()}-{n}-{time.time_ns()}"}


class Writer:
    """Posts one new article every ``every`` seconds while the reads run, timing each."""

    def __init__(self, base: str, every: float) -> None:
        self.base, self.every = base, every
        self.latencies: list[float] = []
        self.errors = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.count = 0

    def post(self, client: httpx.Client) -> float:
        self.count += 1
        began = time.perf_counter()
        try:
            answer = client.post("/api/documents", json=article(self.count), timeout=60)
            if answer.status_code != 201:
                self.errors += 1
        except httpx.HTTPError:
            self.errors += 1
        return (time.perf_counter() - began) * 1000

    def run(self) -> None:
        with httpx.Client(base_url=self.base,
                          headers={"Authorization": f"Bearer {WRITE_TOKEN}"}) as client:
            while not self.stopped.is_set():
                self.latencies.append(self.post(client))
                self.stopped.wait(self.every)

    def first(self) -> float:
        """The latency of one write before any other request (the models must be loaded)."""
        with httpx.Client(base_url=self.base,
                          headers={"Authorization": f"Bearer {WRITE_TOKEN}"}) as client:
            return self.post(client)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(tool: str, base: str, mix: list[str], clients: int, total: int,
            seconds: float) -> dict[str, float]:
    if tool == "wrk":
        return run_wrk(base, mix, clients, total, seconds)
    return asyncio.run(run_httpx(base, mix, clients, total, seconds))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="A running server on a loopback address")
    where.add_argument("--db", help="Serve this ledger on a free loopback port for the run")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=200_000, help="Stop after this many")
    parser.add_argument("--seconds", type=float, default=20.0, help="Stop after this long")
    parser.add_argument("--warmup", type=float, default=3.0,
                        help="Seconds of unmeasured load first (0: none)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                        help="Server processes when started here with --db")
    parser.add_argument("--tool", choices=("auto", "wrk", "httpx"), default="auto")
    parser.add_argument("--write-every", type=float, default=0.25,
                        help="Seconds between two posted articles during the run (0: no writes;"
                             " with --url, DEALGRAPH_TOKEN must be the server's token)")
    args = parser.parse_args(argv)
    tool = args.tool
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "httpx"
    if tool == "wrk" and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    if hasattr(os, "sched_setaffinity"):
        # A caller may have pinned this process to one core (the ingest benchmark
        # does): the server and wrk, started from here, must see every core.
        os.sched_setaffinity(0, range(os.cpu_count() or 1))
    proc = None
    if args.db:
        proc, base = start_server(args.db, args.workers)
    else:
        base = args.url.rstrip("/")
        if not is_loopback(base):
            raise SystemExit(f"refusing to load a non-loopback server: {base}")
    global WRITE_TOKEN
    if args.url:
        WRITE_TOKEN = os.environ.get("DEALGRAPH_TOKEN", "")
    writer = Writer(base, args.write_every) if args.write_every > 0 else None
    first = None
    try:
        if writer is not None:
            first = writer.first()
        mix = paths(base)
        if args.warmup > 0:
            measure(tool, base, mix, args.clients, args.requests, args.warmup)
        if writer is not None:
            writer.latencies.clear()
            writer.thread.start()
        result = measure(tool, base, mix, args.clients, args.requests, args.seconds)
        if writer is not None:
            writer.stopped.set()
            writer.thread.join(timeout=120)
    finally:
        if proc is not None:
            stop_server(proc)
    met = result["p99"] <= TARGET_P99_MS and result["errors"] == 0
    served = f", {args.workers} server worker(s)" if args.db else ""
    print(f"== load: {args.clients} clients ({tool}{served}), deal pages and API, "
          f"{len(mix)} URLs; {result['requests']:.0f} requests in {result['seconds']:.1f} s")
    print(f"   {result['rps']:.0f} requests/s, p50 {result['p50']:.1f} ms, "
          f"p99 {result['p99']:.1f} ms, {result['errors']:.0f} errors "
          f"(target p99 <= {TARGET_P99_MS:.0f} ms, no errors: {'met' if met else 'NOT met'})")
    if writer is not None:
        lat = writer.latencies
        print(f"   writes meanwhile (POST /api/documents, one every {args.write_every:g} s): "
              f"{len(lat)} articles, p50 {percentile(lat, 0.5):.0f} ms, "
              f"p99 {percentile(lat, 0.99):.0f} ms, {writer.errors} errors; the first write "
              f"after start took {first:.0f} ms (models loaded before serving)")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
