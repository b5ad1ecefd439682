"""Copies and rewrites are linked as if the articles had arrived in date order.

A crawl meets old pages late and Dask workers store partitions side by side, so
a reprint is often stored before its wire and a rewrite before its origin. The
same articles ingested in any order must leave the same links, stories, places
and deal readings as ingesting them oldest first.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from dealgraph.ingest import ingest_items
from dealgraph.store import tables as t
from dealgraph.store.check import check
from dealgraph.store.engine import open_engine
from dealgraph.store.writes import Ledger
from dealgraph.stories.copies import content_hash
from tests.store.builders import Article, FakeExtractor, borealis_story, document


def dated_story() -> list[Article]:
    """The Borealis story with one date per article, so that date order is a single order
    (the wire and its exact copy share one: one of them is refused as a duplicate)."""
    days = {"reprint": "2026-03-05", "reprint2": "2026-03-03"}
    return [replace(a, published=days.get(a.key, a.published)) for a in borealis_story()]


def view(engine: Engine, articles: list[Article]) -> dict[str, object]:
    """Links, stories, places and deals, each article named by its text (not its row id)."""
    name = {content_hash(a.text): a.key for a in reversed(articles)}  # the wire over its copy
    d, s, links = t.documents, t.stories, t.document_links
    with engine.connect() as conn:
        docs = conn.execute(select(d.c.id, d.c.content_hash, d.c.copy_of, d.c.derived_from,
                                   d.c.story_id, d.c.story_place)).all()
        key = {r.id: name[r.content_hash] for r in docs}
        stories = {r.id: (key[r.first_document_id], r.title, r.documents)
                   for r in conn.execute(select(s))}
        linked = sorted((key[r.document_id], key[r.origin_id], r.relation, round(r.score, 9))
                        for r in conn.execute(select(links)))
        deals = sorted(tuple(r) for r in conn.execute(select(
            t.deals.c.investor, t.deals.c.target, t.deals.c.status, t.deals.c.minimum,
            t.deals.c.maximum, t.deals.c.first_date, t.deals.c.last_date, t.deals.c.claims,
            t.deals.c.conflicts)))
    return {
        "documents": {key[r.id]: (key.get(r.copy_of), key.get(r.derived_from),
                                  stories[r.story_id][0], r.story_place) for r in docs},
        "stories": sorted(stories.values()),
        "links": linked,
        "deals": deals,
    }


def ingest_in(order: list[Article], db: str, articles: list[Article]) -> dict[str, object]:
    engine = open_engine(db)
    summary = ingest_items([document(a) for a in order], Ledger(engine), FakeExtractor(articles))
    assert (summary.new, summary.failed) == (6, 0)
    assert check(engine) == []  # counts, stories and links agree
    return view(engine, articles)


@pytest.fixture(scope="module")
def in_date_order(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    articles = dated_story()
    oldest_first = sorted(articles, key=lambda a: (a.published or "9999", a.key != "wire"))
    return ingest_in(oldest_first, str(tmp_path_factory.mktemp("dated") / "ledger.db"), articles)


def test_date_order_links_the_reprints_and_the_rewrite_to_the_wire(
        in_date_order: dict[str, object]) -> None:
    docs = in_date_order["documents"]
    assert docs == {
        "wire": (None, None, "wire", 0),
        "reprint": ("wire", None, "wire", 0),
        "reprint2": ("wire", None, "wire", 0),
        "rewrite": (None, "wire", "wire", 1),
        "denial": (None, None, "denial", 0),
        "update": (None, None, "update", 0),
    }
    assert [(first, n) for first, _, n in in_date_order["stories"]] == [  # type: ignore[attr-defined]
        ("denial", 1), ("update", 1), ("wire", 4)]


def arrival(order: str, articles: list[Article]) -> list[Article]:
    """The articles in the order named."""
    if order == "newest first":
        return list(reversed(articles))
    if order == "copy and rewrite before the wire":  # a reprint, a rewrite of it, then the wire
        return [articles[i] for i in (1, 4, 2, 0, 5, 6, 3)]
    seed = int(order.removeprefix("shuffled "))
    return random.Random(seed).sample(articles, len(articles))


ORDERS = ["newest first", "copy and rewrite before the wire", "shuffled 1", "shuffled 2",
          "shuffled 3"]


@pytest.mark.parametrize("order", ORDERS)
def test_any_arrival_order_leaves_the_date_order_ledger(
        order: str, in_date_order: dict[str, object], tmp_path: Path) -> None:
    articles = dated_story()
    arrived = arrival(order, articles)
    assert ingest_in(arrived, str(tmp_path / "ledger.db"), articles) == in_date_order


def test_a_late_wire_takes_over_a_stored_story_on_both_databases(
        db: str, in_date_order: dict[str, object]) -> None:
    articles = dated_story()
    # the story's later articles first, then the wire: every link is remade at once
    late = [articles[i] for i in (6, 5, 4, 2, 1, 3, 0)]
    assert ingest_in(late, db, articles) == in_date_order


def test_a_second_run_with_the_older_article_relinks_the_first_runs(tmp_path: Path) -> None:
    articles = dated_story()
    by_key = {a.key: a for a in articles}
    db = str(tmp_path / "ledger.db")
    extractor = FakeExtractor(articles)
    ingest_items([document(by_key["reprint"]), document(by_key["rewrite"])],
                 Ledger(open_engine(db)), extractor)
    before = view(open_engine(db), articles)["documents"]
    assert before == {"reprint": (None, None, "reprint", 0),
                      "rewrite": (None, "reprint", "reprint", 1)}
    ingest_items([document(by_key["wire"])], Ledger(open_engine(db)), extractor)  # another run
    after = view(open_engine(db), articles)
    assert after["documents"] == {"wire": (None, None, "wire", 0),
                                  "reprint": ("wire", None, "wire", 0),
                                  "rewrite": (None, "wire", "wire", 1)}
    assert after["stories"] == [("wire", by_key["wire"].title, 3)]  # the reprint's story is gone
    assert check(open_engine(db)) == []
