"""Migration 0009 on a ledger stored before it, on SQLite and PostgreSQL: claims of one
figure given for several investors get marked ``shared``, their deals name the others,
and a funding round's participants (each carrying the round's amount) do not."""

from __future__ import annotations

from sqlalchemy import inspect, select

from dealgraph.store import tables as t
from dealgraph.store.engine import open_engine
from tests.store.builders import Article, Said, ledger_from_before

TOGETHER = ("Nvidia, Microsoft and Amazon will together invest up to $60 billion in "
            "OpenAI, the companies said.")
ROUND = "Acme Robotics raised $40 million from Borealis Capital and Nvidia."
ARTICLES = [
    Article("together", [Said(TOGETHER, name, "OpenAI", "announced", max=6e10,
                              date="2026-02-10") for name in ("Nvidia", "Microsoft", "Amazon")],
            "2026-02-10"),
    Article("round", [Said(ROUND, name, "Acme Robotics", "completed", min=4e7, max=4e7,
                           kind="funding_round", date="2026-03")
                      for name in ("Borealis Capital", "Nvidia")], "2026-03-05"),
    Article("alone", [Said("Microsoft has put $13 billion into OpenAI.", "Microsoft",
                           "Acme Robotics", "completed", min=1.3e10, max=1.3e10)],
            "2026-03-09"),
]


def test_a_ledger_from_before_marks_its_shared_figures(db: str) -> None:
    # the claims are written without the mark, as a writer before 0009 stored them
    engine = ledger_from_before(db, ARTICLES, "0008")
    with engine.connect() as conn:
        assert "shared" not in {c["name"] for c in inspect(conn).get_columns("claims")}
        assert "shared_with" not in {c["name"] for c in inspect(conn).get_columns("deals")}
    engine.dispose()
    engine = open_engine(db)  # migrates to the head
    d, c = t.deals, t.claims
    with engine.connect() as conn:
        deals = {(r.investor, r.target): (bool(r.shared), r.shared_with, r.maximum)
                 for r in conn.execute(select(d))}
        marked = {(r.investor, r.target) for r in conn.execute(select(c).where(c.c.shared == 1))}
    engine.dispose()
    assert deals[("Nvidia", "OpenAI")] == (True, "Microsoft | Amazon", 6e10)
    assert deals[("Microsoft", "OpenAI")] == (True, "Nvidia | Amazon", 6e10)
    assert deals[("Amazon", "OpenAI")] == (True, "Nvidia | Microsoft", 6e10)
    # a round's amount is the round's, which each participant carries: not shared
    assert deals[("Borealis Capital", "Acme Robotics")][:2] == (False, None)
    assert deals[("Microsoft", "Acme Robotics")][:2] == (False, None)
    assert marked == {("Nvidia", "OpenAI"), ("Microsoft", "OpenAI"), ("Amazon", "OpenAI")}
