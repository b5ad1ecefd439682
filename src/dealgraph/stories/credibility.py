"""Which claims to believe: independent claims, the current status and amount, conflicts.

Independence. A reprint adds no evidence, and neither does an article that
retells another: a claim of a derived article that says what an earlier article
already said (the same status, an amount that fits) is left out of the weighing.
It still shows in the timeline.

The current reading. The independent claims are walked in timeline order and a
claim takes over from the one standing when it is at least as credible (a
party's own word, then a named publication, another named organisation or
person, unnamed sources, analysts, the article's own voice). A less credible
claim takes over only when the standing one has gone stale (more than
:data:`RECENT` older) and the newcomer moves the story on rather than back; a
settled outcome (completed, cancelled) stated by a party or a publication is
never undone by a weaker voice. Within one report (one article, one source) a
turn of events (stalled, denied, completed...) is its news and outlasts the
details told around it ("the talks now bear on tens of billions").

Conflicts. Two independent claims disagree when they come from different
sources, were current within :data:`RECENT` of each other, and either give
statuses that cannot hold together (stalled and confirmed, denied and in talks)
or amounts in one currency that do not overlap. Each disagreement is kept once,
however many articles repeat it, as "A says X; B says Y".

Shared figures. A figure given for several investors together ("A, B and C
together will put up to $60B into D") is not the investor's own: the verdict says
so (``shared``) when it is the current amount, a conflict describes it as shared,
and it bounds the investor's own figure from above rather than contradicting it
("A puts in $20B" fits inside the $60B).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from dealgraph.records import DealStatus, SourceKind
from dealgraph.stories.timeline import TimedClaim, order, timeline_key

RANK: dict[SourceKind, int] = {
    SourceKind.PARTY: 0,
    SourceKind.PUBLICATION: 1,
    SourceKind.ORGANISATION: 2,
    SourceKind.PERSON: 3,
    SourceKind.UNNAMED: 4,
    SourceKind.ANALYSTS: 5,
    SourceKind.NONE: 6,
}
#: Claims this close to each other are news of one moment: a month covers a story's
#: news cycle (report, reaction, denial) without reviving last year's status.
RECENT = dt.timedelta(days=31)

#: Statuses that turn a deal's course: news on their own, whatever was said before.
TURNS = frozenset({DealStatus.STALLED, DealStatus.REJECTED, DealStatus.DENIED,
                   DealStatus.CANCELLED, DealStatus.COMPLETED})
#: Outcomes that stand until a voice at least as credible says otherwise.
SETTLED = frozenset({DealStatus.COMPLETED, DealStatus.CANCELLED})
#: The stages of a deal under way, in the order it goes through them.
STAGES: dict[DealStatus, int] = {
    DealStatus.RUMORED: 0, DealStatus.IN_TALKS: 1, DealStatus.PLANNED: 1,
    DealStatus.ANNOUNCED: 2, DealStatus.CONFIRMED: 3, DealStatus.UNDER_REVIEW: 4,
    DealStatus.COMPLETED: 5,
}
_UNDER_WAY = frozenset({DealStatus.RUMORED, DealStatus.IN_TALKS, DealStatus.PLANNED,
                        DealStatus.ANNOUNCED, DealStatus.CONFIRMED, DealStatus.UNDER_REVIEW})
#: Statuses that cannot both be true of one deal at one time. "Stalled" and "in
#: talks" can (talks go on over a stuck deal), "announced" and "completed" follow
#: each other; "denied" contradicts any report that the deal is on.
CONTRADICT: dict[DealStatus, frozenset[DealStatus]] = {
    DealStatus.DENIED: _UNDER_WAY | {DealStatus.COMPLETED},
    DealStatus.CANCELLED: _UNDER_WAY | {DealStatus.COMPLETED},
    DealStatus.STALLED: frozenset({DealStatus.ANNOUNCED, DealStatus.CONFIRMED,
                                   DealStatus.COMPLETED}),
    DealStatus.REJECTED: frozenset({DealStatus.CONFIRMED, DealStatus.COMPLETED}),
    DealStatus.COMPLETED: frozenset({DealStatus.RUMORED, DealStatus.IN_TALKS,
                                     DealStatus.PLANNED, DealStatus.UNDER_REVIEW}),
}


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
    shared: bool = False  # the current amount is several investors' together


def _status(claim: TimedClaim) -> DealStatus | None:
    try:
        return DealStatus(claim.status)
    except ValueError:
        return None


def _kind(claim: TimedClaim) -> SourceKind:
    try:
        return SourceKind(claim.source_kind or SourceKind.NONE)
    except ValueError:
        return SourceKind.NONE


def rank(claim: TimedClaim) -> int:
    """0 for the most credible kind of source; unknown kinds count as unattributed."""
    return RANK[_kind(claim)]


def _source(claim: TimedClaim) -> str:
    return (claim.source or "").casefold()


def _overlap(a: TimedClaim, b: TimedClaim) -> bool:
    """Whether two amounts can both be right (no amount on either side fits anything)."""
    return not (a.has_amount and b.has_amount) or not _disjoint(a, b)


def weighted(claims: Sequence[TimedClaim]) -> list[TimedClaim]:
    """The independent claims: not from a copy, not a retelling of an earlier article.

    A repeat is a claim that an earlier article already made: the same status and
    source, or, in an article derived from another, the same status with an amount
    that fits (a rewrite names its source more loosely: "selon leurs sources").
    """
    kept: list[TimedClaim] = []
    for claim in order(claims):
        if claim.copy:
            continue
        earlier = [k for k in kept if k.document_id != claim.document_id]
        if any(k.status == claim.status and k.min == claim.min and k.max == claim.max
               and k.currency == claim.currency and k.shared == claim.shared
               and _source(k) == _source(claim) for k in earlier):
            continue
        if claim.story_place > 0 and any(k.status == claim.status and _overlap(k, claim)
                                         for k in earlier):
            continue
        kept.append(claim)
    return kept


def _same_report(a: TimedClaim, b: TimedClaim) -> bool:
    return a.document_id == b.document_id and _source(a) == _source(b)


def _moves_on(new: TimedClaim, old: TimedClaim) -> bool:
    """Whether ``new`` tells something past ``old`` rather than an earlier stage of it."""
    new_status, old_status = _status(new), _status(old)
    if new_status in TURNS or old_status not in STAGES or new_status not in STAGES:
        return True
    return STAGES[new_status] >= STAGES[old_status]


def supersedes(new: TimedClaim, old: TimedClaim, amounts: bool = False) -> bool:
    """Whether ``new``, told after ``old``, replaces it as the deal's current reading
    (of its amount, with ``amounts``: a report's latest figure is its figure)."""
    if (not amounts and _same_report(new, old) and _status(old) in TURNS
            and _status(new) not in TURNS):
        return False  # the report's news is its turn, the rest is detail
    if rank(new) <= rank(old):
        return True
    if _status(old) in SETTLED and rank(old) <= RANK[SourceKind.PUBLICATION]:
        return False
    return new.as_of - old.as_of > RECENT and _moves_on(new, old)


def current(claims: Sequence[TimedClaim], amounts: bool = False) -> TimedClaim | None:
    """The claim that gives the deal's current status (or amount, with ``amounts``)."""
    standing: TimedClaim | None = None
    for claim in sorted(claims, key=lambda c: (c.as_of, timeline_key(c))):
        if standing is None or supersedes(claim, standing, amounts):
            standing = claim
    return standing


def verdict(claims: Sequence[TimedClaim]) -> Verdict:
    """Current status and amount from the independent claims, and every real conflict."""
    counted = weighted(claims) or list(claims)
    status_claim = current(counted)
    amount_claim = current([c for c in counted if c.has_amount], amounts=True)
    return Verdict(
        status=status_claim.status if status_claim else None,
        min=amount_claim.min if amount_claim else None,
        max=amount_claim.max if amount_claim else None,
        currency=amount_claim.currency if amount_claim else None,
        status_claim=status_claim.id if status_claim else None,
        amount_claim=amount_claim.id if amount_claim else None,
        conflicts=tuple(conflicts(counted)),
        shared=bool(amount_claim and amount_claim.shared),
    )


def contradict(a: TimedClaim, b: TimedClaim) -> bool:
    """Whether the statuses of ``a`` and ``b`` cannot both hold at once."""
    x, y = _status(a), _status(b)
    if x is None or y is None:
        return False
    return y in CONTRADICT.get(x, frozenset()) or x in CONTRADICT.get(y, frozenset())


def _disjoint(a: TimedClaim, b: TimedClaim) -> bool:
    if not (a.has_amount and b.has_amount) or a.currency != b.currency:
        return False
    a_lo, a_hi = a.min or 0.0, a.max if a.max is not None else float("inf")
    b_lo, b_hi = b.min or 0.0, b.max if b.max is not None else float("inf")
    if a.shared != b.shared:
        # one investor's own part of a figure given for several is anything up to it
        own_lo = b_lo if a.shared else a_lo
        return own_lo > (a_hi if a.shared else b_hi)
    return a_hi < b_lo or b_hi < a_lo


def _who(c: TimedClaim) -> str:
    """Who says it, with the verb: "Reuters says", "analysts say"."""
    plural = _kind(c) in (SourceKind.ANALYSTS, SourceKind.UNNAMED)
    return f"{c.source or 'the article'} {'say' if plural else 'says'}"


def _when(c: TimedClaim) -> str:
    return c.date or (c.published.isoformat() if c.published else "undated")


def conflicts(claims: Sequence[TimedClaim]) -> list[Conflict]:
    """The real disagreements among ``claims``, each once (see the module docstring).

    One source that changes its mind gives an update, not a conflict. A
    disagreement repeated (the same two sources saying the same two things) is
    kept once, with its earliest pair of claims.
    """
    found: list[Conflict] = []
    seen: set[frozenset[tuple[str, str]]] = set()
    # Sorted by when each claim was current, the pairs to compare are a sliding
    # window: a deal told by thousands of articles stays cheap to check.
    ordered = sorted(claims, key=lambda c: (c.as_of, timeline_key(c)))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b.as_of - a.as_of > RECENT:
                break
            if _source(a) == _source(b):
                continue
            if contradict(a, b):
                kind, says_a, says_b = "status", a.status, b.status
            elif _disjoint(a, b):
                kind, says_a, says_b = "amount", _money(a), _money(b)
            else:
                continue
            key = frozenset({(_source(a), says_a), (_source(b), says_b)})
            if key in seen:
                continue
            seen.add(key)
            found.append({"kind": kind, "claims": [a.id, b.id],
                          "description": f"{_who(a)} {says_a} ({_when(a)}); "
                                         f"{_who(b)} {says_b} ({_when(b)})"})
    return found


def _number(value: float) -> str:
    return f"{value:,.0f}"


def _money(c: TimedClaim) -> str:
    if c.min is not None and c.max is not None:
        figure = _number(c.min) if c.min == c.max else f"{_number(c.min)}-{_number(c.max)}"
    elif c.max is not None:
        figure = f"up to {_number(c.max)}"
    else:
        figure = f"at least {_number(c.min or 0.0)}"
    money = f"{figure} {c.currency or ''}".rstrip()
    return f"{money} (shared)" if c.shared else money


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
