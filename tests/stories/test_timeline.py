"""Timeline order with partial and missing dates, and the place in the story."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dealgraph.stories.timeline import TimedClaim, estimated_publication, order, precision


def claim(i: int, date: str | None, published: str | None = None, place: int = 0,
          position: int = 0, doc: int = 1) -> TimedClaim:
    return TimedClaim(id=i, document_id=doc, status="announced", source=None, source_kind=None,
                      date=date, published=dt.date.fromisoformat(published) if published
                      else None, position=position, story_place=place)


@pytest.mark.parametrize(("dates", "expected"), [
    # a month sorts at its last day, after the precise days it may contain
    (["2026-01", "2026-01-30", "2025-09"], ["2025-09", "2026-01-30", "2026-01"]),
    # a year sorts at 31 December
    (["2025", "2025-12-30", "2026-01-01"], ["2025-12-30", "2025", "2026-01-01"]),
    (["2019", "2025-09"], ["2019", "2025-09"]),
])
def test_partial_dates_sort_by_latest_day(dates: list[str], expected: list[str]) -> None:
    ordered = order(claim(i, d) for i, d in enumerate(dates))
    assert [c.date for c in ordered] == expected


def test_missing_date_takes_publication_then_goes_last() -> None:
    ordered = order([claim(1, None), claim(2, None, "2026-01-31"), claim(3, "2026-02-01")])
    assert [c.id for c in ordered] == [2, 3, 1]


def test_derived_article_comes_after_its_origin_on_the_same_date() -> None:
    origin = claim(1, "2026-01", "2026-01-31", place=0, doc=2)
    rewrite = claim(2, "2026-01", "2026-01-31", place=1, doc=1)
    assert [c.id for c in order([rewrite, origin])] == [1, 2]


def test_narrative_order_within_one_article() -> None:
    # "quelques heures plus tard": same date, later in the story
    later, first = claim(1, "2026-01", position=5), claim(2, "2026-01", position=2)
    assert [c.id for c in order([later, first])] == [2, 1]


@pytest.mark.parametrize(("date", "expected"), [
    ("2026", "year"), ("2026-01", "month"), ("2026-01-30", "day"), (None, None)])
def test_precision_is_shown(date: str | None, expected: str | None) -> None:
    assert precision(date) == expected


def test_estimated_publication_ignores_bare_years() -> None:
    assert estimated_publication(None, ["2026", "2026-01", None]) == dt.date(2026, 1, 31)
    assert estimated_publication(None, ["2026"]) is None
    assert estimated_publication(dt.date(2026, 2, 2), ["2026-05"]) == dt.date(2026, 2, 2)


partial = st.dates(dt.date(1980, 1, 1), dt.date(2040, 12, 31)).flatmap(
    lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]]))


@given(st.lists(st.one_of(st.none(), partial), max_size=12))
def test_order_is_a_sorted_permutation(dates: list[str | None]) -> None:
    claims = [claim(i, d, "2041-01-01" if i % 2 else None) for i, d in enumerate(dates)]
    ordered = order(claims)
    assert sorted(c.id for c in ordered) == list(range(len(dates)))
    assert all(a.latest <= b.latest for a, b in zip(ordered, ordered[1:], strict=False))
    assert order(reversed(claims)) == ordered
