"""``dealgraph ingest --engine dask`` end to end: the real pipeline on real articles.

Both engines read the same slice of the shared corpora (English and French
wires) into their own PostgreSQL ledger through the command line; the ledgers
must say the same.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dealgraph.store.engine import open_engine
from tests.conftest import need_shared
from tests.scale.builders import need_dask
from tests.store.builders import postgres_url
from tests.store.ledger_view import ledger_view

pytestmark = [pytest.mark.postgres, pytest.mark.shared]


def _slice(corpus: str, count: int, out: Path) -> str:
    source = need_shared("corpora", corpus, "articles.jsonl.gz")
    with gzip.open(source, "rt", encoding="utf-8") as lines, out.open("w", encoding="utf-8") as f:
        for i, line in enumerate(lines):
            if i == count:
                break
            f.write(line)
    return str(out)


def _ingest(db: str, paths: list[str], *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEALGRAPH_NER": "false"}  # the rules alone: same claims, faster
    return subprocess.run([sys.executable, "-m", "dealgraph", "ingest", *paths, "--db", db,
                           "--format", "json", *extra], env=env, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture
def two_ledgers() -> Iterator[tuple[str, str]]:
    for one in postgres_url():
        for spread in postgres_url():
            yield one, spread


def test_dask_engine_stores_what_one_process_stores(tmp_path: Path,
                                                    two_ledgers: tuple[str, str]) -> None:
    need_dask()
    paths = [_slice("reuters21578", 40, tmp_path / "en.jsonl"),
             _slice("wmt_newstest_fr", 20, tmp_path / "fr.jsonl")]
    one, spread = two_ledgers
    alone = _ingest(one, paths)
    assert alone.returncode == 0, alone.stderr
    run = _ingest(spread, paths, "--engine", "dask", "--workers", "2", "--partition-size", "15")
    assert run.returncode == 0, run.stderr
    assert "Dask dashboard: http" in run.stderr
    assert '"partitions": 5' in run.stdout
    assert ledger_view(open_engine(spread)) == ledger_view(open_engine(one))
