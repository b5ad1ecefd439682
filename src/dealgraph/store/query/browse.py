"""The deals list a reader browses: the query layer's filters, plus the language of the
sources, sorting by date, amount or number of sources in either direction, and a page
with the total count.

Built on :mod:`dealgraph.store.query.deals` (same filters, same organisation
resolution, same rows), so that the page, its CSV and JSON downloads and the API
agree on what a filter means.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, and_, exists, func, select

from dealgraph.store import tables as t
from dealgraph.store.query.deals import DealFilters, _deal, _largest, _terms
from dealgraph.store.query.rows import Deal


class BrowseOrder(StrEnum):
    """What the deals list is sorted by."""

    DATE = "date"  # latest date a claim gives
    AMOUNT = "amount"  # the larger bound of the current amount
    SOURCES = "sources"  # distinct articles with a claim on the deal


@dataclass(frozen=True, slots=True)
class Browsed:
    """One page of deals, each with its number of sources, and how many match in all."""

    deals: list[Deal]
    sources: dict[int, int]
    total: int


def _sources() -> Any:
    c = t.claims
    return (select(func.count(func.distinct(c.c.document_id)))
            .where(c.c.deal_id == t.deals.c.id).correlate(t.deals).scalar_subquery())


def browse_deals(conn: Connection, filters: DealFilters, *, language: str | None = None,
                 max_usd: float | None = None,
                 order: BrowseOrder = BrowseOrder.DATE, descending: bool = True,
                 limit: int = 50, offset: int = 0) -> Browsed:
    """The deals matching ``filters`` (and, with ``language``, told by at least one
    article in that language), sorted by ``order``, ``limit`` of them from ``offset``.

    ``filters.min_amount`` and ``max_usd`` bound the amount in US dollars: a deal
    is kept when its interval can reach the range (its upper bound is at least the
    minimum, its lower bound at most the maximum); a deal without amount is not.
    """
    f = filters.resolved(conn)
    d, c, doc = t.deals, t.claims, t.documents
    terms = _terms(f, d)
    if language:
        terms.append(exists(select(c.c.id).join(doc, doc.c.id == c.c.document_id)
                            .where(c.c.deal_id == d.c.id, doc.c.language == language)))
    if max_usd is not None:
        terms.append(func.coalesce(d.c.usd_min, d.c.usd_max) <= max_usd)
    sources = _sources().label("sources")
    query = select(d, sources).where(and_(*terms))
    key: Any = {BrowseOrder.DATE: d.c.last_date, BrowseOrder.AMOUNT: _largest(d),
                BrowseOrder.SOURCES: sources}[order]
    ranked = (key.desc().nulls_last() if descending else key.asc().nulls_last())
    rows = list(conn.execute(query.order_by(ranked, d.c.id).limit(limit).offset(offset)))
    total = int(conn.execute(select(func.count()).select_from(
        select(d.c.id).where(and_(*terms)).subquery())).scalar() or 0)
    return Browsed([_deal(r) for r in rows], {r.id: int(r.sources or 0) for r in rows}, total)


def source_languages(conn: Connection) -> list[str]:
    """The languages of the stored articles, for the list's language filter."""
    doc = t.documents
    return [r[0] for r in conn.execute(select(doc.c.language).where(doc.c.language.is_not(None))
                                       .distinct().order_by(doc.c.language))]
