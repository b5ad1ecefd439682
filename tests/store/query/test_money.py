"""Money that compares: USD beside every currency, lists by USD, totals only of disjoint
amounts of live deals, figures as written. Each case is an article written for it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dealgraph.cli import main
from dealgraph.ingest import ingest_items
from dealgraph.store import query
from dealgraph.store.engine import open_engine
from dealgraph.store.writes import Ledger
from tests.store.builders import Article, FakeExtractor, Said, document

LIRA = Article("lira", [Said(
    "Montedison SpA said it agreed to buy Erbamont NV for 497 billion lire.", "Montedison",
    "Erbamont", "announced", max=497e9, min=497e9, currency="ITL", kind="acquisition",
    date="1987-06")], "1987-06-12")
DOLLARS = Article("dollars", [Said(
    "Borealis Capital agreed to invest $350 million in Acme Robotics, the two said.",
    "Borealis Capital", "Acme Robotics", "announced", min=3.5e8, max=3.5e8,
    date="2026-03-20", source="Borealis Capital", source_kind="party")], "2026-03-21")
SMALL = Article("small", [Said(
    "Nvidia completed a $20 million investment in Acme Robotics in March 2026.", "Nvidia",
    "Acme Robotics", "completed", min=2e7, max=2e7, date="2026-03")], "2026-03-30")
CALLED_OFF = Article("called-off", [Said(
    "Microsoft called off its $1 billion purchase of a stake in Acme Robotics.", "Microsoft",
    "Acme Robotics", "cancelled", min=1e9, max=1e9, date="2026-04-02")], "2026-04-02")
UP_TO = Article("up-to", [Said(
    "Nvidia will invest up to $100 billion in OpenAI over several years.", "Nvidia", "OpenAI",
    "announced", max=1e11, date="2025-09")], "2025-09-23")
AMAZON = Article("amazon", [Said(
    "Amazon is in talks to invest $50 billion in OpenAI, people familiar said.", "Amazon",
    "OpenAI", "in_talks", min=5e10, max=5e10, date="2026-01-29")], "2026-01-29")
NOISY = Article("noisy", [Said(
    "Le fonds a apporté 8,3 milliards d'euros à Mistral AI en 2023.", "Borealis Capital",
    "Mistral AI", "completed", min=8.3 * 1e9, max=8.3 * 1e9, currency="EUR", date="2023")],
    "2024-02-01", lang="fr")
ARTICLES = [LIRA, DOLLARS, SMALL, CALLED_OFF, UP_TO, AMAZON, NOISY]


@pytest.fixture
def money_db(tmp_path: object) -> str:
    db = str(tmp_path / "money.db")  # type: ignore[operator]
    ingest_items([document(a) for a in ARTICLES], Ledger(open_engine(db)),
                 FakeExtractor(ARTICLES))
    return db


def test_lists_sort_by_dollars_not_by_the_figure_written(money_db: str) -> None:
    with open_engine(money_db).connect() as conn:
        rows, _ = query.deals(conn, query.DealFilters(min_amount=3e8))
    by_party = {d.target: d for d in rows}
    lira = by_party["Erbamont"]
    # 497 billion lira is the largest figure written, but under $400 million
    assert lira.currency == "ITL" and lira.max == 497e9
    assert lira.usd_max is not None and 3e8 < lira.usd_max < 4e8
    assert [d.target for d in rows][:2] == ["OpenAI", "OpenAI"]
    assert [d.target for d in rows].index("Acme Robotics") < [d.target for d in rows].index(
        "Erbamont")


def test_overlapping_amounts_are_not_added_up(money_db: str) -> None:
    with open_engine(money_db).connect() as conn:
        openai = query.org(conn, "OpenAI")
    # "up to $100B" may include the $50B: each deal keeps its range, no total
    assert {d.investor: (d.usd_min, d.usd_max) for d in openai.money_in} == {
        "Nvidia": (None, 1e11), "Amazon": (5e10, 5e10)}
    assert openai.total_in.max is None and openai.total_in.reason == "overlap"


def test_disjoint_amounts_of_live_deals_add_up_and_a_cancelled_one_does_not(
        money_db: str) -> None:
    with open_engine(money_db).connect() as conn:
        acme = query.org(conn, "acme robotics")
    assert len(acme.money_in) == 3  # the cancelled deal is listed
    total = acme.total_in
    assert (total.min, total.max, total.currency, total.deals) == (3.7e8, 3.7e8, "USD", 2)


def test_figures_are_as_written_in_every_output(money_db: str) -> None:
    result = CliRunner().invoke(main, ["deals", "--org", "Mistral AI", "--db", money_db,
                                       "--format", "json"])
    (deal,) = json.loads(result.stdout)
    assert deal["min"] == deal["max"] == 8.3e9 and "8300000000.000001" not in result.stdout
    assert deal["currency"] == "EUR" and deal["usd_max"] is not None
    assert deal["first_date"] == deal["last_date"] == "2023"  # not 2023-12-31
