"""Source ranking, current status and amount, conflicts, and copies adding no weight."""

from __future__ import annotations

import datetime as dt

import pytest

from dealgraph.stories.credibility import (
    amount_history,
    conflicts,
    contradict,
    rank,
    verdict,
    weighted,
)
from dealgraph.stories.timeline import TimedClaim


def c(i: int, status: str, kind: str | None, date: str | None, source: str | None = None,
      lo: float | None = None, hi: float | None = None, copy: bool = False,
      doc: int | None = None, published: str | None = None, place: int = 0,
      position: int = 0) -> TimedClaim:
    return TimedClaim(id=i, document_id=doc or i, status=status, source=source,
                      source_kind=kind, date=date,
                      published=dt.date.fromisoformat(published) if published else None,
                      min=lo, max=hi, currency="USD" if lo or hi else None, copy=copy,
                      story_place=place, position=position)


def nvidia_openai() -> list[TimedClaim]:
    """The seeds' story, by hand: announced, reported stalled, then the CEO says it goes on."""
    return [
        c(1, "announced", "party", "2025-09", "Nvidia", hi=1e11),
        c(2, "stalled", "publication", "2026-01-30", "Wall Street Journal", hi=1e11),
        c(3, "in_talks", "unnamed", "2026-01-30", "people familiar", 2e10, 1e11),
        c(4, "confirmed", "party", "2026-01", "Jensen Huang", published="2026-01-31"),
        c(5, "planned", "analysts", "2026", "analysts", 2e10, 5e10, published="2026-01-31"),
    ]


@pytest.mark.parametrize(("better", "worse"), [
    ("party", "publication"), ("publication", "unnamed"), ("unnamed", "analysts"),
    ("analysts", "none"), ("organisation", "unnamed"), ("publication", None)])
def test_source_ranking(better: str, worse: str | None) -> None:
    assert rank(c(1, "announced", better, "2026")) < rank(c(2, "announced", worse, "2026"))


def test_party_statement_beats_the_report_it_answers() -> None:
    v = verdict(nvidia_openai())
    assert v.status == "confirmed" and v.status_claim == 4
    # the most credible recent amount: the Journal's "tens of billions" beats unnamed/analysts
    assert (v.min, v.max, v.amount_claim) == (None, 1e11, 2)


def test_stalled_against_will_invest_is_flagged() -> None:
    found = conflicts(nvidia_openai())
    assert any(x["kind"] == "status" and set(x["claims"]) == {2, 4} for x in found)
    assert found[0]["description"] == ("Wall Street Journal says stalled (2026-01-30); "
                                       "Jensen Huang says confirmed (2026-01)")
    # the analysts' expectation and the stall can both be true: no conflict
    assert not any(set(x["claims"]) == {2, 5} for x in found)


def test_old_claims_do_not_conflict_with_new_ones() -> None:
    # September's announcement and January's stall are news, not a contradiction
    assert not any(set(x["claims"]) == {1, 2} for x in conflicts(nvidia_openai()))


def test_one_source_changing_its_mind_is_an_update_not_a_conflict() -> None:
    claims = [c(1, "in_talks", "publication", "2026-03-01", "Reuters"),
              c(2, "stalled", "publication", "2026-03-10", "Reuters")]
    assert conflicts(claims) == []
    assert verdict(claims).status == "stalled"


def test_copies_add_no_weight() -> None:
    claims = [c(1, "in_talks", "unnamed", "2026-03-02", "people familiar", hi=5e8),
              *(c(i, "denied", "none", "2026-03-03", None, copy=True) for i in range(2, 7)),
              c(7, "in_talks", "unnamed", "2026-03-02", "people familiar", hi=5e8, doc=9)]
    kept = weighted(claims)
    assert [k.id for k in kept] == [1]  # five reprints and a repeat count for nothing
    assert verdict(claims).status == "in_talks"


def test_amount_conflict_needs_disjoint_intervals() -> None:
    claims = [c(1, "in_talks", "publication", "2026-03-02", "Reuters", 4e8, 5e8),
              c(2, "in_talks", "publication", "2026-03-03", "Bloomberg", 1e9, 2e9),
              c(3, "in_talks", "publication", "2026-03-03", "FT", None, 6e8)]
    found = conflicts(claims)
    assert [(x["kind"], sorted(x["claims"])) for x in found] == [("amount", [1, 2]),
                                                                 ("amount", [2, 3])]


def test_amount_history_keeps_each_change_once() -> None:
    assert amount_history(nvidia_openai()) == [
        (None, 1e11, "USD"), (2e10, 1e11, "USD"), (2e10, 5e10, "USD")]


def test_a_party_completion_is_not_undone_by_a_vaguer_later_mention() -> None:
    claims = [c(1, "completed", "party", "2026-02-10", "Nvidia", hi=2.25e10),
              c(2, "in_talks", "none", None, None, published="2026-05-02"),
              c(3, "rumored", "unnamed", "2026-06-01", "sources", 1e10, 2e10)]
    v = verdict(claims)
    assert (v.status, v.status_claim, v.max, v.amount_claim) == ("completed", 1, 2.25e10, 1)


