"""Building small real ledgers for the API and page tests, with the store's own writer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from dealgraph.config import Settings
from dealgraph.records import (
    Amount,
    Attribution,
    Claim,
    DealKind,
    DealStatus,
    Document,
    Entity,
    EntityKind,
    Mention,
    PartialDate,
    Record,
    Sentence,
    SourceKind,
)

HOSTILE_TITLE = 'Nvidia <script>alert("t")</script> invests <img src=x onerror=alert(1)>'
HOSTILE_TEXT = (
    "Nvidia said on Monday it would invest up to $5 billion in OpenAI "
    "<script>alert('x')</script>, according to Reuters. "
    '<img src=x onerror="alert(2)"> Microsoft declined to comment. '
    "Le fonds a annoncé un investissement de 200 millions d'euros dans Mistral AI "
    "</script><b>gras</b>."
)


def hostile_documents() -> list[Document]:
    """Articles whose title and text carry markup that must never run."""
    return [Document(id="hostile", text=HOSTILE_TEXT, title=HOSTILE_TITLE,
                     date=dt.date(2026, 2, 2), date_source="argument", lang="en")]


def seed_documents(seeds: Path) -> list[Document]:
    from dealgraph.sources.reader import Failure, read_inputs

    return [d for d in read_inputs([str(seeds)]) if not isinstance(d, Failure)]


def build(db: Path, docs: Iterable[Document], settings: Settings | None = None) -> str:
    """Extract and store ``docs`` into the SQLite file ``db``; returns ``db`` as a string."""
    from dealgraph.extract.pipeline import Extractor
    from dealgraph.store.engine import open_engine
    from dealgraph.store.writes import Ledger

    settings = settings or Settings(db=str(db))
    engine = open_engine(str(db))
    ledger = Ledger(engine)
    extractor = Extractor(settings)
    for record in extractor.extract_many(docs):
        ledger.add(record)
    engine.dispose()
    return str(db)


def _claim(text: str, sentence: str, investor: str | None, target: str, status: str,
           high: float | None, day: str | None, source: str | None, order: int) -> Claim:
    start = text.index(sentence)
    return Claim(
        investor=investor, target=target, kind=DealKind.INVESTMENT, status=DealStatus(status),
        evidence=Sentence(start, start + len(sentence), sentence), max=high,
        currency="USD" if high else None, date=PartialDate.parse(day) if day else None,
        source=Attribution(source, SourceKind.PUBLICATION, source, 0, 0) if source else None,
        order=order)


def _org(key: str, name: str) -> Entity:
    return Entity(id=key, name=name, kind=EntityKind.ORG)


def hand_records() -> list[Record]:
    """Three articles with hand-marked claims, one of them hostile, as the writer gets them.

    Used where the extraction pipeline is not the point: API shapes, guards, escaping.
    """
    nvidia, openai, amazon = (_org("nvidia", "Nvidia"), _org("openai", "OpenAI"),
                              _org("amazon", "Amazon"))
    one = ("Nvidia plans to invest up to $100 billion in OpenAI. "
           "The deal has stalled, the Wall Street Journal reported on Friday.")
    doc1 = Document(id="one", text=one, title=None, date=dt.date(2026, 1, 31), lang="en")
    s1, s2 = one.split(". ", 1)[0] + ".", one.split(". ", 1)[1]
    rec1 = Record(doc1, "en", True, text=one, orgs=(nvidia, openai), mentions=(
        Mention("Nvidia", 0, 6, nvidia, "name"), Mention("OpenAI", one.index("OpenAI"),
                                                        one.index("OpenAI") + 6, openai, "name")),
        amounts=(Amount("$100 billion", one.index("$100"), one.index("$100") + 12, None, 1e11,
                        "USD"),),
        claims=(_claim(one, s1, "Nvidia", "OpenAI", "planned", 1e11, "2025-09", None, 0),
                _claim(one, s2, "Nvidia", "OpenAI", "stalled", 1e11, "2026-01-30",
                       "Wall Street Journal", 1)))
    two = "Amazon is in talks to invest $50 billion in OpenAI, people familiar said."
    doc2 = Document(id="two", text=two, title="Amazon and OpenAI", date=dt.date(2026, 2, 1),
                    lang="en", url="https://example.com/amazon")
    text2 = "Amazon and OpenAI\n\n" + two
    rec2 = Record(doc2, "en", True, text=text2, orgs=(amazon, openai),
                  mentions=(Mention("Amazon", 0, 6, amazon, "name"),),
                  claims=(_claim(text2, two, "Amazon", "OpenAI", "in_talks", 5e10, None, None,
                                 0),))
    text3 = f"{HOSTILE_TITLE}\n\n{HOSTILE_TEXT}"
    doc3 = hostile_documents()[0]
    evil = HOSTILE_TEXT.split(", according")[0]
    rec3 = Record(doc3, "en", True, text=text3, orgs=(nvidia,), mentions=(
        Mention("Nvidia", 0, 6, nvidia, "name"),),
        claims=(_claim(text3, evil, "Nvidia", "OpenAI", "planned", 5e9, None,
                       "Reuters <script>", 0),))
    return [rec1, rec2, rec3]


def build_records(db: Path, records: Iterable[Record]) -> str:
    """Store ready-made records into the SQLite file ``db``; returns ``db`` as a string."""
    from dealgraph.store.engine import open_engine
    from dealgraph.store.writes import Ledger

    engine = open_engine(str(db))
    ledger = Ledger(engine)
    for record in records:
        ledger.add(record)
    engine.dispose()
    return str(db)
