"""Deals and their claims: lists with filters, one deal's history, timelines between
organisations, the home page's selections and the graph's edges.

Every organisation named in a filter goes through :func:`resolve_org`, so the
CLI, the API and the pages answer the same names the same way. A deal's history
is ordered and weighed by :mod:`dealgraph.stories` (the same reading the writer
stores as the deal's current status), never re-derived in SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Select, and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from dealgraph.errors import NotFound
from dealgraph.records import PartialDate
from dealgraph.store import tables as t
from dealgraph.store.query.names import resolve_org
from dealgraph.store.query.rows import Claim, Deal, DealHistory
from dealgraph.store.writes import SEP, claims_of
from dealgraph.stories.credibility import verdict
from dealgraph.stories.timeline import precision


class Sort(StrEnum):
    """How a list of deals is ordered."""

    LARGEST = "largest"  # largest amount first (in USD), deals without one last
    RECENT = "recent"  # latest claim first


@dataclass(frozen=True, slots=True)
class DealFilters:
    """What a reader may ask of the deals: the CLI's options and the API's parameters.

    ``investor``, ``target`` and ``org`` (either party) are names as a reader
    types them; they are resolved before the query. ``min_amount`` is in US
    dollars, whatever the currency written. ``since``/``until`` are
    ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and compare with partial dates by
    what they can denote.
    """

    investor: str | None = None
    target: str | None = None
    org: str | None = None
    status: str | None = None
    kind: str | None = None
    currency: str | None = None
    min_amount: float | None = None
    since: str | None = None
    until: str | None = None
    sort: Sort = Sort.LARGEST

    def resolved(self, conn: Connection) -> DealFilters:
        """The same filters with every organisation replaced by its canonical name."""
        def named(value: str | None) -> str | None:
            return resolve_org(conn, value) if value else None

        return replace(self, investor=named(self.investor), target=named(self.target),
                       org=named(self.org))


def _deal(r: Any) -> Deal:
    return Deal(id=r.id, investor=r.investor or None, target=r.target or None, kind=r.kind,
                status=r.status, min=r.minimum, max=r.maximum, currency=r.currency,
                usd_min=r.usd_min, usd_max=r.usd_max, shared=bool(r.shared),
                shared_with=[n for n in (r.shared_with or "").split(SEP) if n],
                first_date=r.first_date, last_date=r.last_date, claims=r.claims,
                conflicts=r.conflicts)


def one_per_figure(deals: Iterable[Deal]) -> list[Deal]:
    """The deals with each shared figure kept once: "A, B and C together put $60B into
    D" is three deals (A, B and C each invest in D) but one sum of money, which lists
    of the largest deals and totals must not show or add three times. The first deal
    of each such group stands for it (its ``shared_with`` names the others)."""
    seen: set[tuple[Any, ...]] = set()
    kept = []
    for d in deals:
        if d.shared:
            key = (d.target, d.kind, frozenset({d.investor, *d.shared_with}), d.min, d.max,
                   d.currency)
            if key in seen:
                continue
            seen.add(key)
        kept.append(d)
    return kept


def largest(conn: Connection, size: int = 10) -> list[Deal]:
    """The ``size`` largest deals (in US dollars), each shared figure once."""
    found: list[Deal] = []
    offset = 0
    while len(found) < size:
        page, _ = deals(conn, DealFilters(sort=Sort.LARGEST), limit=size * 2, offset=offset)
        found = one_per_figure([*found, *page])
        if len(page) < size * 2:
            break
        offset += size * 2
    return found[:size]


def _largest(table: Any) -> ColumnElement[Any]:
    """The amount lists sort by: the upper bound in US dollars, else the lower one."""
    return func.coalesce(table.c.usd_max, table.c.usd_min)


def _not_before(column: Any, day: str) -> ColumnElement[bool]:
    """``column`` (a partial date) can denote ``day`` or later: "2023" is not before
    "2023-06-01", since it may mean December."""
    term: ColumnElement[bool] = column >= func.substr(day, 1, func.length(column))
    return term


def _first_day(partial: str) -> dt.date:
    """The first day a ``YYYY[-MM[-DD]]`` date can denote."""
    p = PartialDate.parse(partial)
    return dt.date(p.year, p.month or 1, p.day or 1)


def _terms(f: DealFilters, table: Any) -> list[ColumnElement[bool]]:
    c = table.c
    terms: list[ColumnElement[bool]] = [c.claims > 0] if table is t.deals else []
    if f.investor:
        terms.append(c.investor == f.investor)
    if f.target:
        terms.append(c.target == f.target)
    if f.org:
        terms.append(or_(c.investor == f.org, c.target == f.org))
    if f.status and table is t.deals:
        # A deal has a status when that is its current reading or when a claim said
        # so (since ``since``): reported stalled, then confirmed, it answers both.
        said = select(t.claims.c.deal_id).where(t.claims.c.status == f.status)
        if f.since:
            said = said.where(t.claims.c.latest_date >= _first_day(f.since))
        terms.append(or_(c.status == f.status, c.id.in_(said)))
    elif f.status:
        terms.append(c.status == f.status)
    if f.kind:
        terms.append(c.kind == f.kind)
    if f.currency:
        terms.append(c.currency == f.currency)
    if f.min_amount is not None:
        terms.append(_largest(table) >= f.min_amount)
    date_col = c.last_date if table is t.deals else c.date
    if f.since:
        terms.append(_not_before(date_col, f.since))
    if f.until:
        terms.append(date_col <= f.until + "-99")
    return terms


def _count(conn: Connection, query: Select[Any]) -> int:
    return int(conn.execute(select(func.count()).select_from(query.subquery())).scalar() or 0)


def deals(conn: Connection, filters: DealFilters = DealFilters(), limit: int | None = None,
          offset: int = 0) -> tuple[list[Deal], int]:
    """The deals matching ``filters`` in their order, and how many match in all."""
    f = filters.resolved(conn)
    d = t.deals
    query = select(d).where(and_(*_terms(f, d)))
    if f.sort is Sort.RECENT:
        order: tuple[Any, ...] = (d.c.last_date.desc().nulls_last(), d.c.id)
    else:
        order = (_largest(d).desc().nulls_last(), d.c.last_date.desc().nulls_last(), d.c.id)
    page = query.order_by(*order).offset(offset)
    if limit is not None:
        page = page.limit(limit)
    rows = [_deal(r) for r in conn.execute(page)]
    total = len(rows) + offset if limit is None else _count(conn, query)
    return rows, total


def deal(conn: Connection, deal_id: int) -> DealHistory:
    """One deal with its claims in timeline order and its conflicts; NotFound if absent."""
    row = conn.execute(select(t.deals).where(t.deals.c.id == deal_id)).first()
    if row is None:
        raise NotFound("no such deal", input=str(deal_id))
    return histories(conn, [row])[0]


def timeline(conn: Connection, org: str, other: str | None = None) -> list[DealHistory]:
    """The deals between ``org`` and ``other`` (or ``org`` and anyone), earliest first,
    each with its claims in timeline order and its conflicts."""
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
    return histories(conn, rows)


def all_histories(conn: Connection) -> Iterator[DealHistory]:
    """Every deal with its history, by id, a hundred at a time (memory stays flat)."""
    d = t.deals
    ids = [r.id for r in conn.execute(select(d.c.id).where(d.c.claims > 0).order_by(d.c.id))]
    for start in range(0, len(ids), 100):
        rows = conn.execute(select(d).where(d.c.id.in_(ids[start:start + 100]))
                            .order_by(d.c.id)).all()
        yield from histories(conn, rows)


# -- claims --------------------------------------------------------------------------


def _claims_select() -> Select[Any]:
    c, doc, link = t.claims, t.documents, t.document_links
    return (select(c, doc.c.key.label("document_key"), doc.c.title.label("document_title"),
                   doc.c.url.label("document_url"), doc.c.published.label("document_published"),
                   doc.c.copy_of.label("document_copy_of"), link.c.relation.label("relation"))
            .join(doc, doc.c.id == c.c.document_id)
            .outerjoin(link, link.c.document_id == doc.c.id))


def _claim(r: Any) -> Claim:
    published = r.document_published.isoformat() if r.document_published else None
    date, dated_by = (r.date, "claim") if r.date else (published, "article" if published else None)
    return Claim(
        id=r.id, deal_id=r.deal_id, document_id=r.document_id, investor=r.investor or None,
        target=r.target or None, kind=r.kind, status=r.status, min=r.minimum, max=r.maximum,
        currency=r.currency, usd_min=r.usd_min, usd_max=r.usd_max, shared=bool(r.shared),
        per_share=r.per_share,
        valuation=r.valuation, date=date, date_precision=precision(date),
        dated_by=dated_by, source=r.source, source_kind=r.source_kind,
        document=r.document_key, title=r.document_title, url=r.document_url,
        published=published, quote=r.quote, evidence_start=r.evidence_start,
        evidence_end=r.evidence_end, cue=r.cue, position=r.position, relation=r.relation,
        counted=r.document_copy_of is None)


def claims(conn: Connection, filters: DealFilters = DealFilters(), limit: int = 50,
           offset: int = 0) -> tuple[list[Claim], int]:
    """Claims matching ``filters``, newest first, and how many match in all."""
    f = filters.resolved(conn)
    query = _claims_select().where(and_(True, *_terms(f, t.claims)))
    rows = conn.execute(query.order_by(t.claims.c.id.desc()).limit(limit).offset(offset))
    return [_claim(r) for r in rows], _count(conn, query)


def claims_in(conn: Connection, document_id: int) -> list[Claim]:
    """The claims one article makes, in its narrative order."""
    rows = conn.execute(_claims_select().where(t.claims.c.document_id == document_id)
                        .order_by(t.claims.c.position))
    return [_claim(r) for r in rows]


def histories(conn: Connection, rows: Sequence[Any]) -> list[DealHistory]:
    """Deal rows with their claims in timeline order and their conflicts.

    Two queries for all the deals, whatever their number: the busiest
    organisations have hundreds.
    """
    ids = [r.id for r in rows]
    timed = claims_of(conn, ids)
    found = {r.id: _claim(r) for r in conn.execute(
        _claims_select().where(t.claims.c.deal_id.in_(ids)))}
    out = []
    for row in rows:
        ordered = timed.get(row.id, [])
        # The current reading is the one the writer stored; only the conflicts'
        # descriptions are worked out again.
        out.append(DealHistory(_deal(row), [found[x.id] for x in ordered],
                               list(verdict(ordered).conflicts)))
    return out


# -- the home page and the graph -----------------------------------------------------


def latest_claims(conn: Connection, size: int = 10) -> list[Claim]:
    query = _claims_select().order_by(t.documents.c.published.desc().nulls_last(),
                                      t.claims.c.id.desc()).limit(size)
    return [_claim(r) for r in conn.execute(query)]


def disputed(conn: Connection, size: int = 10) -> list[Deal]:
    """Deals whose claims disagree, latest first."""
    d = t.deals
    query = select(d).where(d.c.conflicts > 0, d.c.claims > 0)
    return [_deal(r) for r in conn.execute(query.order_by(d.c.last_date.desc().nulls_last(),
                                                          d.c.id).limit(size))]


def edges(conn: Connection, limit: int = 300) -> list[Deal]:
    """Deals with both parties named, largest first: the graph of who invests in whom."""
    d = t.deals
    query = select(d).where(d.c.investor.is_not(None), d.c.investor != "",
                            d.c.target.is_not(None), d.c.target != "", d.c.claims > 0)
    order = (_largest(d).desc().nulls_last(), d.c.id)
    return [_deal(r) for r in conn.execute(query.order_by(*order).limit(limit))]


def since_day(value: dt.date | None) -> str | None:
    """A date option as the partial-date text the filters take."""
    return value.isoformat() if value else None