def test_a_stale_announcement_gives_way_to_a_later_report_of_a_stall() -> None:
    claims = [c(1, "announced", "party", "2025-09", "Nvidia", hi=1e11),
              c(2, "stalled", "publication", "2026-01-30", "Wall Street Journal", hi=1e11)]
    assert verdict(claims).status == "stalled"


def test_a_weaker_voice_does_not_take_a_deal_back_a_stage() -> None:
    claims = [c(1, "announced", "party", "2025-09-02", "Acme"),
              c(2, "rumored", "none", "2026-01-10")]
    assert verdict(claims).status == "announced"


def test_one_report_keeps_its_turn_over_the_details_told_after_it() -> None:
    # the Journal reports the stall (dated) and, further down, the talks that go on (undated)
    claims = [c(1, "stalled", "publication", "2026-01-30", "Wall Street Journal", hi=1e11,
                doc=7, published="2026-01-31"),
              c(2, "in_talks", "publication", None, "Wall Street Journal", 2e10, 1e11, doc=7,
                published="2026-01-31", position=3)]
    v = verdict(claims)
    assert v.status == "stalled"
    assert (v.min, v.max) == (2e10, 1e11)  # the amount is the latest the report gives
    assert conflicts(claims) == []


def test_a_rewrite_retelling_the_wire_adds_no_weight() -> None:
    claims = [c(1, "stalled", "publication", "2026-01-30", "Wall Street Journal", hi=1e11),
              c(2, "stalled", "unnamed", "2026-01", "their sources", 2e10, 1e11, place=1),
              c(3, "confirmed", "party", None, "Jensen Huang", published="2026-01-31",
                place=1, doc=2)]
    assert [k.id for k in weighted(claims)] == [1, 3]


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("stalled", "confirmed", True), ("stalled", "in_talks", False),
    ("stalled", "planned", False), ("denied", "in_talks", True), ("denied", "rumored", True),
    ("completed", "in_talks", True), ("announced", "completed", False),
    ("cancelled", "announced", True), ("rejected", "in_talks", False)])
def test_which_statuses_cannot_hold_at_once(a: str, b: str, expected: bool) -> None:
    x, y = c(1, a, "publication", "2026-01-01"), c(2, b, "party", "2026-01-02")
    assert contradict(x, y) is expected and contradict(y, x) is expected


def test_each_disagreement_is_shown_once() -> None:
    claims = [c(1, "in_talks", "publication", "2026-03-02", "Reuters", hi=1e10),
              c(2, "in_talks", "publication", "2026-03-03", "Bloomberg", 5e10, 5e10),
              c(3, "in_talks", "publication", "2026-03-04", "Reuters", hi=1e10, doc=8),
              c(4, "in_talks", "publication", "2026-03-05", "Bloomberg", 5e10, 5e10, doc=9)]
    found = conflicts(claims)
    assert [x["description"] for x in found] == [
        "Reuters says up to 10,000,000,000 USD (2026-03-02); "
        "Bloomberg says 50,000,000,000 USD (2026-03-03)"]


def test_neither_confirmed_nor_completed_mean_the_same() -> None:
    # claims apart by more than a month are successive news, never a conflict
    claims = [c(1, "completed", "party", "2026-01-02", "Acme"),
              c(2, "in_talks", "publication", "2026-04-02", "Reuters")]
    assert conflicts(claims) == []


def test_plural_sources_say_rather_than_says() -> None:
    claims = [c(1, "in_talks", "party", "2026-03-02", "Acme", hi=1e9),
              c(2, "planned", "analysts", "2026-03-03", "analysts", 2e9, 3e9)]
    [found] = conflicts(claims)
    assert found["description"] == ("Acme says up to 1,000,000,000 USD (2026-03-02); "
                                    "analysts say 2,000,000,000-3,000,000,000 USD (2026-03-03)")


def test_an_investors_own_figure_within_a_shared_one_is_no_conflict() -> None:
    """"A, B and C together up to $60B" then "A puts in $20B": A's part fits inside the
    figure of the three; $70B from A alone cannot."""
    from dataclasses import replace

    together = replace(c(1, "announced", "party", "2026-02-10", "the companies", hi=6e10),
                       shared=True)
    own = c(2, "announced", "party", "2026-02-12", "Nvidia", 2e10, 2e10)
    too_much = c(3, "announced", "publication", "2026-02-13", "Bloomberg", 7e10, 7e10)
    assert conflicts([together, own]) == []
    [found] = conflicts([together, too_much])
    assert found["kind"] == "amount" and "(shared)" in found["description"]
    # the current amount says whose it is: the later word of a party is its own figure
    assert verdict([together]).shared is True
    assert verdict([together, own]).shared is False
