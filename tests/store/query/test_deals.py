"""Reading the ledger back: deals, timelines with conflicts, organisations, search."""

from __future__ import annotations

import pytest

from dealgraph.errors import NotFound
from dealgraph.store import query
from dealgraph.store.engine import open_engine


def test_timeline_orders_claims_and_flags_the_denial(ledger: str) -> None:
    with open_engine(ledger).connect() as conn:
        (deal,) = query.timeline(conn, "Acme Robotics", "Borealis Capital")
    statuses = [c.status for c in deal.claims]
    # wire and its two reprints, the denial, the update, then the undated rewrite
    # whose "2026-03" may mean the 31st
    assert statuses == ["in_talks"] * 3 + ["denied", "announced", "in_talks"]
    assert deal.deal.status == "announced" and deal.deal.max == 3.5e8
    rewrite = next(c for c in deal.claims if c.document == "rewrite")
    assert rewrite.relation == "derived" and rewrite.date_precision == "month"
    copies = [c for c in deal.claims if c.relation == "near_duplicate"]
    assert len(copies) == 2 and not any(c.counted for c in copies)
    assert any(c["kind"] == "status" and "denied" in c["description"] for c in deal.conflicts)


def test_partial_month_date_sorts_after_precise_days_of_that_month(ledger: str) -> None:
    with open_engine(ledger).connect() as conn:
        (deal,) = query.timeline(conn, "Borealis Capital")
    dates = [c.date for c in deal.claims]
    # "2026-03" can mean any day up to the 31st: it goes after the 2nd and the 20th.
    assert dates.index("2026-03") > dates.index("2026-03-20")


@pytest.mark.parametrize("name", ["Acme Robotics", "acme", "ACME ROBOTICS"])
def test_org_answers_to_name_and_id(ledger: str, name: str) -> None:
    with open_engine(ledger).connect() as conn:
        profile = query.org(conn, name)
    assert profile.name == "Acme Robotics"
    assert [d.investor for d in profile.money_in] == ["Borealis Capital"]
    assert profile.money_out == []


def test_unknown_org_is_not_found_with_its_name(ledger: str) -> None:
    with open_engine(ledger).connect() as conn, pytest.raises(NotFound, match="'Globex'"):
        query.timeline(conn, "Globex")


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({}, 1),
    ({"org": "Borealis Capital"}, 1),
    ({"status": "announced"}, 1),
    ({"status": "stalled"}, 0),
    ({"since": "2026-03-01"}, 1),
    ({"since": "2026-03"}, 1),
    ({"since": "2026"}, 1),
    ({"since": "2026-04-01"}, 0),
    ({"until": "2026-02"}, 0),
])
def test_deals_filters(ledger: str, kwargs: dict[str, object], expected: int) -> None:
    with open_engine(ledger).connect() as conn:
        rows, total = query.deals(conn, query.DealFilters(**kwargs))  # type: ignore[arg-type]
    assert len(rows) == total == expected


def test_search_finds_articles_by_words(ledger: str) -> None:
    with open_engine(ledger).connect() as conn:
        found = query.search(conn, "denied talks")
    assert [d.key for d in found.documents] == ["denial"]
