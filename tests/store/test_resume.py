"""Resumability: an ingest killed with SIGKILL halfway, then rerun, equals a clean run."""

from __future__ import annotations

import gzip
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import need_shared

ARTICLES = 200


def corpus_slice(tmp: Path) -> Path:
    source = need_shared("corpora", "reuters21578", "articles.jsonl.gz")
    out = tmp / "slice.jsonl"
    with gzip.open(source, "rt", encoding="utf-8") as lines, out.open("w", encoding="utf-8") as f:
        for i, line in enumerate(lines):
            if i == ARTICLES:
                break
            f.write(line)
    return out


def ingest(path: Path, db: Path) -> subprocess.Popen[bytes]:
    # NER off: the rules give the same claims on both runs, and twice as fast
    env = {**os.environ, "DEALGRAPH_NER": "false"}
    return subprocess.Popen([sys.executable, "-m", "dealgraph", "ingest", str(path), "--db",
                             str(db), "--quiet", "--format", "json"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=10) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0  # not created or not migrated yet


def snapshot(db: Path) -> dict[str, object]:
    with sqlite3.connect(db) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
                  for t in ("documents", "claims", "deals", "mentions", "amounts",
                            "organisations", "document_links", "stories")}
        per_doc = conn.execute("SELECT d.key, count(c.id) FROM documents d LEFT JOIN claims c "
                               "ON c.document_id = d.id GROUP BY d.key ORDER BY d.key").fetchall()
        deals = conn.execute("SELECT investor, target, kind, claims FROM deals "
                             "ORDER BY investor, target, kind").fetchall()
    return {"counts": counts, "per_doc": per_doc, "deals": deals}


def test_killed_ingest_resumes_without_loss_or_doubles(tmp_path: Path) -> None:
    articles = corpus_slice(tmp_path)
    clean = tmp_path / "clean.db"
    assert ingest(articles, clean).wait(timeout=600) == 0
    killed = tmp_path / "killed.db"
    proc = ingest(articles, killed)
    deadline = time.monotonic() + 300
    target = snapshot(clean)["counts"]["documents"]  # type: ignore[index]
    while stored(killed) < target // 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    if proc.poll() is not None:
        pytest.fail("the ingest ended before it could be killed: raise ARTICLES")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    halfway = stored(killed)
    assert 0 < halfway < target
    assert ingest(articles, killed).wait(timeout=600) == 0
    assert snapshot(killed) == snapshot(clean)
