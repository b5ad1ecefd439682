"""Ingest benchmark: articles/s into SQLite, database size, peak memory, query latency.

Streams at least 5,000 articles from the shared corpora (Reuters-21578 in
English, WMT news in French) through the whole ingest path (reading,
extraction, copy detection, one transaction per article) into a fresh SQLite
file, on one core, then times ``timeline`` and ``deals --org`` for the
organisations with the most deals. It prints the share of time spent in
extraction, so the store's own cost can be read apart.

Targets: >= 50 articles/s, peak memory <= 800 MB and flat, p95 <= 50 ms per query.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DEALGRAPH_SHARED", ROOT.parent / "shared"))
CORPORA = ("reuters21578", "wmt_newstest_fr")


class TimedExtractor:
    """The real extractor, with the time it spends counted."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.seconds = 0.0

    def extract_batch(self, docs: Sequence[object]) -> Sequence[object]:
        start = time.perf_counter()
        try:
            return self.inner.extract_batch(docs)  # type: ignore[attr-defined, no-any-return]
        finally:
            self.seconds += time.perf_counter() - start


def _items(limit: int) -> Iterator[object]:
    from dealgraph.sources.reader import read_inputs

    paths = [str(SHARED / "corpora" / name / "articles.jsonl.gz") for name in CORPORA]
    for n, item in enumerate(read_inputs(paths, max_bytes=50_000_000)):
        if n >= limit:
            return
        yield item


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=5000, help="Articles to ingest.")
    parser.add_argument("--no-ner", action="store_true", help="Rules only, no statistical NER.")
    parser.add_argument("--db", default=None, help="SQLite file (default: a temporary one).")
    args = parser.parse_args(argv or [])
    if not (SHARED / "corpora").exists():
        print("== ingest: the shared corpora are absent; nothing measured")
        return
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core, as targeted

    from sqlalchemy import select

    from dealgraph.config import Settings
    from dealgraph.extract.pipeline import Extractor
    from dealgraph.ingest import ingest_items
    from dealgraph.store import query
    from dealgraph.store import tables as t
    from dealgraph.store.engine import open_engine
    from dealgraph.store.writes import Ledger

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        engine = open_engine(db)
        extractor = TimedExtractor(Extractor(Settings(ner=not args.no_ner)))
        rss: list[int] = []

        def progress(_outcome: object, _name: str) -> None:
            if summary_count[0] % 1000 == 0:
                rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
            summary_count[0] += 1

        summary_count = [0]
        start = time.perf_counter()
        summary = ingest_items(_items(args.limit), Ledger(engine), extractor, progress)
        elapsed = time.perf_counter() - start
        size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

        with engine.connect() as conn:
            d = t.deals
            busiest: dict[str, int] = {}
            for r in conn.execute(select(d.c.investor, d.c.target, d.c.claims)):
                for name in (r.investor, r.target):
                    if name:
                        busiest[name] = busiest.get(name, 0) + r.claims
            orgs = sorted(busiest, key=lambda n: -busiest[n])[:20]
            timings: dict[str, list[float]] = {"timeline": [], "deals --org": []}
            for _ in range(5):
                for name in orgs:
                    t0 = time.perf_counter()
                    query.timeline(conn, name)
                    t1 = time.perf_counter()
                    query.deals(conn, query.DealFilters(org=name))
                    t2 = time.perf_counter()
                    timings["timeline"].append((t1 - t0) * 1000)
                    timings["deals --org"].append((t2 - t1) * 1000)

    seen = summary.seen
    print(f"== ingest: {seen} articles ({summary.new} new, {summary.duplicate} duplicate, "
          f"{summary.failed} failed) into SQLite, one core, NER {'off' if args.no_ner else 'on'}")
    print(f"   end to end: {seen / elapsed:.1f} articles/s ({elapsed:.1f} s)")
    store_s = elapsed - extractor.seconds
    print(f"   extraction: {extractor.seconds:.1f} s; everything else (reading, copies, "
          f"writes): {store_s:.1f} s = {seen / store_s:.0f} articles/s")
    print(f"   database: {size / 1e6:.1f} MB; peak memory {peak} MB "
          f"(every 1000 articles: {', '.join(map(str, rss))} MB)")
    for name, samples in timings.items():
        if samples:
            p50, p95 = _percentiles(samples)
            print(f"   {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(samples)} queries "
                  f"({len(orgs)} busiest organisations)")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
