"""Reads the web pages and the API need beyond the store's own query functions.

Every function takes an open SQLAlchemy ``Connection`` and returns plain dicts
(JSON-ready: dates as ISO strings). User input only ever reaches SQL as a bound
parameter; full-text queries are rebuilt from quoted words so that FTS syntax
typed by a visitor (``"``, ``NEAR(``, ``*``, ``-``) is searched for, not run.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Integer, Select, and_, bindparam, func, or_, select, text
from sqlalchemy.sql.elements import ColumnElement

from dealgraph.errors import NotFound
from dealgraph.store.tables import (
    amounts,
    claims,
    deals,
    document_links,
    documents,
    mentions,
    organisations,
)

#: Longest search accepted; beyond this a query is noise, not a question.
MAX_QUERY = 200
_WORD = re.compile(r"\w+", re.UNICODE)


def plain(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A row as a JSON-ready dict (dates as ISO strings, bytes dropped)."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, bytes):
            continue
        out[key] = value
    return out


def _all(conn: Connection, query: Select[Any]) -> list[dict[str, Any]]:
    return [plain(r) for r in conn.execute(query).mappings()]


def _count(conn: Connection, query: Select[Any]) -> int:
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar()
    return int(total or 0)


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


DOCUMENT_SUMMARY = (
    documents.c.id, documents.c.key, documents.c.title, documents.c.published,
    documents.c.url, documents.c.publication, documents.c.language,
    documents.c.copy_of, documents.c.derived_from,
)

CLAIM_COLUMNS = (
    claims.c.id, claims.c.deal_id, claims.c.document_id, claims.c.investor, claims.c.target,
    claims.c.kind, claims.c.status, claims.c.minimum, claims.c.maximum, claims.c.currency,
    claims.c.valuation, claims.c.date, claims.c.date_precision, claims.c.source,
    claims.c.source_kind, claims.c.quote, claims.c.evidence_start, claims.c.evidence_end,
    claims.c.cue, claims.c.position,
    documents.c.title.label("document_title"), documents.c.published.label("published"),
)

DEAL_COLUMNS = (
    deals.c.id, deals.c.investor, deals.c.target, deals.c.kind, deals.c.status,
    deals.c.minimum, deals.c.maximum, deals.c.currency, deals.c.first_date, deals.c.last_date,
    deals.c.claims, deals.c.conflicts,
)


def _claims_select() -> Select[Any]:
    return select(*CLAIM_COLUMNS).join(documents, documents.c.id == claims.c.document_id)


def claim_order() -> tuple[ColumnElement[Any], ...]:
    """Oldest event first; undated claims at their article's date, then narrative order."""
    when = func.coalesce(claims.c.latest_date, documents.c.published)
    return (when.is_(None), when, documents.c.published, claims.c.document_id, claims.c.position)


# -- documents ---------------------------------------------------------------------------


