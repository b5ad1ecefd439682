"""Ordering the claims of one deal across articles, with partial or missing dates.

A claim's date may be a day, a month or a year, or absent. Claims are ordered by
the latest day each date can denote ("2026-01" sorts as 2026-01-31, "2025" as
2025-12-31: a vague date never jumps ahead of a precise one inside its span),
a missing date standing in for the article's publication date. Ties go to the
place in the story: an article derived from another comes after it, and within
one article the narrative order holds ("quelques heures plus tard").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dealgraph.records import PartialDate

NEVER = dt.date.max


@dataclass(frozen=True, slots=True)
class TimedClaim:
    """A stored claim with what ordering and weighing need to know about its article."""

    id: int
    document_id: int
    status: str
    source: str | None
    source_kind: str | None
    date: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    published: dt.date | None  # the article's publication date, or its best estimate
    min: float | None = None
    max: float | None = None
    currency: str | None = None
    shared: bool = False  # the amount is several investors' together
    position: int = 0
    story_place: int = 0  # 0 for an original article, 1 + its origin's place if derived
    copy: bool = False  # the article reprints another: its claims add no weight

    @property
    def partial_date(self) -> PartialDate | None:
        return PartialDate.parse(self.date) if self.date else None

    @property
    def latest(self) -> dt.date:
        """The last day the claim's event can have happened on (its date, else its article's)."""
        partial = self.partial_date
        if partial is not None:
            return partial.latest()
        return self.published or NEVER

    @property
    def as_of(self) -> dt.date:
        """When the claim was current: its date, but never after its article appeared.

        "en 2026" in an article of January 2026 counts as January, not December.
        """
        if self.published is not None:
            return min(self.latest, self.published)
        return self.latest

    @property
    def has_amount(self) -> bool:
        return self.min is not None or self.max is not None


def timeline_key(claim: TimedClaim) -> tuple[dt.date, int, dt.date, int, int, int]:
    """The sort key of :func:`order`: latest event date, story place, publication, narrative."""
    return (claim.latest, claim.story_place, claim.published or NEVER, claim.document_id,
            claim.position, claim.id)


def order(claims: Iterable[TimedClaim]) -> list[TimedClaim]:
    """The claims of one deal in timeline order (see the module docstring)."""
    return sorted(claims, key=timeline_key)


def precision(date: str | None) -> str | None:
    """``day``, ``month`` or ``year`` for a stored date, ``None`` when there is none."""
    return PartialDate.parse(date).precision.value if date else None


def estimated_publication(published: dt.date | None,
                          claim_dates: Iterable[str | None]) -> dt.date | None:
    """The publication date, else the end of the latest month the article's claims name.

    An undated article is written after the events it dates; a bare year is left
    out because it is as often a forecast ("d'ici 2026") as a past event.
    """
    if published is not None:
        return published
    named = [PartialDate.parse(d) for d in claim_dates if d and len(d) >= 7]
    if not named:
        return None
    return max(p.latest() for p in named)
