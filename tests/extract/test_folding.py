"""Folding repeated claims: the headline and its lead, a report continued, a bare heading."""

from __future__ import annotations

from dealgraph.extract.folding import merge, without_headline_repeats
from dealgraph.records import Attribution, Claim, DealKind, DealStatus, Sentence, SourceKind


def claim(order: int, *, status: DealStatus = DealStatus.IN_TALKS, low: float | None = None,
          source: str | None = None, cue: str | None = "en pourparlers", at: int = 100,
          kind: DealKind = DealKind.INVESTMENT, investor: str = "Amazon") -> Claim:
    said = Attribution(source, SourceKind.PUBLICATION, source, 0, len(source)) if source else None
    return Claim(investor=investor, target="OpenAI", kind=kind, status=status, cue=cue,
                 min=low, max=low, currency="USD" if low else None, source=said,
                 evidence=Sentence(at, at + 3, "..."), order=order)


def test_the_same_thing_said_twice_is_kept_once() -> None:
    first, again = claim(0, low=5e10, source="WSJ"), claim(1, low=5e10, source="WSJ", at=300)
    assert merge([first, again]) == [first]


def test_a_continued_report_lends_its_amount_to_the_claim_it_continues() -> None:
    merged = merge([claim(0, source="WSJ"), claim(2, low=5e10)])
    assert [(c.order, c.min, c.source.name if c.source else None) for c in merged] == [(0, 5e10, "WSJ")]


def test_a_report_far_on_or_from_another_named_source_stays_apart() -> None:
    assert len(merge([claim(0, source="WSJ"), claim(9, low=5e10)])) == 2
    assert len(merge([claim(0, source="WSJ"), claim(1, low=5e10, source="Reuters")])) == 2


def test_a_heading_without_status_or_amount_adds_nothing_to_a_deal_told_elsewhere() -> None:
    heading = claim(0, cue=None, status=DealStatus.ANNOUNCED)
    told = claim(3, low=5e10, source="WSJ")
    assert merge([heading, told]) == [told]


def test_a_headline_claim_the_body_repeats_is_the_bodys() -> None:
    headline, body = claim(0, at=5), claim(1, at=120, source="WSJ")
    assert without_headline_repeats([headline, body], title_end=60) == [body]
    other = claim(0, at=5, investor="Microsoft")
    assert without_headline_repeats([other, body], title_end=60) == [other, body]
