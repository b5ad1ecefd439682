"""Everything the ledger names, one row at a time, for the exports (Aleph, Gephi)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection, select

from dealgraph.store import tables as t
from dealgraph.store.query.rows import ArticleRef, OrgNames, Person
from dealgraph.store.writes import SEP


def _split(value: str | None) -> list[str]:
    return sorted(filter(None, (value or "").split(SEP)))


def organisations(conn: Connection) -> Iterator[OrgNames]:
    o = t.organisations
    for r in conn.execute(select(o.c.name, o.c.key, o.c.category, o.c.aliases, o.c.tickers)
                          .order_by(o.c.id)):
        yield OrgNames(r.name, r.key, r.category, _split(r.aliases), _split(r.tickers))


def people(conn: Connection) -> Iterator[Person]:
    p = t.people
    for r in conn.execute(select(p.c.name, p.c.key, p.c.aliases, p.c.speaks_for)
                          .order_by(p.c.id)):
        yield Person(r.name, r.key, _split(r.aliases), r.speaks_for)


def articles(conn: Connection) -> Iterator[ArticleRef]:
    d = t.documents
    for r in conn.execute(select(d.c.id, d.c.key, d.c.title, d.c.url, d.c.published,
                                 d.c.language, d.c.publication, d.c.content_hash)
                          .order_by(d.c.id)):
        yield ArticleRef(r.id, r.key, r.title, r.url,
                         r.published.isoformat() if r.published else None, r.language,
                         r.publication, r.content_hash)
