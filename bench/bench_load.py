"""Load benchmark of the web server: 50 concurrent clients on deal pages and the API.

Usage: ``python bench/bench_load.py [--db FILE | --url http://127.0.0.1:PORT]``.
With ``--db`` it starts ``dealgraph serve`` on a free loopback port over that
ledger (the 5,000-article store of ``make bench``) and stops it afterwards.
Only loopback addresses are accepted: this tool must never load someone else's
server. The run is bounded both in requests and in seconds. It prints
requests/s, p50 and p99 latency and the error count, and says whether the
target (p99 <= 100 ms, no errors) is met.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import itertools
import os
import socket
import statistics
import subprocess
import sys
import time
from urllib.parse import urlsplit

import httpx

TARGET_P99_MS = 100.0
LOOPBACK_NAMES = {"localhost"}


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


def start_server(db: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dealgraph", "serve", "--db", db,
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "DEALGRAPH_TOKEN": ""})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start")


def paths(base: str) -> list[str]:
    """The mix requested: deal pages, deal JSON, a deal list and a search."""
    deals = httpx.get(base + "/api/deals", params={"limit": 50}, timeout=10).json()["items"]
    ids = [d["id"] for d in deals] or [1]
    mix = []
    for deal_id in ids:
        mix += [f"/deals/{deal_id}", f"/api/deals/{deal_id}"]
    mix += ["/api/deals?limit=20", "/api/claims?limit=20", "/api/search?q=OpenAI"]
    return mix


async def run(base: str, clients: int, total: int, seconds: float) -> dict[str, float]:
    mix = paths(base)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="A running server on a loopback address")
    where.add_argument("--db", help="Serve this ledger on a free loopback port for the run")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=5000, help="Stop after this many")
    parser.add_argument("--seconds", type=float, default=30.0, help="Stop after this long")
    args = parser.parse_args()
    proc = None
    if args.db:
        proc, base = start_server(args.db)
    else:
        base = args.url.rstrip("/")
        if not is_loopback(base):
            raise SystemExit(f"refusing to load a non-loopback server: {base}")
    try:
        result = asyncio.run(run(base, args.clients, args.requests, args.seconds))
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
    met = result["p99"] <= TARGET_P99_MS and result["errors"] == 0
    print(f"load: {args.clients} clients, {result['requests']:.0f} requests in "
          f"{result['seconds']:.1f} s: {result['rps']:.0f} requests/s, "
          f"p50 {result['p50']:.1f} ms, p99 {result['p99']:.1f} ms, "
          f"{result['errors']:.0f} errors (target p99 <= {TARGET_P99_MS:.0f} ms, no errors: "
          f"{'met' if met else 'NOT met'})")


if __name__ == "__main__":
    main()
