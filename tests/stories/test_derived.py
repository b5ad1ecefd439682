"""Rewrites: same deals, amounts and sources, told later in other words."""

from __future__ import annotations

import datetime as dt

import pytest

from dealgraph.stories.derived import StoryFacts, amount_marks, likely_origin, story_overlap

NV = ("Nvidia", "OpenAI", "investment")
AMZ = ("Amazon", "OpenAI", "investment")
MS = ("Microsoft", "OpenAI", "investment")
ROUND = ("", "OpenAI", "funding_round")


def facts(i: int, day: str | None, deals: set[tuple[str, str, str]], amounts: list[float],
          sources: set[str], dated: bool = True) -> StoryFacts:
    return StoryFacts(i, dt.date.fromisoformat(day) if day else None, dated, frozenset(deals),
                      amount_marks(amounts), frozenset(sources))


WIRE = facts(1, "2026-01-31", {NV, AMZ, ROUND}, [1e11, 2e10, 5e10, 8.3e11],
             {"wall street journal", "reuters"})


@pytest.mark.parametrize(("article", "origin"), [
    # a long rewrite, undated but naming the end of January: retells the wire
    (facts(2, "2026-01-31", {NV, MS, ROUND}, [1e11, 2e10, 1.3e10, 5e10],
           {"wall street journal", "analysts"}, dated=False), 1),
    # the same story a day later in other words
    (facts(3, "2026-02-01", {NV}, [1e11], {"wall street journal"}), 1),
    # a later denial of the same deal: news of its own
    (facts(4, "2026-02-01", {NV}, [], {"nvidia"}), None),
    # a later update with a new amount from a party
    (facts(5, "2026-02-20", {NV}, [3e10], {"nvidia"}), None),
    # an earlier article cannot retell a later one
    (facts(6, "2026-01-20", {NV}, [1e11], {"wall street journal"}), None),
    # a different deal with the same amount
    (facts(7, "2026-02-01", {MS}, [1e11], {"wall street journal"}), None),
])
def test_likely_origin(article: StoryFacts, origin: int | None) -> None:
    found = likely_origin(article, [WIRE])
    assert (found[0] if found else None) == origin


def test_undated_article_comes_after_a_dated_one_of_the_same_day() -> None:
    undated = facts(0, "2026-01-31", {NV}, [1e11], {"wall street journal"}, dated=False)
    assert likely_origin(undated, [WIRE]) is not None
    assert likely_origin(WIRE, [undated]) is None


def test_overlap_is_symmetric_and_bounded() -> None:
    other = facts(3, "2026-02-01", {NV}, [1e11], {"wall street journal"})
    assert story_overlap(WIRE, other) == story_overlap(other, WIRE)
    assert 0.0 <= story_overlap(WIRE, other) <= 1.0
    assert story_overlap(WIRE, facts(9, None, set(), [], set())) == 0.0


def test_amount_marks_round_to_two_digits() -> None:
    assert amount_marks([1e11, 100_000_000_000.4, None, 0.0]) == frozenset({1e11})
