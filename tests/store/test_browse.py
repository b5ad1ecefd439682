"""The SQLite ledger opened in Datasette: tables readable, described, searchable."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from datasette.app import Datasette

from dealgraph.ingest import ingest_items
from dealgraph.store.browse import datasette_metadata
from dealgraph.store.engine import open_engine
from dealgraph.store.writes import Ledger
from tests.store.builders import FakeExtractor, borealis_story, document


def _get(ds: Datasette, path: str) -> Any:
    async def fetch() -> Any:
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        return response

    return asyncio.run(fetch())


def test_datasette_serves_the_ledger(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    articles = borealis_story()
    ingest_items([document(a) for a in articles], Ledger(open_engine(str(db))),
                 FakeExtractor(articles))
    ds = Datasette([str(db)], metadata=datasette_metadata("ledger"))
    tables = {t["name"]: t for t in _get(ds, "/ledger.json").json()["tables"]}
    assert {"documents", "claims", "deals", "organisations", "people", "mentions", "amounts",
            "stories", "document_links", "failures"} <= set(tables)
    deals = _get(ds, "/ledger/deals.json?_shape=objects").json()["rows"]
    assert [(d["investor"], d["target"], d["status"]) for d in deals] == [
        ("Borealis Capital", "Acme Robotics", "announced")]
    quotes = _get(ds, "/ledger/claims.json?_shape=objects&status=denied").json()["rows"]
    assert quotes[0]["quote"].startswith("Acme Robotics denied")
    found = _get(ds, "/ledger/documents.json?_search=denied&_shape=objects").json()["rows"]
    assert [r["key"] for r in found] == ["denial"]
    page = _get(ds, "/ledger/claims").text
    assert "One statement about a deal" in page


def test_every_column_described_is_in_the_ledger_under_that_name(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    open_engine(str(db)).dispose()  # a ledger migrated to the head
    with sqlite3.connect(db) as conn:
        stored = {name: {r[1] for r in conn.execute(f"PRAGMA table_info({name})")}
                  for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    tables = datasette_metadata("ledger")["databases"]["ledger"]["tables"]
    for name, table in tables.items():
        if table.get("hidden"):
            continue
        assert set(table["columns"]) <= stored[name], name
    # the money columns say what every other reader calls them
    for name in ("amounts", "claims", "deals"):
        columns = tables[name]["columns"]
        assert "'min'" in columns["minimum"] and "'max'" in columns["maximum"]
        assert {"currency", "usd_min", "usd_max"} <= set(columns)
    assert {"per_share", "shared"} <= set(tables["claims"]["columns"])
    assert {"shared", "shared_with"} <= set(tables["deals"]["columns"])
