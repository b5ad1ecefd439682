"""A claim is cited on its own only when its sentence names a party of its deal.

By a name, an alias, or a description that is one organisation's alone ("le géant
de Redmond"); not by a generic description the extraction resolved from the
sentences before ("The bank said..."), nor by a short form that begins another
name ("First" of "First Republic Bank" taken for First Horizon). Hand-made records
written by the store's own writer, on both database backends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import Connection, select

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
from dealgraph.store.citations import claims_naming_parties
from dealgraph.store.engine import open_engine
from dealgraph.store.writes import Ledger
from tests.store.builders import postgres_url

HARBOUR = Entity("ner:harbour-trust", "Harbour Trust", EntityKind.ORG, known=False)
GRANITE = Entity("ner:granite-savings", "Granite Savings", EntityKind.ORG, known=False)
MICROSOFT = Entity("microsoft", "Microsoft", EntityKind.ORG)
LUMEN = Entity("ner:lumen-grids", "Lumen Grids", EntityKind.ORG, known=False)

#: (sentence, mentions as (words, entity, via)) of one article about one deal
SENTENCES: list[tuple[str, list[tuple[str, Entity, str]]]] = [
    ("Harbour Trust agreed to buy Granite Savings for $2 billion.",
     [("Harbour Trust", HARBOUR, "ner"), ("Granite Savings", GRANITE, "ner")]),
    ("The bank said it had called off the purchase of the Ohio lender.",
     [("The bank", HARBOUR, "description")]),
    ("The news came after the fall of Harbour Point Capital last month.",
     [("Harbour", HARBOUR, "alias")]),
    ("Harbour said the deal was off.", [("Harbour", HARBOUR, "alias")]),
]
REDMOND = ("Le géant de Redmond a racheté Lumen Grids.",
           [("Le géant de Redmond", MICROSOFT, "description")])


def _record(key: str, sentences: Sequence[tuple[str, list[tuple[str, Entity, str]]]],
            investor: Entity, target: Entity, lang: str) -> Record:
    text = " ".join(s for s, _ in sentences)
    mentions, claims = [], []
    for n, (sentence, named) in enumerate(sentences):
        start = text.index(sentence)
        for words, entity, via in named:
            at = text.index(words, start)
            mentions.append(Mention(words, at, at + len(words), entity, via))
        claims.append(Claim(investor.name, target.name, DealKind.ACQUISITION,
                            DealStatus.ANNOUNCED, Sentence(start, start + len(sentence), sentence),
                            order=n))
    orgs = tuple(dict.fromkeys(m.entity for m in mentions)) + (target,)
    doc = Document(key, text, title=key, date=dt.date(2025, 5, 2), lang=lang)
    return Record(doc, lang, True, text=text, orgs=tuple(dict.fromkeys(orgs)),
                  mentions=tuple(mentions), claims=tuple(claims))


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def conn(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    if request.param == "sqlite":
        urls: Iterator[str] = iter([str(Path(tmp_path_factory.mktemp("cite")) / "cite.db")])
    else:
        urls = postgres_url()
    url = next(urls)
    engine = open_engine(url)
    ledger = Ledger(engine)
    ledger.add(_record("bank", SENTENCES, HARBOUR, GRANITE, "en"))
    ledger.add(_record("redmond", [REDMOND], MICROSOFT, LUMEN, "fr"))
    with engine.connect() as c:
        yield c
    engine.dispose()
    for _ in urls:  # drops the PostgreSQL schema
        pass


def _cited(conn: Connection) -> set[str]:
    c = t.claims
    ids = {int(r.id): str(r.quote) for r in conn.execute(select(c.c.id, c.c.quote))}
    return {ids[i] for i in claims_naming_parties(conn, list(ids))}


def test_a_sentence_naming_a_party_is_cited(conn: Connection) -> None:
    cited = _cited(conn)
    assert SENTENCES[0][0] in cited
    assert SENTENCES[3][0] in cited  # a short form standing on its own is a name


def test_a_description_of_one_organisation_alone_names_it(conn: Connection) -> None:
    assert REDMOND[0] in _cited(conn)


def test_a_generic_description_resolved_from_context_is_no_citation(conn: Connection) -> None:
    assert SENTENCES[1][0] not in _cited(conn)


def test_a_short_form_that_begins_another_name_is_no_citation(conn: Connection) -> None:
    assert SENTENCES[2][0] not in _cited(conn)
