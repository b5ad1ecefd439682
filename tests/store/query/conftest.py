"""A small ledger of hand-built articles for the query layer's tests (both backends)."""

from __future__ import annotations

import pytest

from dealgraph.ingest import ingest_items
from dealgraph.store.engine import open_engine
from dealgraph.store.writes import Ledger
from tests.store.builders import FakeExtractor, borealis_story, db, document  # noqa: F401


@pytest.fixture
def ledger(db: str) -> str:  # noqa: F811 - the shared backend fixture
    articles = borealis_story()
    ingest_items([document(a) for a in articles], Ledger(open_engine(db)),
                 FakeExtractor(articles))
    return db
