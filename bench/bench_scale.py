"""Crawl-scale benchmark: the shared corpora as WARC.gz, ingested into PostgreSQL two ways.

The Reuters-21578 wires and the French WMT news (about 20,500 articles) are
written by this script as HTML pages in WARC.gz files, the form a news crawl
ships. The same files are then ingested into two fresh PostgreSQL ledgers:
by one process (``dealgraph.ingest.ingest``, the default engine) and by a
``LocalCluster`` of two worker processes (``ingest --engine dask``). Printed:
articles/s of each and their ratio (target >= 1.7x on a two-core machine),
peak memory of each worker and of the single process, the store's size per
1,000 articles, and whether the two ledgers agree on their counts.

The rates are measured once the models are loaded (once in the single process,
once per worker, timed apart and also folded into a second ratio), so that a
short ``--limit`` run during development measures reading, extraction and
writing rather than start-up.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

from dealgraph.records import Record
from dealgraph.store.writes import Ledger, Outcome

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DEALGRAPH_SHARED", ROOT.parent / "shared"))
CORPORA = ("reuters21578", "wmt_newstest_fr")
PG = os.environ.get("DEALGRAPH_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")
TARGET = 1.7


def _articles(limit: int) -> Iterator[dict[str, object]]:
    """The corpora's articles, alternating the two so that a --limit run holds both languages."""
    streams = [gzip.open(SHARED / "corpora" / name / "articles.jsonl.gz", "rt", encoding="utf-8")
               for name in CORPORA]
    given = 0
    try:
        live = list(streams)
        while live and given < limit:
            for stream in list(live):
                line = stream.readline()
                if not line:
                    live.remove(stream)
                    continue
                if line.strip():
                    yield json.loads(line)
                    given += 1
                    if given >= limit:
                        return
    finally:
        for stream in streams:
            stream.close()


def _page(article: dict[str, object]) -> bytes:
    title = html.escape(str(article.get("title") or ""))
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in str(article["text"]).split("\n")
                         if p.strip())
    date = article.get("date") or ""
    lang = article.get("lang") or "en"
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}'
            f'</title><meta property="article:published_time" content="{date}"></head><body>'
            f"<article><h1>{title}</h1>{paragraphs}</article></body></html>").encode()


def _record(url: str, captured: str, page: bytes) -> bytes:
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Length: " + str(len(page)).encode() + b"\r\n\r\n" + page)
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: {captured}\r\nWARC-Target-URI: {url}\r\n"
            f"Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http)}\r\n\r\n").encode()
    return gzip.compress(head + http + b"\r\n\r\n", compresslevel=6)  # one gzip member per record


