"""A deal's story on a time axis, laid out on the server so the page reads without script.

Each claim is placed at its date on a true time scale. A date known only to the
month or the year is drawn as a span over the days it may denote, never as one
day it does not name. A claim with an amount stands at that amount, its interval
(``min``–``max``) drawn as a vertical bar; a claim without an amount is a marker
on a row under the axis rather than a point at zero. Status is the colour (a CSS
class per status) and each mark carries its source and date in a tooltip and
links to its sentence. Marks that would overlap are put on separate lanes.

Pure layout: it takes the claims and a :class:`~dealgraph.wording.Wording` and
returns numbers and strings the ``_timeline.html`` template writes out as SVG.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from dealgraph.wording import Wording

WIDTH, HEIGHT = 760, 320
LEFT, RIGHT, TOP = 78, 24, 18
PLOT_BOTTOM = 210  # the time axis
LANE = 14  # height of one row of amount-less markers under the axis


@dataclass(frozen=True, slots=True)
class Span:
    """The days a partial date may denote, as ordinal day numbers (inclusive)."""

    first: int
    last: int

    @property
    def middle(self) -> float:
        return (self.first + self.last) / 2


def date_span(text: str | None) -> Span | None:
    """``2026`` → the whole year, ``2026-03`` → March, ``2026-03-05`` → that day."""
    if not text:
        return None
    parts = str(text)[:10].split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return Span(dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal())
        month = int(parts[1])
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return Span(dt.date(year, month, 1).toordinal(), dt.date(year, month, last).toordinal())
        day = dt.date(year, month, int(parts[2])).toordinal()
        return Span(day, day)
    except (ValueError, IndexError):
        return None


def _field(claim: Any, name: str) -> Any:
    return claim.get(name) if isinstance(claim, dict) else getattr(claim, name, None)


def _ticks(first: int, last: int, words: Wording) -> list[tuple[int, str]]:
    """Up to about six dates on the axis: years, quarters' months or days as the range asks."""
    start, end = dt.date.fromordinal(first), dt.date.fromordinal(last)
    days = last - first
    out: list[tuple[int, str]] = []
    if days > 3 * 365:
        step = max(1, math.ceil((end.year - start.year + 1) / 6))
        for year in range(start.year, end.year + 1, step):
            day = dt.date(year, 1, 1).toordinal()
            if first <= day <= last:
                out.append((day, str(year)))
    elif days > 60:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        step = max(1, math.ceil(months / 6))
        y, m = start.year, start.month
        for i in range(0, months + 1, step):
            yy, mm = y + (m - 1 + i) // 12, (m - 1 + i) % 12 + 1
            day = dt.date(yy, mm, 1).toordinal()
            if first <= day <= last:
                out.append((day, words.date(f"{yy}-{mm:02d}")))
    else:
        step = max(1, math.ceil((days + 1) / 6))
        for day in range(first, last + 1, step):
            out.append((day, words.date(dt.date.fromordinal(day).isoformat())))
    return out


def _lanes(intervals: list[tuple[float, float]], gap: float = 10.0) -> list[int]:
    """A lane per interval so that no two in one lane overlap (first fit, in order)."""
    ends: list[float] = []
    lanes = []
    for left, right in intervals:
        for lane, end in enumerate(ends):
            if left > end + gap:
                ends[lane] = right
                lanes.append(lane)
                break
        else:
            ends.append(right)
            lanes.append(len(ends) - 1)
    return lanes


