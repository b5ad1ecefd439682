"""Migration 0007 on a ledger stored before it: amounts get their dollars, deals their
dates as written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from dealgraph.store.engine import open_engine
from tests.store.builders import ledger_from_before
from tests.store.query.test_money import ARTICLES


def test_a_ledger_from_before_gets_dollars_and_partial_dates(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    ledger_from_before(db, ARTICLES, "0006").dispose()
    with sqlite3.connect(db) as old:
        assert "usd_max" not in {r[1] for r in old.execute("PRAGMA table_info(claims)")}
        # as the writer of the time stored it: the year's last day
        old.execute("UPDATE deals SET first_date = '2023-12-31' WHERE target = 'Mistral AI'")
    open_engine(db).dispose()  # migrates to the head
    with sqlite3.connect(db) as new:
        deals = {r[0]: r[1:] for r in new.execute(
            "SELECT target, currency, usd_max, first_date FROM deals WHERE kind = 'acquisition'"
            " OR target = 'Mistral AI'")}
        claims = new.execute("SELECT count(*) FROM claims WHERE currency IS NOT NULL"
                             " AND usd_max IS NULL").fetchone()[0]
    assert deals["Mistral AI"][0] == "EUR" and deals["Mistral AI"][2] == "2023"
    lira = deals["Erbamont"][1]
    assert lira is not None and 3e8 < lira < 4e8
    assert claims == 0
