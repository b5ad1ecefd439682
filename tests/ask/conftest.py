"""The ledger the questions are asked of: the founding seeds, ``examples/`` and the
development split of the news_deals corpus (never its test split), ingested
through the real pipeline once per session."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection

from dealgraph.config import Settings
from dealgraph.ingest import ingest
from dealgraph.store.engine import open_engine
from tests.conftest import ROOT, need_shared

SPLIT = ROOT / "tests" / "extract" / "gold" / "news_deals_split.json"


def development_articles(out: Path) -> Path:
    """The development articles of news_deals as one JSON Lines file under ``out``."""
    corpus = need_shared("corpora", "news_deals", "articles.jsonl.gz")
    wanted = set(json.loads(SPLIT.read_text(encoding="utf-8"))["development"])
    path = out / "news_deals_dev.jsonl"
    with gzip.open(corpus, "rt", encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        for line in src:
            if json.loads(line)["id"] in wanted:
                dst.write(line)
    return path


def build_ledger(folder: Path) -> str:
    """An SQLite ledger of the seeds, the examples and the development articles."""
    db = str(folder / "ask.db")
    paths = [str(need_shared("seeds")), str(ROOT / "examples"), str(development_articles(folder))]
    summary = ingest(paths, Settings(db=db))
    assert summary.failed == 0, summary.failures
    return db


@pytest.fixture(scope="session")
def ask_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_ledger(tmp_path_factory.mktemp("ask"))


@pytest.fixture
def ask_conn(ask_db: str) -> Iterator[Connection]:
    with open_engine(ask_db).connect() as conn:
        yield conn
