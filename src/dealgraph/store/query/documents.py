"""Articles: the list, one article with what was found in it, and search.

User input only ever reaches SQL as a bound parameter; full-text queries are
rebuilt from quoted words so that FTS syntax typed by a visitor (``"``,
``NEAR(``, ``*``, ``-``) is searched for, not run.
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

from sqlalchemy import Connection, func, or_, select, text

from dealgraph.errors import NotFound
from dealgraph.store import tables as t
from dealgraph.store.query.deals import _deal, _largest, claims_in
from dealgraph.store.query.rows import (
    Amount,
    DocumentDetail,
    DocumentSummary,
    Found,
    Link,
    Mention,
    OrgHit,
)

#: Longest search accepted; beyond this a query is noise, not a question.
MAX_QUERY = 200
_WORD = re.compile(r"\w+", re.UNICODE)

_SUMMARY = (t.documents.c.id, t.documents.c.key, t.documents.c.title, t.documents.c.published,
            t.documents.c.url, t.documents.c.publication, t.documents.c.language,
            t.documents.c.copy_of, t.documents.c.derived_from)


def fts_query(q: str) -> str:
    """An FTS5 MATCH string that searches the words of ``q`` and nothing else.

    Each word becomes a quoted phrase (``"amazon" "openai"``, all required), so
    operators typed by a visitor are inert. Empty when ``q`` has no word.
    """
    words = _WORD.findall(q[:MAX_QUERY])
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def like_pattern(q: str) -> str:
    """A LIKE pattern matching ``q`` literally anywhere (``%`` and ``_`` escaped)."""
    escaped = q[:MAX_QUERY].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _summary(r: Any) -> DocumentSummary:
    return DocumentSummary(id=r.id, key=r.key, title=r.title,
                           published=_iso(r.published), url=r.url, publication=r.publication,
                           language=r.language, copy_of=r.copy_of, derived_from=r.derived_from)


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def documents(conn: Connection, limit: int = 50, offset: int = 0
              ) -> tuple[list[DocumentSummary], int]:
    """Articles, most recently published first, and how many there are."""
    d = t.documents
    rows = conn.execute(select(*_SUMMARY).order_by(d.c.published.desc().nulls_last(),
                                                   d.c.id.desc()).limit(limit).offset(offset))
    total = conn.execute(select(func.count()).select_from(d)).scalar() or 0
    return [_summary(r) for r in rows], int(total)


def document(conn: Connection, document_id: int) -> DocumentDetail:
    """The article with its text, spans, claims, copies and origins; NotFound if absent.

    ``text`` is the analysed text the ledger stores (title, blank line, body),
    so the stored spans index it. Where it was read from (a path on the server)
    is not shown.
    """
    d, m, o, a, link = t.documents, t.mentions, t.organisations, t.amounts, t.document_links
    row = conn.execute(select(*_SUMMARY, d.c.text).where(d.c.id == document_id)).first()
    if row is None:
        raise NotFound("no such document", input=str(document_id))
    mentions = [Mention(r.entity_key, r.entity_kind, r.text, r.start, r.end, r.name)
                for r in conn.execute(
                    select(m.c.entity_key, m.c.entity_kind, m.c.text, m.c.start, m.c.end, o.c.name)
                    .outerjoin(o, o.c.key == m.c.entity_key)
                    .where(m.c.document_id == document_id).order_by(m.c.start))]
    amounts = [Amount(text=r.text, min=r.minimum, max=r.maximum, currency=r.currency,
                      usd_min=r.usd_min, usd_max=r.usd_max, start=r.start, end=r.end)
               for r in conn.execute(select(a).where(a.c.document_id == document_id)
                                     .order_by(a.c.start))]

    def links(mine: Any, other: Any) -> list[Link]:
        query = (select(d.c.id, d.c.title, d.c.published, link.c.relation)
                 .join(d, d.c.id == other).where(mine == document_id).order_by(d.c.id))
        return [Link(r.id, r.title, _iso(r.published), r.relation) for r in conn.execute(query)]

    summary = _summary(row)
    return DocumentDetail(
        **{f.name: getattr(summary, f.name) for f in fields(summary)},
        text=row.text, mentions=mentions, amounts=amounts,
        claims=claims_in(conn, document_id),
        copies=links(link.c.origin_id, link.c.document_id),
        origins=links(link.c.document_id, link.c.origin_id))


def _has_table(conn: Connection, name: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": name})
    return found.first() is not None


def search(conn: Connection, q: str, limit: int = 20) -> Found:
    """Articles, organisations and deals matching ``q``.

    Articles use the store's full-text index (SQLite FTS5 ``documents_search``,
    PostgreSQL ``plainto_tsquery`` on the same expression as its GIN index),
    else a literal LIKE; organisations and deals match by name, alias or ticker.
    """
    q = q.strip()[:MAX_QUERY]
    if not q:
        return Found([], [], [])
    pattern = like_pattern(q)
    dialect = conn.dialect.name
    columns = ("d.id, d.key, d.title, d.published, d.url, d.publication, d.language, "
               "d.copy_of, d.derived_from")
    if dialect == "postgresql":
        docs = list(conn.execute(text(
            f"SELECT {columns} FROM documents d WHERE to_tsvector('simple', coalesce(title, '')"
            " || ' ' || text) @@ plainto_tsquery('simple', :q) ORDER BY published DESC NULLS LAST"
            " LIMIT :n"), {"q": q, "n": limit}))
    elif dialect == "sqlite" and _has_table(conn, "documents_search"):
        match = fts_query(q)
        docs = [] if not match else list(conn.execute(text(
            f"SELECT {columns} FROM documents_search f JOIN documents d ON d.id = f.rowid"
            " WHERE documents_search MATCH :m ORDER BY rank LIMIT :n"), {"m": match, "n": limit}))
    else:
        d = t.documents
        where = or_(d.c.title.ilike(pattern, escape="\\"), d.c.text.ilike(pattern, escape="\\"))
        docs = list(conn.execute(select(*_SUMMARY).where(where)
                                 .order_by(d.c.published.desc()).limit(limit)))
    o, deals = t.organisations, t.deals
    orgs = [OrgHit(r.name, r.category) for r in conn.execute(
        select(o.c.name, o.c.category)
        .where(or_(o.c.name.ilike(pattern, escape="\\"), o.c.aliases.ilike(pattern, escape="\\"),
                   o.c.tickers.ilike(pattern, escape="\\")))
        .order_by(o.c.name).limit(limit))]
    found = [_deal(r) for r in conn.execute(
        select(deals).where(or_(deals.c.investor.ilike(pattern, escape="\\"),
                                deals.c.target.ilike(pattern, escape="\\")), deals.c.claims > 0)
        .order_by(_largest(deals).desc().nulls_last(), deals.c.id).limit(limit))]
    return Found([_summary(r) for r in docs], orgs, found)
