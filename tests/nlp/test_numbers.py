"""Number tokens in local formats (nlp/numbers.py)."""

from __future__ import annotations

import pytest

from dealgraph.errors import KnowledgeError
from dealgraph.nlp.numbers import lowered, parse_number, scale_value


@pytest.mark.parametrize(
    ("token", "lang", "value"),
    [
        ("4 500", "fr", 4500.0),
        ("4\u202f500", "fr", 4500.0),
        ("4\u00a0500", "fr", 4500.0),
        ("5.000", "fr", 5000.0),  # a dot before three digits groups thousands in French
        ("1,5", "fr", 1.5),
        ("1,500", "fr", 1.5),  # the French comma is always decimal
        ("1.5", "fr", 1.5),
        ("1.5", "en", 1.5),
        ("1,500", "en", 1500.0),
        ("1,5", "en", 1.5),
        ("5.000", "en", 5.0),
        ("2,129,300", "en", 2129300.0),
        ("1.500.000", "fr", 1500000.0),
        ("1,500.5", "en", 1500.5),
        ("1.500,5", "fr", 1500.5),
        (".125", "en", 0.125),
        ("deux", "fr", 2.0),
        ("Deux", "fr", 2.0),
        ("five", "en", 5.0),
    ],
)
def test_number_formats_read_as_written(token: str, lang: str, value: float) -> None:
    assert parse_number(token, lang) == value


@pytest.mark.parametrize("token", ["", "abc", "1,2,3", "12,34,567", "GW", "."])
def test_number_rejects_what_is_not_a_number(token: str) -> None:
    assert parse_number(token, "en") is None


@pytest.mark.parametrize(
    ("word", "lang", "value", "short"),
    [
        ("milliards", "fr", 1e9, False),
        ("Mrd", "fr", 1e9, False),
        ("mds", "fr", 1e9, False),
        ("billion", "fr", 1e12, False),  # the French billion is a million millions
        ("billion", "en", 1e9, False),
        ("bn", "en", 1e9, False),
        ("mln", "en", 1e6, False),
        ("m", "en", 1e6, True),
    ],
)
def test_scale_words_have_their_multiplier(word: str, lang: str, value: float, short: bool) -> None:
    assert scale_value(word, lang) == (value, short)


def test_number_unknown_language_raises_knowledge_error() -> None:
    with pytest.raises(KnowledgeError):
        parse_number("1", "xx")


def test_lowered_keeps_every_index() -> None:
    text = "İstanbul ÉTÉ"
    assert len(lowered(text)) == len(text)
    assert lowered("ABC") == "abc"
