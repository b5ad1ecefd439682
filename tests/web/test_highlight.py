"""Cutting article text into highlighted pieces keeps every character, once, in order."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dealgraph.web.highlight import Mark, blocks, locate


def joined(text: str, sentences: list[tuple[int, int, str]], marks: list[Mark]) -> str:
    return "".join(p.text for b in blocks(text, sentences, marks) for p in b.pieces)


def test_claim_sentence_becomes_an_anchored_block() -> None:
    text = "Intro. Nvidia invests $5 billion. End."
    out = blocks(text, [(7, 33, "claim-1")], [Mark(7, 13, "org"), Mark(22, 32, "amount")])
    assert [b.anchors for b in out] == [(), ("claim-1",), ()]
    assert [(p.text, p.kind) for p in out[1].pieces] == [
        ("Nvidia", "org"), (" invests ", None), ("$5 billion", "amount"), (".", None)]


def test_overlapping_sentences_share_one_block_with_both_anchors() -> None:
    out = blocks("abcdefghij", [(0, 5, "claim-1"), (3, 8, "claim-2")], [])
    assert out[0].anchors == ("claim-1", "claim-2")


def test_overlapping_marks_keep_the_first() -> None:
    out = blocks("Jensen Huang", [], [Mark(0, 12, "person"), Mark(7, 12, "person")])
    assert [p.text for p in out[0].pieces] == ["Jensen Huang"]


def test_locate_trusts_a_matching_span_and_searches_otherwise() -> None:
    assert locate("Title\n\nBody text.", 7, 17, "Body text.") == (7, 17)
    assert locate("Body text.", 7, 17, "Body text.") == (0, 10)
    assert locate("Body", 0, 4, "Nowhere") is None


spans = st.tuples(st.integers(-5, 60), st.integers(-5, 60))


@given(st.text(max_size=50), st.lists(spans, max_size=5), st.lists(spans, max_size=8))
def test_every_character_appears_once_in_order(text: str, sents: list[tuple[int, int]],
                                               marks: list[tuple[int, int]]) -> None:
    sentences = [(a, b, f"claim-{i}") for i, (a, b) in enumerate(sents)]
    assert joined(text, sentences, [Mark(a, b, "org") for a, b in marks]) == text
