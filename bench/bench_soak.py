"""Soak: the server under 50 clients of mixed reads and writes for ten minutes.

Serves a ledger (the 5,000-article one ``make bench`` builds) on a loopback
port with a token, then runs ``--clients`` threads for ``--seconds``: each
client reads the mix of pages and API answers the load benchmark uses, and
one request in ``--write-share`` is a new article posted. Prints the p99 of
reads and of writes, the errors (any answer that is not a success; target 0),
and the server's resident memory at the start and the end (target: under 10 %
growth). ``--short`` runs 30 seconds, for development.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import random
import sys
import threading
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent


def _load_bench() -> object:
    if "bench_load" in sys.modules:
        return sys.modules["bench_load"]
    spec = importlib.util.spec_from_file_location("bench_load", HERE / "bench_load.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_load"] = module
    spec.loader.exec_module(module)
    return module


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` and its children (server workers), in MB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for one in pids:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", required=True, help="The ledger to serve")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=600.0)
    parser.add_argument("--short", action="store_true", help="30 seconds, for development")
    parser.add_argument("--write-share", type=int, default=20,
                        help="One request in this many is a write")
    args = parser.parse_args(argv)
    seconds = 30.0 if args.short else args.seconds
    load = _load_bench()
    proc, base = load.start_server(args.db, 1)  # type: ignore[attr-defined]
    try:
        mix = load.paths(base)  # type: ignore[attr-defined]
        counter = itertools.count()
        reads: list[float] = []
        writes: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + seconds
        start_rss = rss_mb(proc.pid)

        def client(seed: int) -> None:
            pick = random.Random(seed)  # noqa: S311 - a load mix, not a secret
            headers = {"Authorization": f"Bearer {load.WRITE_TOKEN}"}  # type: ignore[attr-defined]
            with httpx.Client(base_url=base, timeout=60, headers=headers) as http:
                while time.monotonic() < stop:
                    write = pick.randrange(args.write_share) == 0
                    began = time.perf_counter()
                    try:
                        if write:
                            answer = http.post("/api/documents",
                                               json=load.article(next(counter)))  # type: ignore[attr-defined]
                        else:
                            answer = http.get(pick.choice(mix))
                        failed = None if answer.is_success else str(answer.status_code)
                    except httpx.HTTPError as exc:
                        failed = type(exc).__name__
                    took = (time.perf_counter() - began) * 1000
                    with lock:
                        (writes if write else reads).append(took)
                        if failed:
                            errors.append(failed)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        end_rss = rss_mb(proc.pid)
    finally:
        load.stop_server(proc)  # type: ignore[attr-defined]
    p99 = load.percentile  # type: ignore[attr-defined]
    growth = (end_rss - start_rss) / start_rss * 100 if start_rss else float("nan")
    print(f"== soak: {args.clients} clients, {seconds:.0f} s, {len(reads)} reads, "
          f"{len(writes)} writes")
    print(f"   reads p99 {p99(reads, 0.99):.1f} ms, writes p99 {p99(writes, 0.99):.1f} ms")
    print(f"   errors {len(errors)} (target 0){': ' + ', '.join(sorted(set(errors))) if errors else ''}")
    print(f"   server memory {start_rss:.0f} MB -> {end_rss:.0f} MB ({growth:+.1f} %, "
          "target under +10 %)")


if __name__ == "__main__":
    main()
