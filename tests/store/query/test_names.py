"""Naming an organisation as a reader would: names, aliases, tickers, descriptions,
any case and accents, and the closest names when nothing answers."""

from __future__ import annotations

import pytest

from dealgraph.errors import NotFound
from dealgraph.ingest import ingest_items
from dealgraph.store import query
from dealgraph.store.engine import open_engine
from dealgraph.store.writes import Ledger
from tests.store.builders import Article, FakeExtractor, Said, document

ARTICLES = [
    Article("chips", [Said("Nvidia will invest up to $100 billion in OpenAI, the chipmaker "
                           "said on Monday.", "Nvidia", "OpenAI", "announced", max=1e11,
                           date="2025-09-22", source="Nvidia", source_kind="party")],
            "2025-09-22"),
    Article("cloud", [Said("Microsoft put $13 billion into OpenAI over four years.",
                           "Microsoft", "OpenAI", "completed", min=1.3e10, max=1.3e10,
                           date="2023")], "2025-10-01"),
    Article("lyon", [Said("La Société Générale Robotique a levé 20 millions d'euros auprès "
                          "de Borealis Capital.", "Borealis Capital",
                          "Société Générale Robotique", "completed", min=2e7, max=2e7,
                          currency="EUR", date="2026-02")], "2026-02-10", lang="fr"),
]


@pytest.fixture
def names_db(tmp_path: object) -> str:
    db = str(tmp_path / "names.db")  # type: ignore[operator]
    ingest_items([document(a) for a in ARTICLES], Ledger(open_engine(db)),
                 FakeExtractor(ARTICLES))
    return db


@pytest.mark.parametrize(("typed", "meant"), [
    ("Nvidia", "Nvidia"),
    ("nvidia", "Nvidia"),
    ("NVIDIA", "Nvidia"),
    ("NVDA.O", "Nvidia"),  # a ticker
    ("nvda.o", "Nvidia"),
    ("Nvidia Corp.", "Nvidia"),  # a legal suffix
    ("MSFT.O", "Microsoft"),
    ("le géant de Redmond", "Microsoft"),  # a description of the knowledge base
    ("Redmond giant", "Microsoft"),
    ("societe generale robotique", "Société Générale Robotique"),  # no accents
    ("SOCIÉTÉ GÉNÉRALE ROBOTIQUE", "Société Générale Robotique"),
    ("Borealis", "Borealis Capital"),  # the first words of one stored name
])
def test_a_reader_reaches_the_stored_name(names_db: str, typed: str, meant: str) -> None:
    with open_engine(names_db).connect() as conn:
        assert query.resolve_org(conn, typed) == meant


def test_an_unknown_name_lists_the_closest(names_db: str) -> None:
    with open_engine(names_db).connect() as conn, pytest.raises(NotFound) as caught:
        query.resolve_org(conn, "Nvidya")
    assert caught.value.input == "Nvidya"
    assert "did you mean Nvidia?" in caught.value.message


def test_a_name_far_from_everything_says_so_without_guesses(names_db: str) -> None:
    with open_engine(names_db).connect() as conn, pytest.raises(NotFound) as caught:
        query.resolve_org(conn, "Zzyzx Holdings")
    assert caught.value.message == "no organisation called 'Zzyzx Holdings' in the ledger"


def test_every_filter_resolves_names(names_db: str) -> None:
    with open_engine(names_db).connect() as conn:
        by_ticker, _ = query.deals(conn, query.DealFilters(org="nvda.o"))
        by_name, _ = query.deals(conn, query.DealFilters(investor="Nvidia"))
        (pair,) = query.timeline(conn, "NVDA.O", "openai")
    assert [d.id for d in by_ticker] == [d.id for d in by_name] == [pair.deal.id]
