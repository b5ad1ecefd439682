"""Questions benchmark: answer accuracy, citation precision and answer time.

Quality: the questions of ``tests/ask/questions.yaml`` asked of a ledger built
from the seeds, ``examples/`` and the development articles of news_deals (as the
test builds it), scored as the test scores them, with each miss put down to
extraction (the ledger's claims lack the answer), the ledger's reading (claims
hold it, the deal's current reading differs) or the question answerer.

Speed: every question of the set asked five times of a large ledger, the one
``bench_ingest`` built (``--db``) or one built here from ``--limit`` corpus
articles; the first question of each language (the knowledge base and the
question grammar loading) is timed apart.

Targets (issue 15): accuracy >= 0.85, citation precision >= 0.95, p95 <= 100 ms
at 5,000 articles.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = ("reuters21578", "wmt_newstest_fr")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered), p95


def _quality(tmp: Path) -> None:
    from tests.ask.conftest import build_ledger
    from tests.ask.scoring import load_questions, score

    from dealgraph.store.engine import open_engine

    began = time.perf_counter()
    db = build_ledger(tmp)
    built = time.perf_counter() - began
    with open_engine(db).connect() as conn:
        result = score(conn, load_questions())
    causes = {w: result.missed(w) for w in ("extraction", "reading", "ask")}
    print(f"== ask quality: {result.asked} questions over seeds + examples + news_deals "
          f"development (ledger built in {built:.0f} s)")
    print(f"   answer accuracy {result.accuracy:.3f} ({result.right}/{result.asked}; target 0.85); "
          f"misses by cause: {causes}")
    print(f"   accuracy where the ledger's claims hold the answer: {result.ask_accuracy:.3f} "
          f"({result.right}/{result.answerable})")
    print(f"   citation precision {result.precision:.3f} ({result.supported}/{result.cited} cited "
          f"sentences support the answer; target 0.95)")


def _speed(db: str, rounds: int) -> None:
    from sqlalchemy import func, select
    from tests.ask.scoring import load_questions

    from dealgraph.ask import ask
    from dealgraph.store import tables as t
    from dealgraph.store.engine import open_engine

    items = load_questions()
    with open_engine(db).connect() as conn:
        articles = conn.execute(select(func.count()).select_from(t.documents)).scalar()
        deals = conn.execute(select(func.count()).select_from(t.deals)).scalar()
        load: list[float] = []
        for lang in ("fr", "en"):
            first = next(i for i in items if i["lang"] == lang)
            t0 = time.perf_counter()
            ask(conn, first["q"], lang)
            load.append(time.perf_counter() - t0)
        samples: list[float] = []
        kinds: dict[str, int] = {}
        for _ in range(rounds):
            for item in items:
                t0 = time.perf_counter()
                answer = ask(conn, item["q"], item["lang"])
                samples.append((time.perf_counter() - t0) * 1000)
                kinds[answer.kind] = kinds.get(answer.kind, 0) + 1
    p50, p95 = _percentiles(samples)
    print(f"== ask speed: {len(samples)} answers on a ledger of {articles} articles, {deals} deals")
    print(f"   answer time p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(samples):.1f} ms "
          f"(target p95 <= 100 ms); first question per language {', '.join(f'{s:.1f}' for s in load)} s")
    print(f"   answers by kind: {dict(sorted(kinds.items()))}")


def _build(db: str, limit: int) -> None:
    from dealgraph.config import Settings
    from dealgraph.extract.pipeline import Extractor
    from dealgraph.ingest import ingest_items
    from dealgraph.sources.reader import read_inputs
    from dealgraph.store.engine import open_engine
    from dealgraph.store.writes import Ledger

    paths = [str(SHARED / "corpora" / name / "articles.jsonl.gz") for name in CORPORA]
    items = (item for n, item in enumerate(read_inputs(paths, max_bytes=50_000_000)) if n < limit)
    began = time.perf_counter()
    summary = ingest_items(items, Ledger(open_engine(db)), Extractor(Settings(db=db)))
    print(f"   built a ledger of {summary.new} articles in {time.perf_counter() - began:.0f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="A large ledger to time answers on.")
    parser.add_argument("--limit", type=int, default=5000,
                        help="Without --db, build one from this many corpus articles.")
    parser.add_argument("--rounds", type=int, default=5, help="Times each question is asked.")
    parser.add_argument("--no-quality", action="store_true", help="Time answers only.")
    args = parser.parse_args(argv or [])
    if not (SHARED / "corpora").exists():
        print("== ask: the shared corpora are absent; nothing measured")
        return
    with tempfile.TemporaryDirectory(prefix="dealgraph-ask-") as tmp:
        if not args.no_quality:
            _quality(Path(tmp))
        db = args.db
        if db is None:
            db = str(Path(tmp) / "large.db")
            _build(db, args.limit)
        _speed(db, args.rounds)
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
