"""One organisation, two names: a reader's name in the other language reaches the
stored one, and a company stored under its long name and its acronym is one party
in answers.

The ledger is written by the store's own writer from hand-made records of made-up
companies, each article a sentence or two, so that what is tested is the naming and
not the extraction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import Connection

from dealgraph.ask import ask
from dealgraph.nlp.name_words import initials, name_words
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
from dealgraph.store import query
from dealgraph.store.engine import open_engine
from dealgraph.store.name_index import name_index
from dealgraph.store.query.names import legal_suffixes
from dealgraph.store.writes import Ledger
from tests.store.builders import postgres_url


def _org(key: str, name: str, *aliases: str) -> Entity:
    return Entity(key, name, EntityKind.ORG, tuple(aliases), known=not key.startswith("ner:"))


FREEDONIA = _org("ner:national-bank-of-freedonia", "National Bank of Freedonia")
MONDIALE = _org("ner:banque-mondiale", "Banque Mondiale")
WORLD = _org("ner:world-bank", "World Bank")
ORION = _org("orion", "Orion Heavy Industries", "Orion Heavy Industries Ltd")
OHIL = _org("ner:ohil", "OHIL")
ZEPHYR = _org("ner:zephyr-mills", "Zephyr Mills")
QUARTZ = _org("quartz", "Quartz Xeno Robotics")
QXR = _org("ner:qxr", "QXR")
LUMEN = _org("ner:lumen-grids", "Lumen Grids")


def _record(key: str, text: str, orgs: Sequence[Entity],
            deals: Sequence[tuple[str, Entity, Entity, str]], lang: str = "en") -> Record:
    """An article whose organisations are mentioned where their name stands, and whose
    ``deals`` (sentence, investor, target, status) are claims of their sentence."""
    mentions = []
    for e in orgs:
        at = text.find(e.name)
        assert at >= 0, e.name
        mentions.append(Mention(e.name, at, at + len(e.name), e, "ner"))
    claims = []
    for n, (sentence, investor, target, status) in enumerate(deals):
        start = text.index(sentence)
        claims.append(Claim(investor.name, target.name, DealKind.ACQUISITION, DealStatus(status),
                            Sentence(start, start + len(sentence), sentence), order=n))
    doc = Document(key, text, title=key, date=dt.date(2025, 3, 1), lang=lang)
    return Record(doc, lang, True, text=text, orgs=tuple(orgs), mentions=tuple(mentions),
                  claims=tuple(claims))


def _records() -> list[Record]:
    bank = "National Bank of Freedonia agreed to buy Lumen Grids."
    world = "World Bank agreed to buy Zephyr Mills."
    mondiale = "La Banque Mondiale a finalisé le rachat de Zephyr Mills."
    said = "OHIL completed its purchase of Zephyr Mills, OHIL said."
    orion = f"Orion Heavy Industries Ltd (OHIL) makes cranes. {said}"
    quartz = "Quartz Xeno Robotics agreed to buy Lumen Grids."
    qxr = "QXR agreed to buy Zephyr Mills."
    return [
        _record("bank", bank, [FREEDONIA, LUMEN], [(bank, FREEDONIA, LUMEN, "announced")]),
        _record("world", world, [WORLD, ZEPHYR], [(world, WORLD, ZEPHYR, "announced")]),
        _record("mondiale", mondiale, [MONDIALE, ZEPHYR],
                [(mondiale, MONDIALE, ZEPHYR, "completed")], lang="fr"),
        _record("orion", orion, [ORION, OHIL, ZEPHYR], [(said, OHIL, ZEPHYR, "completed")]),
        # an acronym and a name with its initials that no article names together
        _record("quartz", quartz, [QUARTZ, LUMEN], [(quartz, QUARTZ, LUMEN, "announced")]),
        _record("qxr", qxr, [QXR, ZEPHYR], [(qxr, QXR, ZEPHYR, "announced")]),
    ]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def ledger_url(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(Path(tmp_path_factory.mktemp("names")) / "names.db")
    else:
        yield from postgres_url()


@pytest.fixture(scope="module")
def conn(ledger_url: str) -> Iterator[Connection]:
    engine = open_engine(ledger_url)
    ledger = Ledger(engine)
    for r in _records():
        ledger.add(r)
    with engine.connect() as c:
        yield c
    engine.dispose()


def test_a_name_and_its_translation_have_the_same_words() -> None:
    suffixes = legal_suffixes()
    assert name_words("Banque Nationale du Canada", suffixes) == name_words(
        "National Bank of Canada", suffixes) == {"national", "bank", "canada"}
    assert name_words("la Banque mondiale", suffixes) == name_words("World Bank", suffixes)
    assert name_words("Banque", suffixes) is None  # one word is no name to compare
    assert name_words("Canadian Western Bank", suffixes) != name_words(
        "Banque Nationale du Canada", suffixes)


def test_initials_are_those_of_the_written_name_with_its_legal_form() -> None:
    assert initials("Reliance Industries Ltd") == "RIL"
    assert initials("Caisse de dépôt et placement du Québec") == "CDPQ"
    assert initials("The People's Bank of Ruritania") == "PBR"
    assert initials("Nvidia") is None


@pytest.mark.parametrize("typed", ["Banque Nationale de Freedonia",
                                   "la banque nationale de Freedonia"])
def test_a_french_name_reaches_the_english_stored_name(conn: Connection, typed: str) -> None:
    assert name_index(conn).find(typed) == "National Bank of Freedonia"
    assert query.resolve_org(conn, typed) == "National Bank of Freedonia"


def test_a_single_generic_word_reaches_nothing_by_its_translation(conn: Connection) -> None:
    assert name_index(conn).find("Bank") is None and name_index(conn).find("Banque") is None


def test_one_company_stored_in_two_languages_is_one_group(conn: Connection) -> None:
    index = name_index(conn)
    assert "Banque Mondiale" in index.group("World Bank")
    assert "World Bank" in index.group("Banque Mondiale")


def test_an_acronym_joins_its_long_name_when_one_article_names_both(conn: Connection) -> None:
    index = name_index(conn)
    assert "OHIL" in index.group("Orion Heavy Industries")
    assert "Orion Heavy Industries" in index.group("OHIL")
    # same initials, never named together: two companies for all the ledger knows
    assert "QXR" not in index.group("Quartz Xeno Robotics")
    assert "Quartz Xeno Robotics" not in index.group("QXR")


def test_an_answer_reads_the_deal_stored_under_the_acronym(conn: Connection) -> None:
    found = ask(conn, "Did Orion Heavy Industries buy Zephyr Mills?", "en")
    assert found.kind == "deal", found
    (reading,) = found.readings
    assert (reading.investor, reading.target, reading.status) == ("OHIL", "Zephyr Mills",
                                                                   "completed")


def test_a_french_question_reads_the_deal_of_the_english_name(conn: Connection) -> None:
    found = ask(conn, "La Banque Nationale de Freedonia rachète-t-elle Lumen Grids ?", "fr")
    assert found.kind == "deal", found
    assert found.readings[0].investor == "National Bank of Freedonia"