def layout(claims: list[Any], words: Wording) -> dict[str, Any]:
    """The marks, axes and legend of the time axis of ``claims`` (timeline order)."""
    placed = [(i, c, date_span(_field(c, "date"))) for i, c in enumerate(claims)]
    dated = [(i, c, s) for i, c, s in placed if s is not None]
    undated = [(i, c) for i, c, s in placed if s is None]
    if dated:
        first = min(s.first for _, _, s in dated)
        last = max(s.last for _, _, s in dated)
    else:
        first = last = dt.date.today().toordinal()
    pad = max(10, (last - first) // 25)
    first, last = first - pad, last + pad

    def x(day: float) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - first) / max(1, last - first), 1)

    amounts = [v for _, c, _ in dated for v in (_field(c, "min"), _field(c, "max")) if v]
    top_amount = max(amounts) * 1.12 if amounts else 1.0

    def y(value: float) -> float:
        return round(PLOT_BOTTOM - (PLOT_BOTTOM - TOP) * value / top_amount, 1)

    marks: list[dict[str, Any]] = []
    bare: list[tuple[int, Any, Span]] = []
    for i, c, s in dated:
        low, high = _field(c, "min"), _field(c, "max")
        if not (low or high):
            bare.append((i, c, s))
            continue
        low = low or 0.0
        high = high or low
        marks.append(_mark(i, c, words, x1=x(s.first), x2=x(s.last + 1 if s.last > s.first else s.last),
                           cx=x(s.middle), cy=y(high), y_low=y(low), y_high=y(high),
                           with_amount=True))
    spans = [(x(s.first) - 6, x(s.last) + 6) for _, _, s in bare]
    for (i, c, s), lane in zip(bare, _lanes(spans), strict=True):
        row = PLOT_BOTTOM + 14 + lane * LANE
        marks.append(_mark(i, c, words, x1=x(s.first), x2=x(s.last + 1 if s.last > s.first else s.last),
                           cx=x(s.middle), cy=row, y_low=row, y_high=row, with_amount=False))
    lanes = 1 + max((m["cy"] - PLOT_BOTTOM - 14) // LANE for m in marks if not m["with_amount"]) \
        if any(not m["with_amount"] for m in marks) else 0
    axis_labels = PLOT_BOTTOM + 14 + int(lanes) * LANE + 16
    height = axis_labels + 12
    currency = next((_field(c, "currency") for _, c, _ in dated if _field(c, "currency")), None)
    grid = [{"y": y(top_amount / 1.12 * f), "label": words.amount(top_amount / 1.12 * f, currency)}
            for f in (0.5, 1.0)] if amounts else []
    ticks = [{"x": x(day), "label": label} for day, label in _ticks(first, last, words)]
    statuses = sorted({str(_field(c, "status")) for c in claims})
    return {"width": WIDTH, "height": height, "left": LEFT, "right": WIDTH - RIGHT,
            "top": TOP, "axis": PLOT_BOTTOM, "labels_y": axis_labels, "marks": marks,
            "grid": grid, "ticks": ticks, "undated": [_undated(i, c, words) for i, c in undated],
            "legend": [{"status": s, "name": words.status(s)} for s in statuses],
            "has_bare": lanes > 0}


def _mark(index: int, claim: Any, words: Wording, **geometry: Any) -> dict[str, Any]:
    status = str(_field(claim, "status"))
    date = _field(claim, "date")
    by_article = _field(claim, "dated_by") == "article"
    when = words.date(date) + (" *" if by_article else "")
    amount = words.amount_range(_field(claim, "min"), _field(claim, "max"), _field(claim, "currency"))
    source = (words.source(_field(claim, "source"), _field(claim, "source_kind"))
              or words.text("the_article"))
    tip = f"{when} · {words.status(status)} · {amount} · {source}"
    title = _field(claim, "title")
    if title:
        tip += f" · {title}"
    return {"index": index, "id": _field(claim, "id"), "status": status, "tip": tip,
            "href": f"/documents/{_field(claim, 'document_id')}#claim-{_field(claim, 'id')}",
            "span": geometry["x2"] - geometry["x1"] >= 3, **geometry}


def _undated(index: int, claim: Any, words: Wording) -> dict[str, Any]:
    return _mark(index, claim, words, x1=0, x2=0, cx=0, cy=0, y_low=0, y_high=0, with_amount=False)
