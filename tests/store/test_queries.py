"""Reading the ledger back: deals, timelines with conflicts, organisations, search."""

from __future__ import annotations

import datetime as dt

import pytest

from dealgraph.errors import NotFound
from dealgraph.ingest import ingest_items
from dealgraph.store import queries
from dealgraph.store.engine import open_engine
from dealgraph.store.writes import Ledger
from tests.store.builders import FakeExtractor, borealis_story, document


@pytest.fixture
def ledger(db: str) -> str:
    articles = borealis_story()
    ingest_items([document(a) for a in articles], Ledger(open_engine(db)),
                 FakeExtractor(articles))
    return db


def test_timeline_orders_claims_and_flags_the_denial(ledger: str) -> None:
    with open_engine(ledger).connect() as conn:
        (deal,) = queries.timeline(conn, "Acme Robotics", "Borealis Capital")
    statuses = [c["status"] for c in deal["claims"]]
    # wire and its two reprints, the denial, the update, then the undated rewrite
    # whose "2026-03" may mean the 31st
    assert statuses == ["in_talks"] * 3 + ["denied", "announced", "in_talks"]
    assert deal["status"] == "announced" and deal["max"] == 3.5e8
    rewrite = next(c for c in deal["claims"] if c["document"] == "rewrite")
    assert rewrite["relation"] == "derived" and rewrite["date_precision"] == "month"
    copies = [c for c in deal["claims"] if c["relation"] == "near_duplicate"]
    assert len(copies) == 2 and not any(c["counted"] for c in copies)
    assert any(c["kind"] == "status" and "denied" in c["description"]
               for c in deal["conflicts"])


def test_partial_month_date_sorts_after_precise_days_of_that_month(ledger: str) -> None:
    with open_engine(ledger).connect() as conn:
        (deal,) = queries.timeline(conn, "Borealis Capital")
    dates = [c["date"] for c in deal["claims"]]
    # "2026-03" can mean any day up to the 31st: it goes after the 2nd and the 20th.
    assert dates.index("2026-03") > dates.index("2026-03-20")


@pytest.mark.parametrize("name", ["Acme Robotics", "acme", "ACME ROBOTICS"])
def test_org_answers_to_name_and_id(ledger: str, name: str) -> None:
    with open_engine(ledger).connect() as conn:
        profile = queries.org(conn, name)
    assert profile["name"] == "Acme Robotics"
    assert [c["name"] for c in profile["money_in"]] == ["Borealis Capital"]
    assert profile["money_out"] == []


def test_unknown_org_is_not_found_with_its_name(ledger: str) -> None:
    with open_engine(ledger).connect() as conn, pytest.raises(NotFound, match="'Globex'"):
        queries.timeline(conn, "Globex")


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({}, 1),
    ({"org": "Borealis Capital"}, 1),
    ({"status": "announced"}, 1),
    ({"status": "stalled"}, 0),
    ({"since": dt.date(2026, 3, 1)}, 1),
    ({"since": dt.date(2026, 4, 1)}, 0),
])
def test_deals_filters(ledger: str, kwargs: dict[str, object], expected: int) -> None:
    with open_engine(ledger).connect() as conn:
        assert len(queries.deals(conn, **kwargs)) == expected  # type: ignore[arg-type]


def test_search_finds_articles_by_words(ledger: str) -> None:
    with open_engine(ledger).connect() as conn:
        hits = queries.search(conn, "denied talks")
    assert [h["key"] for h in hits] == ["denial"]
