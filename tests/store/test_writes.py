"""The write side: one transaction per article, idempotence, copies and rewrites linked."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from dealgraph.ingest import ingest_items
from dealgraph.records import (
    Claim,
    DealKind,
    DealStatus,
    Document,
    Entity,
    EntityKind,
    Mention,
    Record,
    Sentence,
)
from dealgraph.store import tables as t
from dealgraph.store.engine import database_url, open_engine
from dealgraph.store.writes import Ledger, Outcome, count
from tests.store.builders import FakeExtractor, borealis_story, document


def test_database_url_maps_user_forms() -> None:
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgres://h/db") == "postgresql+psycopg://h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"
    assert database_url("ledger.db").startswith("sqlite:///") and database_url(
        "ledger.db").endswith("/ledger.db")


def test_story_is_stored_once_with_copies_and_rewrite_linked(db: str) -> None:
    articles = borealis_story()
    engine = open_engine(db)
    summary = ingest_items([document(a) for a in articles], Ledger(engine),
                           FakeExtractor(articles))
    assert (summary.new, summary.duplicate, summary.failed) == (6, 1, 0)
    d = t.documents
    with engine.connect() as conn:
        ids = dict(conn.execute(select(d.c.key, d.c.id)).all())
        links = {(r.document_id, r.origin_id, r.relation) for r in conn.execute(
            select(t.document_links))}
        stories = dict(conn.execute(select(d.c.key, d.c.story_id)).all())
        assert count(conn, "deals") == 1
        assert count(conn, "claims") == 6
    assert "same" not in ids  # same normalised text as the wire
    assert (ids["reprint"], ids["wire"], "near_duplicate") in links
    assert (ids["reprint2"], ids["wire"], "near_duplicate") in links
    assert (ids["rewrite"], ids["wire"], "derived") in links
    assert stories["reprint"] == stories["wire"] == stories["rewrite"]
    assert stories["update"] != stories["wire"]


def test_rerun_adds_nothing_and_skips_extraction(db: str) -> None:
    articles = borealis_story()
    engine = open_engine(db)
    ingest_items([document(a) for a in articles], Ledger(engine), FakeExtractor(articles))
    again = FakeExtractor(articles)
    summary = ingest_items([document(a) for a in articles], Ledger(open_engine(db)), again)
    assert (summary.new, summary.duplicate) == (0, 7)
    assert again.calls == 0
    with engine.connect() as conn:
        assert count(conn, "documents") == 6
        assert count(conn, "claims") == 6


def test_failing_article_is_recorded_and_run_goes_on(db: str) -> None:
    articles = borealis_story()
    engine = open_engine(db)

    class Unreadable:
        input = "broken.html"
        message = "not valid UTF-8"

    items = [Unreadable(), *(document(a) for a in articles)]
    summary = ingest_items(items, Ledger(engine), FakeExtractor(articles, fail_on=["wire"]))
    # the wire failed, so its exact copy "same" is new this time
    assert summary.failed == 2 and summary.new == 6
    with engine.connect() as conn:
        rows = {r.input: r.message for r in conn.execute(select(t.failures))}
    assert rows["broken.html"] == "not valid UTF-8"
    assert rows["wire.txt"] == "extraction failed: ValueError: cannot parse this one"


def test_progress_follows_input_order_across_extraction_batches(db: str) -> None:
    articles = borealis_story()
    engine = open_engine(db)
    ingest_items([document(articles[0])], Ledger(engine), FakeExtractor(articles))

    class Unreadable:
        input = "broken.html"
        message = "not valid UTF-8"

    items = [document(articles[0]), Unreadable(), *(document(a) for a in articles[1:])]
    seen: list[tuple[str, str]] = []
    summary = ingest_items(items, Ledger(engine), FakeExtractor(articles, fail_on=["update"]),
                           lambda outcome, name: seen.append((name, outcome.value)),
                           batch_size=2)
    names = [name for name, _ in seen]
    assert names == [articles[0].key + ".txt", "broken.html", *(a.key + ".txt" for a in articles[1:])]
    outcomes = dict(seen)
    assert outcomes[articles[0].key + ".txt"] == "duplicate"
    assert outcomes["broken.html"] == outcomes["update.txt"] == "failed"
    assert summary.seen == len(items)


def test_deal_verdict_follows_the_update(db: str) -> None:
    articles = borealis_story()
    engine = open_engine(db)
    ingest_items([document(a) for a in articles], Ledger(engine), FakeExtractor(articles))
    with engine.connect() as conn:
        deal = conn.execute(select(t.deals)).one()
    assert deal.status == "announced"
    assert (deal.minimum, deal.maximum, deal.currency) == (3.5e8, 3.5e8, "USD")
    assert deal.conflicts >= 1  # the denial against the talks
    assert Outcome.NEW.value == "new"


def test_second_write_of_one_article_rolls_back_whole(db: str) -> None:
    from tests.store.builders import record

    (wire,) = [a for a in borealis_story() if a.key == "wire"]
    engine = open_engine(db)
    ledger = Ledger(engine)
    assert ledger.add(record(wire)) is Outcome.NEW
    # bypassing the identity check: the unique hash refuses it and nothing half-written stays
    assert ledger.add(record(wire)) is Outcome.DUPLICATE
    ledger.fail("x.html", "not valid UTF-8")
    ledger.fail("x.html", "not valid UTF-8")
    with engine.connect() as conn:
        assert (count(conn, "documents"), count(conn, "claims"), count(conn, "mentions"),
                count(conn, "stories"), count(conn, "failures")) == (1, 1, 2, 1, 1)


def _pipelines_record(key: str, written: str, day: str, sentence: str) -> Record:
    """An article on TransCanada's purchase, the buyer written as ``written`` and resolved,
    as extraction resolves an unknown company, to the key of its normalised name."""
    buyer = Entity("ner:transcanada-pipelines", written, EntityKind.ORG, known=False)
    seller = Entity("ner:western-gas", "Western Gas", EntityKind.ORG, known=False)
    text = sentence
    at = text.index(written)
    return Record(
        document=Document(id=key, text=text, date=dt.date.fromisoformat(day), lang="en"),
        lang="en", supported=True, text=text, orgs=(buyer, seller),
        mentions=(Mention(written, at, at + len(written), buyer, "pattern"),
                  Mention("la startup", 0, 0, seller, "description")),
        claims=(Claim(written, "Western Gas", DealKind.ACQUISITION, DealStatus.ANNOUNCED,
                      Sentence(0, len(text), text)),))


def test_near_identical_names_of_one_company_make_one_organisation_and_one_deal(db: str) -> None:
    engine = open_engine(db)
    ledger = Ledger(engine)
    ledger.add(_pipelines_record("a", "TransCanada PipeLines", "1987-03-02",
                                 "TransCanada PipeLines Ltd agreed to buy Western Gas."))
    ledger.add(_pipelines_record("b", "TransCanada Pipelines", "1987-03-09",
                                 "TransCanada Pipelines completed its purchase of Western Gas."))
    with engine.connect() as conn:
        orgs = conn.execute(select(t.organisations.c.name, t.organisations.c.aliases)).all()
        deals = conn.execute(select(t.deals.c.investor, t.deals.c.claims)).all()
    assert [tuple(d) for d in deals] == [("TransCanada PipeLines", 2)]
    buyer = next(o for o in orgs if o.name == "TransCanada PipeLines")
    assert "TransCanada Pipelines" in buyer.aliases.split(" | ")
    # a phrase that describes a company is never one of its aliases
    assert not any("la startup" in (o.aliases or "") for o in orgs)