def list_documents(conn: Connection, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    query = select(*DOCUMENT_SUMMARY)
    rows = _all(conn, query.order_by(documents.c.published.desc(), documents.c.id.desc())
                .limit(limit).offset(offset))
    return rows, _count(conn, query)


def get_document(conn: Connection, document_id: int) -> dict[str, Any]:
    """The article with its text, spans, claims, copies and origin; NotFound if absent.

    ``text`` is the analysed text the ledger stores (title, blank line, body), so
    the stored spans index it.
    """
    row = conn.execute(select(*DOCUMENT_SUMMARY, documents.c.text, documents.c.origin)
                       .where(documents.c.id == document_id)).mappings().first()
    if row is None:
        raise NotFound("no such document", input=str(document_id))
    doc = plain(row)
    doc.pop("origin", None)  # a file path on the server: not for visitors
    doc["mentions"] = _all(conn, select(
        mentions.c.entity_key, mentions.c.entity_kind, mentions.c.text, mentions.c.start,
        mentions.c.end, organisations.c.name,
    ).outerjoin(organisations, organisations.c.key == mentions.c.entity_key)
        .where(mentions.c.document_id == document_id).order_by(mentions.c.start))
    doc["amounts"] = _all(conn, select(
        amounts.c.text, amounts.c.minimum, amounts.c.maximum, amounts.c.currency,
        amounts.c.start, amounts.c.end,
    ).where(amounts.c.document_id == document_id).order_by(amounts.c.start))
    doc["claims"] = _all(conn, _claims_select().where(claims.c.document_id == document_id)
                         .order_by(claims.c.position))
    link_cols = (documents.c.id, documents.c.title, documents.c.published,
                 document_links.c.relation)
    doc["copies"] = _all(conn, select(*link_cols)
                         .join(documents, documents.c.id == document_links.c.document_id)
                         .where(document_links.c.origin_id == document_id))
    doc["origins"] = _all(conn, select(*link_cols)
                          .join(documents, documents.c.id == document_links.c.origin_id)
                          .where(document_links.c.document_id == document_id))
    return doc


# -- organisations -----------------------------------------------------------------------


def list_orgs(conn: Connection, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    out_deals = select(func.count()).where(deals.c.investor == organisations.c.name)
    in_deals = select(func.count()).where(deals.c.target == organisations.c.name)
    query = select(organisations.c.name, organisations.c.category, organisations.c.tickers,
                   out_deals.scalar_subquery().label("deals_out"),
                   in_deals.scalar_subquery().label("deals_in"))
    rows = _all(conn, query.order_by(organisations.c.name).limit(limit).offset(offset))
    return rows, _count(conn, select(organisations.c.id))


def get_org(conn: Connection, name: str) -> dict[str, Any]:
    """One organisation by canonical name: money in and out, counterparties, timeline."""
    row = conn.execute(select(organisations.c.name, organisations.c.key, organisations.c.aliases,
                              organisations.c.tickers, organisations.c.category)
                       .where(organisations.c.name == name)).mappings().first()
    if row is None:
        raise NotFound("no such organisation", input=name)
    org = plain(row)
    org["money_out"] = _all(conn, select(*DEAL_COLUMNS).where(deals.c.investor == name)
                            .order_by(deals.c.maximum.desc()))
    org["money_in"] = _all(conn, select(*DEAL_COLUMNS).where(deals.c.target == name)
                           .order_by(deals.c.maximum.desc()))
    counterparts: dict[str, int] = {}
    for deal in org["money_out"]:
        if deal["target"]:
            counterparts[deal["target"]] = counterparts.get(deal["target"], 0) + 1
    for deal in org["money_in"]:
        if deal["investor"]:
            counterparts[deal["investor"]] = counterparts.get(deal["investor"], 0) + 1
    org["counterparties"] = [{"name": k, "deals": v} for k, v in sorted(counterparts.items())]
    org["timeline"] = _all(conn, _claims_select()
                           .where(or_(claims.c.investor == name, claims.c.target == name))
                           .order_by(*claim_order()).limit(500))
    return org


# -- deals and claims --------------------------------------------------------------------


def deal_filters(filters: Mapping[str, Any], table: Any) -> list[ColumnElement[bool]]:
    """WHERE terms for the deal filters (investor, target, org, status, kind, since...)."""
    c = table.c
    terms: list[ColumnElement[bool]] = []
    if filters.get("investor"):
        terms.append(c.investor == filters["investor"])
    if filters.get("target"):
        terms.append(c.target == filters["target"])
    if filters.get("org"):
        terms.append(or_(c.investor == filters["org"], c.target == filters["org"]))
    if filters.get("status"):
        terms.append(c.status == filters["status"])
    if filters.get("kind"):
        terms.append(c.kind == filters["kind"])
    if filters.get("currency"):
        terms.append(c.currency == filters["currency"])
    if filters.get("min_amount") is not None:
        terms.append(func.coalesce(c.maximum, c.minimum) >= filters["min_amount"])
    date_col = c.last_date if table is deals else c.date
    if filters.get("since"):
        terms.append(date_col >= filters["since"])
    if filters.get("until"):
        terms.append(date_col <= filters["until"] + "-99")
    return terms


def list_deals(conn: Connection, filters: Mapping[str, Any], limit: int,
               offset: int) -> tuple[list[dict[str, Any]], int]:
    query = select(*DEAL_COLUMNS).where(and_(True, *deal_filters(filters, deals)))
    order = (func.coalesce(deals.c.maximum, deals.c.minimum).desc(), deals.c.id)
    rows = _all(conn, query.order_by(*order).limit(limit).offset(offset))
    return rows, _count(conn, query)


@lru_cache(maxsize=1)
def _deal_statements() -> tuple[Select[Any], Select[Any]]:
    # The deal page is the most visited: build its two statements once, with the
    # id as a parameter, rather than assembling some forty expressions per request.
    wanted = bindparam("deal_id", type_=Integer)
    return (select(*DEAL_COLUMNS).where(deals.c.id == wanted),
            _claims_select().where(claims.c.deal_id == wanted).order_by(*claim_order()))


def get_deal(conn: Connection, deal_id: int) -> dict[str, Any]:
    """One deal with its claims (``history``), oldest event first; NotFound if absent."""
    one, history = _deal_statements()
    row = conn.execute(one, {"deal_id": deal_id}).mappings().first()
    if row is None:
        raise NotFound("no such deal", input=str(deal_id))
    deal = plain(row)
    deal["history"] = [plain(r) for r in conn.execute(history, {"deal_id": deal_id}).mappings()]
    return deal


def list_claims(conn: Connection, filters: Mapping[str, Any], limit: int,
                offset: int) -> tuple[list[dict[str, Any]], int]:
    query = _claims_select().where(and_(True, *deal_filters(filters, claims)))
    rows = _all(conn, query.order_by(claims.c.id.desc()).limit(limit).offset(offset))
    return rows, _count(conn, query)


def timeline(conn: Connection, a: str, b: str) -> list[dict[str, Any]]:
    """Every claim between ``a`` and ``b`` (either direction), oldest event first."""
    pair = or_(and_(claims.c.investor == a, claims.c.target == b),
               and_(claims.c.investor == b, claims.c.target == a))
    return _all(conn, _claims_select().where(pair).order_by(*claim_order()))


# -- home, graph, search -----------------------------------------------------------------


def home(conn: Connection, size: int = 10) -> dict[str, list[dict[str, Any]]]:
    return {
        "latest_claims": _all(conn, _claims_select()
                              .order_by(documents.c.published.desc(), claims.c.id.desc())
                              .limit(size)),
        "largest_deals": _all(conn, select(*DEAL_COLUMNS)
                              .where(func.coalesce(deals.c.maximum, deals.c.minimum).is_not(None))
                              .order_by(func.coalesce(deals.c.maximum, deals.c.minimum).desc())
                              .limit(size)),
        "conflicts": _all(conn, select(*DEAL_COLUMNS).where(deals.c.conflicts > 0)
                          .order_by(deals.c.last_date.desc()).limit(size)),
    }


def graph(conn: Connection, limit: int = 300) -> list[dict[str, Any]]:
    """Edges investor → target, largest first (deals with both parties named)."""
    return _all(conn, select(*DEAL_COLUMNS)
                .where(deals.c.investor.is_not(None), deals.c.investor != "",
                       deals.c.target.is_not(None))
                .order_by(func.coalesce(deals.c.maximum, deals.c.minimum).desc()).limit(limit))


def _has_table(conn: Connection, name: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": name})
    return found.first() is not None


def search(conn: Connection, q: str, limit: int) -> dict[str, list[dict[str, Any]]]:
    """Articles, organisations and deals matching ``q``.

    Articles use the store's full-text index (SQLite FTS5 ``documents_search``,
    PostgreSQL ``plainto_tsquery``), else a literal LIKE.
    """
    q = q.strip()[:MAX_QUERY]
    empty: dict[str, list[dict[str, Any]]] = {"documents": [], "orgs": [], "deals": []}
    if not q:
        return empty
    pattern = like_pattern(q)
    dialect = conn.dialect.name
    if dialect == "postgresql":
        # The same expression as the store's GIN index, so that the index is used.
        docs = [plain(r) for r in conn.execute(text(
            "SELECT id, key, title, published, url, publication, language, copy_of,"
            " derived_from FROM documents WHERE to_tsvector('simple', coalesce(title, '')"
            " || ' ' || text) @@ plainto_tsquery('simple', :q) ORDER BY published DESC"
            " LIMIT :n"), {"q": q, "n": limit}).mappings()]
    elif dialect == "sqlite" and _has_table(conn, "documents_search"):
        match = fts_query(q)
        docs = [] if not match else [plain(r) for r in conn.execute(text(
            "SELECT d.id, d.key, d.title, d.published, d.url, d.publication, d.language,"
            " d.copy_of, d.derived_from FROM documents_search f JOIN documents d"
            " ON d.id = f.rowid WHERE documents_search MATCH :m ORDER BY rank LIMIT :n"),
            {"m": match, "n": limit}).mappings()]
    else:
        where = or_(documents.c.title.ilike(pattern, escape="\\"),
                    documents.c.text.ilike(pattern, escape="\\"))
        docs = _all(conn, select(*DOCUMENT_SUMMARY).where(where)
                    .order_by(documents.c.published.desc()).limit(limit))
    orgs = _all(conn, select(organisations.c.name, organisations.c.category)
                .where(or_(organisations.c.name.ilike(pattern, escape="\\"),
                           organisations.c.aliases.ilike(pattern, escape="\\"),
                           organisations.c.tickers.ilike(pattern, escape="\\")))
                .order_by(organisations.c.name).limit(limit))
    found = _all(conn, select(*DEAL_COLUMNS)
                 .where(or_(deals.c.investor.ilike(pattern, escape="\\"),
                            deals.c.target.ilike(pattern, escape="\\")))
                 .order_by(func.coalesce(deals.c.maximum, deals.c.minimum).desc()).limit(limit))
    return {"documents": docs, "orgs": orgs, "deals": found}
