"""Rewrites: an article that retells another article's story in its own words.

A rewrite shares too few word sequences to be a near copy, but it tells the
same deals with the same amounts and sources, after its origin. The score
weighs what two articles share, each part as an overlap coefficient
(shared / the smaller set) so that a long rewrite padded with background does
not dilute what it took from a short wire: deals 0.4, amounts 0.35, sources 0.25.
Sharing only the deal is not enough (0.4): a denial or a later update of the
same deal is news of its own, not a retelling.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

#: Two articles sharing a deal and most of its amounts or sources score above
#: this; two articles merely naming the same famous pair score below it.
DERIVED_THRESHOLD = 0.55

DealKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class StoryFacts:
    """What an article says, reduced to what two tellings of one story share."""

    id: int
    published: dt.date | None  # the publication date or its estimate
    dated: bool  # whether the publication date is known, not estimated
    deals: frozenset[DealKey]
    amounts: frozenset[float]  # the bounds of its deal amounts, rounded
    sources: frozenset[str]  # the casefolded names its claims cite

    def order_key(self) -> tuple[dt.date, int, int]:
        """Earlier first; an undated article comes after a dated one of the same day."""
        return (self.published or dt.date.max, 0 if self.dated else 1, self.id)


def _overlap(a: frozenset[object], b: frozenset[object]) -> float | None:
    if not a and not b:
        return None
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def story_overlap(a: StoryFacts, b: StoryFacts) -> float:
    """How much of one story the two articles share, in [0, 1]; 0 without a common deal.

    A part that both sides lack (no amounts in either) is left out and the other
    weights scaled up; a part only one side has counts as nothing shared.
    """
    deals = _overlap(a.deals, b.deals)
    if not deals:
        return 0.0
    parts = [(0.4, deals), (0.35, _overlap(a.amounts, b.amounts)),
             (0.25, _overlap(a.sources, b.sources))]
    counted = [(w, v) for w, v in parts if v is not None]
    return sum(w * v for w, v in counted) / sum(w for w, _ in counted)


def likely_origin(article: StoryFacts, candidates: Iterable[StoryFacts],
                  threshold: float = DERIVED_THRESHOLD) -> tuple[int, float] | None:
    """The earlier article ``article`` most likely retells, with its score, or ``None``.

    Only candidates that come before it (:meth:`StoryFacts.order_key`) can be an origin;
    of two that score the same, the earlier is, so that the choice does not depend
    on the order the candidates are listed (or were stored) in.
    """
    best: tuple[StoryFacts, float] | None = None
    for other in candidates:
        if other.id == article.id or other.order_key() >= article.order_key():
            continue
        score = story_overlap(article, other)
        if score < threshold:
            continue
        if best is None or (-score, other.order_key()) < (-best[1], best[0].order_key()):
            best = (other, score)
    return (best[0].id, best[1]) if best is not None else None


def amount_marks(bounds: Iterable[float | None]) -> frozenset[float]:
    """Amounts rounded to 2 significant digits, so 1e11 and 100,000,000,000.0 match."""
    return frozenset(float(f"{b:.2g}") for b in bounds if b)
