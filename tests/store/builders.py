"""Hand-built records and the two database backends, for the ledger's tests.

Records are built by hand so the store, story and export tests do not depend on
the extraction engine; the acceptance tests use the real pipeline instead.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine

from dealgraph.records import (
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

IN_CI = os.environ.get("CI", "").lower() == "true"
PG = "host=127.0.0.1 port=5432 dbname=test"

ORGS = {
    "Nvidia": Entity("nvidia", "Nvidia", EntityKind.ORG, ("NVDA",), "NVDA.O", ("NVDA.O",),
                     "chipmaker"),
    "OpenAI": Entity("openai", "OpenAI", EntityKind.ORG, category="lab"),
    "Amazon": Entity("amazon", "Amazon", EntityKind.ORG, (), "AMZN.O", ("AMZN.O",), "cloud"),
    "Microsoft": Entity("microsoft", "Microsoft", EntityKind.ORG, (), "MSFT.O", ("MSFT.O",)),
    "Acme": Entity("acme", "Acme Robotics", EntityKind.ORG),
    "Borealis": Entity("borealis", "Borealis Capital", EntityKind.ORG, category="investor"),
}


@dataclass(frozen=True)
class Said:
    """One claim to put in a test article: a sentence and what it says."""

    sentence: str
    investor: str | None
    target: str | None
    status: str
    max: float | None = None
    min: float | None = None
    date: str | None = None
    source: str | None = None
    source_kind: str = "none"
    kind: str = "investment"
    currency: str | None = "USD"


@dataclass
class Article:
    key: str
    said: Sequence[Said]
    published: str | None = None
    url: str | None = None
    site: str | None = None
    title: str | None = None
    extra: str = ""  # text around the claims, to make copies and rewrites
    lang: str = "en"
    orgs: Sequence[str] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return " ".join([*(s.sentence for s in self.said), self.extra]).strip()


def document(a: Article) -> Document:
    return Document(id=a.key, text=a.text, title=a.title or a.key,
                    date=dt.date.fromisoformat(a.published) if a.published else None,
                    date_source="argument" if a.published else None, url=a.url, site=a.site,
                    lang=a.lang, origin=f"{a.key}.txt")


def record(a: Article, doc: Document | None = None) -> Record:
    """The record an ideal extractor would give for ``a``."""
    doc = doc or document(a)
    text = doc.text
    claims = []
    for i, s in enumerate(a.said):
        start = text.find(s.sentence)
        source = None
        if s.source:
            at = max(text.find(s.source, start), start)
            source = Attribution(s.source, SourceKind(s.source_kind), s.source, at,
                                 at + len(s.source))
        claims.append(Claim(
            investor=s.investor, target=s.target, kind=DealKind(s.kind),
            status=DealStatus(s.status), evidence=Sentence(start, start + len(s.sentence),
                                                           s.sentence),
            min=s.min, max=s.max, currency=s.currency if (s.min or s.max) else None,
            date=PartialDate.parse(s.date) if s.date else None, source=source, order=i))
    names = {n for s in a.said for n in (s.investor, s.target) if n} | set(a.orgs)
    entities = [e for n, e in ORGS.items() if n in names or e.name in names]
    mentions = []
    for e in entities:
        at = text.find(e.name)
        if at >= 0:
            mentions.append(Mention(e.name, at, at + len(e.name), e, "name"))
    return Record(document=doc, lang=a.lang, supported=True, text=text,
                  orgs=tuple(entities), mentions=tuple(mentions), claims=tuple(claims))


class FakeExtractor:
    """Returns the hand-built record of each known article (by key), else an empty one."""

    def __init__(self, articles: Sequence[Article] = (), fail_on: Sequence[str] = ()) -> None:
        self.articles = {a.key: a for a in articles}
        self.fail_on = set(fail_on)
        self.calls = 0

    def extract(self, doc: Document) -> Record:
        self.calls += 1
        if doc.id in self.fail_on:
            raise ValueError("cannot parse this one")
        if doc.id in self.articles:
            return record(self.articles[doc.id], doc)
        return Record(document=doc, lang="en", supported=True, text=doc.text)

    def extract_batch(self, docs: Sequence[Document]) -> list[Record | Exception]:
        results: list[Record | Exception] = []
        for doc in docs:
            try:
                results.append(self.extract(doc))
            except ValueError as exc:
                results.append(exc)
        return results


def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL on a fresh schema, dropped afterwards.

    Skips with a message when no server answers, and fails instead under CI=true.
    """
    try:
        import psycopg

        admin = psycopg.connect(PG + " user=postgres", autocommit=True, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
        message = f"no PostgreSQL server on 127.0.0.1:5432 (database 'test'): {exc}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    schema = f"dg_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield (f"postgresql://postgres@127.0.0.1:5432/test"
               f"?options=-csearch_path%3D{schema}")
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[str]:
    """A fresh ledger URL on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")  # type: ignore[operator]
    else:
        yield from postgres_url()


WIRE_EXTRA = (
    "The robotics maker, founded in Lyon in 2017, builds warehouse arms used by grocers and "
    "parcel carriers across Europe. Its last round valued it at about 2 billion dollars and "
    "was led by a pension fund. A spokesperson for the company declined to comment on the "
    "talks, and a representative of the fund did not answer messages sent after hours."
)
IN_TALKS = Said("Borealis Capital is in talks to invest up to $500 million in Acme Robotics, "
                "people familiar with the matter said on Monday.", "Borealis Capital",
                "Acme Robotics", "in_talks", max=5e8, date="2026-03-02",
                source="people familiar with the matter", source_kind="unnamed")


def borealis_story() -> list[Article]:
    """A wire, two reprints, an exact copy, a rewrite, a denial and an update (own text)."""
    wire = Article("wire", [IN_TALKS], "2026-03-02", "https://wire.example/acme",
                   "Wire", "Borealis in talks for Acme stake", WIRE_EXTRA)
    reprint = Article("reprint", [IN_TALKS], "2026-03-02", "https://daily.example/acme",
                      "Daily", "Borealis eyes Acme", "DAILY NEWS - " + WIRE_EXTRA +
                      " Copyright Daily News, all rights reserved.")
    reprint2 = Article("reprint2", [IN_TALKS], "2026-03-03", "https://weekly.example/a1",
                       "Weekly", "Acme stake talks", WIRE_EXTRA + " Subscribe to our letter.")
    same = Article("same", [IN_TALKS], "2026-03-02", "https://mirror.example/x", "Mirror",
                   "Borealis in talks for Acme stake", WIRE_EXTRA)
    rewrite = Article("rewrite", [Said(
        "According to people familiar with the matter, the fund Borealis Capital could put as "
        "much as half a billion dollars into Acme Robotics.", "Borealis Capital",
        "Acme Robotics", "in_talks", max=5e8, date="2026-03",
        source="people familiar with the matter", source_kind="unnamed")],
        None, "https://blog.example/why-acme", "Blog", "Why everyone wants Acme",
        "Warehouse automation is the hottest corner of robotics this spring, and investors "
        "who missed the first wave are scrambling for the few European makers left.")
    denial = Article("denial", [Said(
        "Acme Robotics denied on Wednesday that it was in talks with Borealis Capital.",
        "Borealis Capital", "Acme Robotics", "denied", date="2026-03-04",
        source="Acme Robotics", source_kind="party")], "2026-03-04",
        "https://wire.example/acme-denies", "Wire", "Acme denies talks",
        "The company said it had enough cash to fund its plans through next year.")
    update = Article("update", [Said(
        "Borealis Capital agreed to invest $350 million in Acme Robotics, the two companies "
        "said on Friday.", "Borealis Capital", "Acme Robotics", "announced", min=3.5e8,
        max=3.5e8, date="2026-03-20", source="Borealis Capital", source_kind="party")],
        "2026-03-21", "https://wire.example/acme-deal", "Wire", "Borealis to invest in Acme",
        "The investment is smaller than the sum discussed earlier in the month.")
    return [wire, reprint, reprint2, same, rewrite, denial, update]


def ledger_from_before(db: str, articles: Sequence[Article], revision: str) -> Engine:
    """A ledger holding ``articles`` as a writer of schema ``revision`` stored them: written
    with today's code, then downgraded, so a migration test can upgrade it again. The
    engine is returned still open, for looking at the old schema; dispose of it before
    reopening the ledger."""
    from alembic import command
    from alembic.config import Config

    from dealgraph.ingest import ingest_items
    from dealgraph.store.engine import MIGRATIONS, open_engine
    from dealgraph.store.writes import Ledger

    engine = open_engine(db)
    ingest_items([document(a) for a in articles], Ledger(engine), FakeExtractor(articles))
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
    return engine

