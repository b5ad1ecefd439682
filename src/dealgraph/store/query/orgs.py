"""Organisations: the list, and one organisation's money in and out.

An organisation's deals are listed each with its own range; they are added up
only where that cannot count one sum twice (see :func:`total`): a figure several
investors gave together counts once in what their target received, and gives no
total of what one of them put in (its own part is not known).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, or_, select

from dealgraph.nlp.usd import tidy
from dealgraph.store import tables as t
from dealgraph.store.query.deals import Sort, _deal, _largest, one_per_figure
from dealgraph.store.query.names import resolve_org
from dealgraph.store.query.rows import Counterparty, Deal, Org, OrgSummary, Total
from dealgraph.store.writes import SEP

#: Statuses under which no money moves: such deals are listed, never added up.
NO_MONEY = frozenset({"cancelled", "rejected", "denied"})


def _split(value: str | None) -> list[str]:
    return sorted(filter(None, (value or "").split(SEP)))


def orgs(conn: Connection, limit: int = 50, offset: int = 0) -> tuple[list[OrgSummary], int]:
    """Organisations by name, with how many deals they make and receive."""
    o, d = t.organisations, t.deals
    out_deals = select(func.count()).where(d.c.investor == o.c.name, d.c.claims > 0)
    in_deals = select(func.count()).where(d.c.target == o.c.name, d.c.claims > 0)
    query = select(o.c.name, o.c.key, o.c.category, o.c.tickers,
                   out_deals.scalar_subquery().label("deals_out"),
                   in_deals.scalar_subquery().label("deals_in"))
    rows = conn.execute(query.order_by(o.c.name, o.c.id).limit(limit).offset(offset))
    found = [OrgSummary(name=r.name, key=r.key, category=r.category, tickers=_split(r.tickers),
                        deals_in=r.deals_in, deals_out=r.deals_out) for r in rows]
    total = conn.execute(select(func.count()).select_from(o)).scalar() or 0
    return found, int(total)


def org(conn: Connection, name: str, sort: Sort = Sort.LARGEST) -> Org:
    """The organisation a reader calls ``name``: names, deals each way, totals, counterparties."""
    canonical = resolve_org(conn, name)
    o, d = t.organisations, t.deals
    row = conn.execute(select(o).where(o.c.name == canonical).order_by(o.c.id)).first()
    order: tuple[Any, ...] = ((d.c.last_date.desc().nulls_last(), d.c.id) if sort is Sort.RECENT
                              else (_largest(d).desc().nulls_last(), d.c.id))
    money_in: list[Deal] = []
    money_out: list[Deal] = []
    for r in conn.execute(select(d).where(or_(d.c.investor == canonical, d.c.target == canonical),
                                          d.c.claims > 0).order_by(*order)):
        (money_in if r.target == canonical else money_out).append(_deal(r))
    counts: dict[str | None, int] = {}
    for deal in money_in:
        counts[deal.investor] = counts.get(deal.investor, 0) + 1
    for deal in money_out:
        counts[deal.target] = counts.get(deal.target, 0) + 1
    parties = [Counterparty(n, k) for n, k in sorted(counts.items(),
                                                     key=lambda x: (x[0] is None, x[0] or ""))]
    return Org(name=canonical, key=row.key if row else canonical,
               category=row.category if row else None,
               aliases=_split(row.aliases) if row else [],
               tickers=_split(row.tickers) if row else [],
               money_in=money_in, money_out=money_out,
               total_in=total(money_in), total_out=total(money_out, investor=canonical),
               counterparties=parties)


def total(deals: list[Deal], investor: str | None = None) -> Total:
    """The deals' amounts added up in US dollars, when no two can be the same money.

    Cancelled, rejected and denied deals move no money and are left out. The
    others' ranges are added only if pairwise disjoint: "up to $100B" and "$50B"
    overlap (the fifty may be part of the hundred), so no total is given and each
    deal keeps its own range. An amount in a currency without a rate counts as
    unknown, and then no total is given either.

    A figure several investors gave together counts once, however many of them
    the list holds. What ``investor`` (the organisation whose money goes out) put
    in is not known when one of its figures is shared: no total, reason ``shared``.
    """
    counted = [x for x in one_per_figure(deals) if x.status not in NO_MONEY and _stated(x)]
    if not counted:
        return Total(None, None, None, 0, "no_amount")
    if investor is not None and any(x.shared and x.investor == investor for x in counted):
        return Total(None, None, None, len(counted), "shared")
    spans = [_span(x) for x in counted]
    if any(s is None for s in spans):
        return Total(None, None, None, len(counted), "currencies")
    known = sorted(s for s in spans if s is not None)
    for (_, hi), (lo, _) in zip(known, known[1:], strict=False):
        if lo <= hi:
            return Total(None, None, "USD", len(known), "overlap")
    return Total(rounded_sum(lo for lo, _ in known), rounded_sum(hi for _, hi in known), "USD",
                 len(known))


def _stated(deal: Deal) -> bool:
    return deal.min is not None or deal.max is not None


def _span(deal: Deal) -> tuple[float, float] | None:
    """The deal's amount in US dollars as a closed interval ("up to X" starts at zero)."""
    if deal.usd_max is None and deal.usd_min is None:
        return None
    lo = deal.usd_min if deal.usd_min is not None else 0.0
    hi = deal.usd_max if deal.usd_max is not None else lo
    return (lo, hi)


def rounded_sum(values: Iterable[float]) -> float:
    """A sum without the float noise of adding ("0.1 + 0.2")."""
    return float(tidy(sum(values)) or 0.0)
