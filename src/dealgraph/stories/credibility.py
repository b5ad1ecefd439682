"""Which claims to believe: source ranking, current status and amount, conflicts.

A party's own statement outranks a named publication, which outranks another
named organisation or person, then unnamed sources, then "analysts", then an
unattributed assertion. Copies add no weight: a claim from a reprint, or one a
derived article merely repeats from its origin, is left out of the weighing
(it still shows in the timeline). Conflicts are never resolved away: every pair
of recent claims that disagree on where the deal stands, or on an amount that
cannot be both, is kept and flagged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from dealgraph.records import SourceKind
from dealgraph.stories.timeline import TimedClaim, order, timeline_key

RANK: dict[str, int] = {
    SourceKind.PARTY.value: 0,
    SourceKind.PUBLICATION.value: 1,
    SourceKind.ORGANISATION.value: 2,
    SourceKind.PERSON.value: 3,
    SourceKind.UNNAMED.value: 4,
    SourceKind.ANALYSTS.value: 5,
    SourceKind.NONE.value: 6,
}
#: Claims this close to the latest one are "recent": a month covers a story's
#: news cycle (report, reaction, denial) without reviving last year's status.
RECENT = dt.timedelta(days=31)

GOING = frozenset({"announced", "confirmed", "completed", "planned", "in_talks"})
NOT_GOING = frozenset({"stalled", "rejected", "denied", "cancelled"})


class Conflict(TypedDict):
    kind: str  # "status" or "amount"
    claims: list[int]
    description: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the ledger says about a deal now, and what it cannot reconcile."""

    status: str | None
    min: float | None
    max: float | None
    currency: str | None
    status_claim: int | None
    amount_claim: int | None
    conflicts: tuple[Conflict, ...]


def rank(claim: TimedClaim) -> int:
    """0 for the most credible kind of source; unknown kinds count as unattributed."""
    return RANK.get(claim.source_kind or SourceKind.NONE.value, RANK[SourceKind.NONE.value])


def weighted(claims: Sequence[TimedClaim]) -> list[TimedClaim]:
    """The claims that count: not from a copy, not a repeat of an earlier claim.

    A repeat has the status, amount and source of a claim already seen in an
    earlier article: a derived article retelling its origin adds no evidence.
    """
    seen: set[tuple[object, ...]] = set()
    kept = []
    for claim in order(claims):
        if claim.copy:
            continue
        signature = (claim.status, claim.min, claim.max, claim.currency,
                     (claim.source or "").casefold())
        if signature in seen:
            continue
        seen.add(signature)
        kept.append(claim)
    return kept


def _best(claims: Sequence[TimedClaim]) -> TimedClaim:
    # Most credible first; among equals, the most recent, then the latest told.
    return min(claims, key=lambda c: (rank(c), -c.as_of.toordinal(), -c.story_place,
                                      -c.position))


def _recent(claims: Sequence[TimedClaim]) -> list[TimedClaim]:
    if not claims:
        return []
    newest = max(c.as_of for c in claims)
    return [c for c in claims if newest - c.as_of <= RECENT]


def verdict(claims: Sequence[TimedClaim]) -> Verdict:
    """Current status and amount from the most credible recent claims, and every conflict."""
    counted = weighted(claims) or list(claims)
    recent = _recent(counted)
    status_claim = _best(recent) if recent else None
    with_amount = [c for c in recent if c.has_amount] or _recent(
        [c for c in counted if c.has_amount])
    amount_claim = _best(with_amount) if with_amount else None
    return Verdict(
        status=status_claim.status if status_claim else None,
        min=amount_claim.min if amount_claim else None,
        max=amount_claim.max if amount_claim else None,
        currency=amount_claim.currency if amount_claim else None,
        status_claim=status_claim.id if status_claim else None,
        amount_claim=amount_claim.id if amount_claim else None,
        conflicts=tuple(conflicts(counted)),
    )


def _describe(c: TimedClaim) -> str:
    when = c.date or (c.published.isoformat() if c.published else "undated")
    return f"{c.source or 'unattributed'}: {c.status} ({when})"


def _disjoint(a: TimedClaim, b: TimedClaim) -> bool:
    if not (a.has_amount and b.has_amount) or a.currency != b.currency:
        return False
    a_lo, a_hi = a.min or 0.0, a.max if a.max is not None else float("inf")
    b_lo, b_hi = b.min or 0.0, b.max if b.max is not None else float("inf")
    return a_hi < b_lo or b_hi < a_lo


def conflicts(claims: Sequence[TimedClaim]) -> list[Conflict]:
    """Pairs of claims within :data:`RECENT` of each other that cannot both be right.

    Status: one says the deal goes ahead, the other that it is stuck or off.
    Amount: two intervals in one currency that do not overlap, from different sources.
    Claims from one source that changes its mind are an update, not a conflict.
    """
    found: list[Conflict] = []
    # Sorted by when each claim was current, the pairs to compare are a sliding
    # window: a deal told by thousands of articles stays cheap to check.
    ordered = sorted(claims, key=lambda c: (c.as_of, timeline_key(c)))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if (b.as_of - a.as_of).days > RECENT.days:
                break
            if (a.source or "").casefold() == (b.source or "").casefold():
                continue
            statuses = {a.status, b.status}
            if statuses & GOING and statuses & NOT_GOING:
                found.append({"kind": "status", "claims": [a.id, b.id],
                              "description": f"{_describe(a)} vs {_describe(b)}"})
            elif _disjoint(a, b):
                found.append({"kind": "amount", "claims": [a.id, b.id],
                              "description": f"{_describe(a)} {_money(a)} vs "
                                             f"{_describe(b)} {_money(b)}"})
    return found


def _money(c: TimedClaim) -> str:
    lo = "" if c.min is None else f"{c.min:,.0f}"
    hi = "" if c.max is None else f"{c.max:,.0f}"
    return f"[{lo}, {hi}] {c.currency or ''}".rstrip()


Step = tuple[float | None, float | None, str | None]


def amount_history(claims: Sequence[TimedClaim]) -> list[Step]:
    """The successive amounts of a deal in timeline order, each change kept once."""
    history: list[Step] = []
    for c in order(claims):
        if c.has_amount:
            step = (c.min, c.max, c.currency)
            if not history or history[-1] != step:
                history.append(step)
    return history