def write_warcs(folder: Path, limit: int, files: int = 4) -> tuple[list[str], int]:
    """The articles as ``files`` WARC.gz archives (round robin); their paths and the count."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"corpus-{i:02d}.warc.gz" for i in range(files)]
    outs = [p.open("wb") for p in paths]
    count = 0
    try:
        for count, article in enumerate(_articles(limit), start=1):
            day = str(article.get("date") or "2020-01-01")
            captured = f"{day}T12:00:00Z" if len(day) == 10 else "2020-01-01T12:00:00Z"
            slug = str(article["id"]).replace("/", "-")
            url = f"https://corpus.example/{slug}"
            outs[count % files].write(_record(url, captured, _page(article)))
    finally:
        for out in outs:
            out.close()
    return [str(p) for p in paths], count


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


class TimedLedger(Ledger):
    """The ledger, with the time its writes take counted."""

    seconds = 0.0

    def add(self, record: Record) -> Outcome:
        start = time.perf_counter()
        try:
            return super().add(record)
        finally:
            self.seconds += time.perf_counter() - start


def _schema_url(name: str) -> str:
    return f"{PG}?options=-csearch_path%3D{name}"


def _store_size(engine: object, schema: str) -> int:
    from sqlalchemy import text

    with engine.connect() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(text(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :schema AND c.relkind = 'r'"), {"schema": schema}).scalar())


def _counts(engine: object) -> dict[str, int]:
    from dealgraph.store.writes import count

    with engine.connect() as conn:  # type: ignore[attr-defined]
        return {t: count(conn, t) for t in ("documents", "claims", "deals", "stories",
                                            "document_links", "failures")}


def _worker_peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=25_000, help="Articles to write and read.")
    parser.add_argument("--workers", type=int, default=2, help="Worker processes of the cluster.")
    parser.add_argument("--partition-size", type=int, default=250, help="WARC records per task.")
    args = parser.parse_args(argv or [])
    if not (SHARED / "corpora").exists():
        print("== scale: the shared corpora are absent; nothing measured")
        return
    try:
        import psycopg
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        print(f"== scale: {exc}; nothing measured")
        return
    try:
        admin = psycopg.connect(PG, autocommit=True)
    except psycopg.Error as exc:
        print(f"== scale: no PostgreSQL at {PG.rsplit('@', 1)[-1]}: {exc}; nothing measured")
        return

    from dealgraph.config import Settings
    from dealgraph.ingest import ingest_items, warm_extractor
    from dealgraph.scale.dask_ingest import ingest_with_dask, load_models
    from dealgraph.sources.reader import read_inputs
    from dealgraph.store.engine import open_engine

    schemas = {k: f"bench_{k}_{uuid.uuid4().hex[:8]}" for k in ("one", "spread")}
    for schema in schemas.values():
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        with tempfile.TemporaryDirectory(prefix="dealgraph-scale-") as tmp:
            began = time.perf_counter()
            paths, articles = write_warcs(Path(tmp), args.limit)
            size = sum(Path(p).stat().st_size for p in paths)
            print(f"== scale: {articles} corpus articles written to {len(paths)} WARC.gz files "
                  f"({size / 1e6:.1f} MB) in {time.perf_counter() - began:.1f} s", flush=True)

            one_db = _schema_url(schemas["one"])
            settings = Settings(db=one_db)
            began = time.perf_counter()
            load_models(settings)  # as in each worker below
            extractor = warm_extractor(settings)
            one_load = time.perf_counter() - began
            began = time.perf_counter()
            timed = TimedExtractor(extractor)
            ledger = TimedLedger(open_engine(one_db))
            # what ``ingest`` does, with the extraction and the writes timed apart
            single = ingest_items(read_inputs(paths), ledger, timed)
            one_s = time.perf_counter() - began
            one_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
            one_rate = single.seen / one_s
            print(f"   one process: {single.seen} articles ({single.new} new, {single.duplicate} "
                  f"duplicate, {single.failed} failed) in {one_s:.1f} s = {one_rate:.1f} "
                  f"articles/s after {one_load:.1f} s loading the models "
                  f"({single.seen / (one_s + one_load):.1f}/s with it); peak {one_peak} MB",
                  flush=True)
            reading = one_s - timed.seconds - ledger.seconds
            print(f"   of which extraction {timed.seconds:.1f} s, reading (WARC, HTML) "
                  f"{reading:.1f} s, writes {ledger.seconds:.1f} s = "
                  f"{single.new / max(ledger.seconds, 1e-9):.0f} articles/s: the ceiling of one "
                  f"ledger, whose writes are serialised across workers", flush=True)

            spread_db = _schema_url(schemas["spread"])
            cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", memory_limit=0)
            client = Client(cluster)
            try:
                began = time.perf_counter()
                client.run(load_models, Settings(db=spread_db))  # the models, once per worker
                spread_load = time.perf_counter() - began
                began = time.perf_counter()
                spread = ingest_with_dask(paths, Settings(db=spread_db), client=client,
                                          records=args.partition_size)
                spread_s = time.perf_counter() - began
                peaks = sorted(client.run(_worker_peak_mb).values())
            finally:
                client.close()
                cluster.close()
            spread_rate = spread.seen / spread_s
            print(f"   LocalCluster of {args.workers} workers: {spread.seen} articles in "
                  f"{spread.partitions} partitions ({spread.new} new, {spread.duplicate} "
                  f"duplicate, {spread.failed} failed, {len(spread.broken)} broken) in "
                  f"{spread_s:.1f} s = {spread_rate:.1f} articles/s after {spread_load:.1f} s "
                  f"loading the models in the workers ({spread.seen / (spread_s + spread_load):.1f}"
                  f"/s with it); peak memory per worker {', '.join(f'{p} MB' for p in peaks)}",
                  flush=True)
            ratio = spread_rate / one_rate
            whole = (spread.seen / (spread_s + spread_load)) / (single.seen / (one_s + one_load))
            verdict = "met" if ratio >= TARGET else "NOT met"
            print(f"   ratio: {ratio:.2f}x the single process once loaded (target >= {TARGET}x: "
                  f"{verdict}); {whole:.2f}x with the loading; per worker "
                  f"{spread_rate / args.workers:.1f} articles/s")

            for name, db in (("one process", one_db), ("cluster", spread_db)):
                engine = open_engine(db)
                counts = _counts(engine)
                stored = _store_size(engine, schemas["one" if db == one_db else "spread"])
                per_k = stored / max(1, counts["documents"]) * 1000
                print(f"   {name} ledger: {counts}; {stored / 1e6:.1f} MB in PostgreSQL = "
                      f"{per_k / 1e6:.2f} MB per 1,000 articles")
                engine.dispose()
            load = os.getloadavg()
            print(f"   load average at the end (1, 5, 15 min): {load[0]:.1f}, {load[1]:.1f}, "
                  f"{load[2]:.1f} on {os.cpu_count()} cores (other work skews the ratio)")
    finally:
        for schema in schemas.values():
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
