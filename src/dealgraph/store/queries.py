"""Reading the ledger: deals, timelines, organisations and search, as plain dicts.

Every function takes an open SQLAlchemy connection and returns TypedDicts that
the CLI prints, the exports write and the HTTP API serves unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypedDict

from sqlalchemy import Connection, and_, func, or_, select, text

from dealgraph.errors import NotFound
from dealgraph.store import tables as t
from dealgraph.store.writes import SEP, claims_of
from dealgraph.stories.credibility import Conflict, verdict
from dealgraph.stories.timeline import TimedClaim, precision


class _DealFields(TypedDict):
    """What every view of a deal says first: who, whom, what, and where it stands now."""

    id: int
    investor: str | None
    target: str | None
    kind: str
    status: str | None
    min: float | None
    max: float | None
    currency: str | None


class DealRow(_DealFields):
    first_date: str | None
    last_date: str | None
    claims: int
    conflicts: int


class ClaimRow(TypedDict):
    id: int
    date: str | None
    date_precision: str | None
    status: str
    min: float | None
    max: float | None
    currency: str | None
    valuation: float | None
    source: str | None
    source_kind: str | None
    document: str
    title: str | None
    url: str | None
    published: str | None
    quote: str
    relation: str | None  # "near_duplicate" or "derived" when the article is not original
    counted: bool  # False for a copy, whose claims add no weight


class DealTimeline(_DealFields):
    claims: list[ClaimRow]
    conflicts: list[Conflict]


class Counterparty(TypedDict):
    name: str
    role: str  # "investor" (money in) or "target" (money out)
    kind: str
    status: str | None
    min: float | None
    max: float | None
    currency: str | None


class OrgProfile(TypedDict):
    key: str
    name: str
    aliases: list[str]
    tickers: list[str]
    money_in: list[Counterparty]
    money_out: list[Counterparty]
    counterparties: list[str]


def _party(value: str | None) -> str | None:
    return value or None


def _deal_row(r: object) -> DealRow:
    return {"id": r.id, "investor": _party(r.investor), "target": _party(r.target),  # type: ignore[attr-defined]
            "kind": r.kind, "status": r.status, "min": r.minimum, "max": r.maximum,  # type: ignore[attr-defined]
            "currency": r.currency, "first_date": r.first_date, "last_date": r.last_date,  # type: ignore[attr-defined]
            "claims": r.claims, "conflicts": r.conflicts}  # type: ignore[attr-defined]


def resolve_org(conn: Connection, name: str) -> str:
    """The canonical name of the organisation called ``name`` (name, alias, ticker or id).

    Exact names first (indexed), then the same ignoring case, then aliases and
    tickers, then the parties of stored deals. Raises :class:`NotFound` when
    nothing answers to it.
    """
    o = t.organisations
    given = name.strip()
    wanted = given.casefold()
    found = conn.execute(select(o.c.name).where(or_(o.c.name == given, o.c.key == given))
                         .limit(1)).first()
    if found is None:
        found = conn.execute(select(o.c.name).where(or_(
            func.lower(o.c.name) == wanted, func.lower(o.c.key) == wanted)).limit(1)).first()
    if found is not None:
        return str(found[0])
    pattern = f"%{given}%"
    for r in conn.execute(select(o.c.name, o.c.aliases, o.c.tickers).where(or_(
            o.c.aliases.ilike(pattern), o.c.tickers.ilike(pattern)))):
        names = [*(r.aliases or "").split(SEP), *(r.tickers or "").split(SEP)]
        if wanted in {n.casefold() for n in names if n}:
            return str(r.name)
    d = t.deals
    party = conn.execute(select(d.c.investor).where(func.lower(d.c.investor) == wanted).union(
        select(d.c.target).where(func.lower(d.c.target) == wanted)).limit(1)).first()
    if party is not None:
        return str(party[0])
    raise NotFound(f"no organisation called {name!r} in the ledger", input=name)


def deals(conn: Connection, org: str | None = None, status: str | None = None,
          since: dt.date | None = None, limit: int | None = None) -> list[DealRow]:
    """Deals, most recent first; filtered by party, status and last date.

    A deal has a ``status`` when that is its current reading or when a claim said
    so (since ``since``): a deal reported stalled, then confirmed by a party,
    answers both ``stalled`` and ``confirmed``.
    """
    d, c = t.deals, t.claims
    query = select(d).where(d.c.claims > 0)
    if org is not None:
        name = resolve_org(conn, org)
        query = query.where(or_(d.c.investor == name, d.c.target == name))
    if status is not None:
        said = select(c.c.deal_id).where(c.c.status == status)
        if since is not None:
            said = said.where(c.c.latest_date >= since)
        query = query.where(or_(d.c.status == status, d.c.id.in_(said)))
    if since is not None:
        query = query.where(d.c.last_date >= since.isoformat())
    query = query.order_by(d.c.last_date.desc().nulls_last(), d.c.id)
    if limit is not None:
        query = query.limit(limit)
    return [_deal_row(r) for r in conn.execute(query)]


def timeline(conn: Connection, org: str, other: str | None = None) -> list[DealTimeline]:
    """The deals between ``org`` and ``other`` (or ``org`` and anyone), each with its
    claims in timeline order and its conflicts."""
    d = t.deals
    a = resolve_org(conn, org)
    if other is None:
        where = or_(d.c.investor == a, d.c.target == a)
    else:
        b = resolve_org(conn, other)
        where = or_(and_(d.c.investor == a, d.c.target == b),
                    and_(d.c.investor == b, d.c.target == a))
    rows = conn.execute(select(d).where(where, d.c.claims > 0)
                        .order_by(d.c.first_date.nulls_last(), d.c.id)).all()
    return _timelines(conn, rows)


def deal_timeline(conn: Connection, deal_id: int) -> DealTimeline:
    """One deal with its claims in timeline order and its conflicts."""
    deal = conn.execute(select(t.deals).where(t.deals.c.id == deal_id)).one()
    return _timelines(conn, [deal])[0]


def _timelines(conn: Connection, deals: Sequence[Any]) -> list[DealTimeline]:
    # Two queries for all the deals, whatever their number: the busiest
    # organisations have hundreds of deals.
    timed = claims_of(conn, [r.id for r in deals])
    c, doc, link = t.claims, t.documents, t.document_links
    rows = {r.id: r for r in conn.execute(
        select(c.c.id, c.c.quote, c.c.valuation, doc.c.key, doc.c.title, doc.c.url,
               doc.c.published, doc.c.copy_of, link.c.relation)
        .join(doc, doc.c.id == c.c.document_id)
        .outerjoin(link, link.c.document_id == doc.c.id)
        .where(c.c.deal_id.in_([r.id for r in deals])))}
    return [_deal_timeline(deal, timed.get(deal.id, []), rows) for deal in deals]


def _deal_timeline(deal: Any, timed: list[TimedClaim], rows: dict[int, Any]) -> DealTimeline:
    v = verdict(timed)
    claims: list[ClaimRow] = []
    for x in timed:
        r = rows[x.id]
        claims.append({
            "id": x.id, "date": x.date, "date_precision": precision(x.date),
            "status": x.status, "min": x.min, "max": x.max, "currency": x.currency,
            "valuation": r.valuation, "source": x.source, "source_kind": x.source_kind,
            "document": r.key,
            "title": r.title, "url": r.url,
            "published": r.published.isoformat() if r.published else None,
            "quote": r.quote, "relation": r.relation, "counted": r.copy_of is None,
        })
    return {"id": deal.id, "investor": _party(deal.investor),
            "target": _party(deal.target), "kind": deal.kind,
            "status": v.status, "min": v.min, "max": v.max, "currency": v.currency,
            "claims": claims, "conflicts": list(v.conflicts)}


def org(conn: Connection, name: str) -> OrgProfile:
    """Aliases, tickers, money in and out, and counterparties of one organisation."""
    canonical = resolve_org(conn, name)
    o, d = t.organisations, t.deals
    row = conn.execute(select(o).where(o.c.name == canonical)).first()
    aliases = sorted(filter(None, (row.aliases or "").split(SEP))) if row else []
    tickers = sorted(filter(None, (row.tickers or "").split(SEP))) if row else []
    money_in: list[Counterparty] = []
    money_out: list[Counterparty] = []
    for r in conn.execute(select(d).where(or_(d.c.investor == canonical,
                                              d.c.target == canonical), d.c.claims > 0)
                          .order_by(d.c.last_date.desc().nulls_last(), d.c.id)):
        incoming = r.target == canonical
        party = r.investor if incoming else r.target
        entry: Counterparty = {"name": party or "(unnamed)",
                               "role": "investor" if incoming else "target", "kind": r.kind,
                               "status": r.status, "min": r.minimum, "max": r.maximum,
                               "currency": r.currency}
        (money_in if incoming else money_out).append(entry)
    names = sorted({c["name"] for c in (*money_in, *money_out)})
    return {"key": row.key if row else canonical, "name": canonical, "aliases": aliases,
            "tickers": tickers, "money_in": money_in, "money_out": money_out,
            "counterparties": names}


class SearchHit(TypedDict):
    id: int
    key: str
    title: str | None
    url: str | None
    published: str | None


def search(conn: Connection, words: str, limit: int = 20) -> list[SearchHit]:
    """Articles whose title or text match ``words`` (FTS5 on SQLite, tsvector on PostgreSQL)."""
    if conn.dialect.name == "sqlite":
        query = text("SELECT d.id, d.key, d.title, d.url, d.published FROM documents_search s "
                     "JOIN documents d ON d.id = s.rowid WHERE documents_search MATCH :q "
                     "ORDER BY rank LIMIT :n")
        quoted = " ".join('"' + w.replace('"', '""') + '"' for w in words.split())
        rows = conn.execute(query, {"q": quoted, "n": limit}).all()
    else:
        query = text("SELECT id, key, title, url, published FROM documents WHERE "
                     "to_tsvector('simple', coalesce(title, '') || ' ' || text) @@ "
                     "plainto_tsquery('simple', :q) ORDER BY published DESC NULLS LAST LIMIT :n")
        rows = conn.execute(query, {"q": words, "n": limit}).all()
    return [{"id": r.id, "key": r.key, "title": r.title, "url": r.url,
             "published": str(r.published) if r.published else None} for r in rows]
