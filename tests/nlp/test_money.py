"""Money amounts as intervals (nlp/money.py): bounds, formats, currencies, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealgraph.errors import KnowledgeError
from dealgraph.nlp.money import find_amounts, parse_money

B = 1e9
M = 1e6

# phrase, lang, min, max, currency, approximate
BOUNDS = [
    ("jusqu'à 100 milliards de dollars", "fr", None, 100 * B, "USD", False),
    ("jusqu’à 100 milliards de dollars", "fr", None, 100 * B, "USD", False),
    ("up to $100 billion", "en", None, 100 * B, "USD", False),
    ("as much as 200 mln dlrs", "en", None, 200 * M, "USD", False),
    ("moins de 5 millions d'euros", "fr", None, 5 * M, "EUR", False),
    ("less than 5 million euros", "en", None, 5 * M, "EUR", False),
    ("lower than £1.2 billion", "en", None, 1.2 * B, "GBP", False),
    ("higher than $5 billion", "en", 5 * B, None, "USD", False),
    ("inférieur à 3 milliards d'euros", "fr", None, 3 * B, "EUR", False),
    ("au-delà de 2 milliards d'euros", "fr", 2 * B, None, "EUR", False),
    ("plus de 13 milliards de dollars", "fr", 13 * B, None, "USD", False),
    ("plus d'un milliard de dollars", "fr", B, None, "USD", False),
    ("au moins 2 milliards d'euros", "fr", 2 * B, None, "EUR", False),
    ("more than $13 billion", "en", 13 * B, None, "USD", False),
    ("over $2 billion", "en", 2 * B, None, "USD", False),
    ("at least 1.4 billion dlrs", "en", 1.4 * B, None, "USD", False),
    ("entre 20 et 50 milliards de dollars", "fr", 20 * B, 50 * B, "USD", False),
    ("de 2 à 3 milliards d'euros", "fr", 2 * B, 3 * B, "EUR", False),
    ("20 à 30 millions d'euros", "fr", 20 * M, 30 * M, "EUR", False),
    ("between $20 billion and $50 billion", "en", 20 * B, 50 * B, "USD", False),
    ("between 20 and 50 billion dollars", "en", 20 * B, 50 * B, "USD", False),
    ("$20-$30 million", "en", 20 * M, 30 * M, "USD", False),
    ("20-30 million dollars", "en", 20 * M, 30 * M, "USD", False),
    ("1,750 to 1,780 dlrs", "en", 1750, 1780, "USD", False),
    ("environ 830 milliards de dollars", "fr", 830 * B, 830 * B, "USD", True),
    ("près de 10 milliards de dollars", "fr", 10 * B, 10 * B, "USD", True),
    ("quelque 5 milliards d'euros", "fr", 5 * B, 5 * B, "EUR", True),
    ("about 2.70 billion dlrs", "en", 2.7 * B, 2.7 * B, "USD", True),
    ("roughly $5 billion", "en", 5 * B, 5 * B, "USD", True),
    ("some 5 billion dlrs", "en", 5 * B, 5 * B, "USD", True),
    ("approximately $3 billion", "en", 3 * B, 3 * B, "USD", True),
    ("100 milliards de dollars", "fr", 100 * B, 100 * B, "USD", False),
    ("$400 million", "en", 400 * M, 400 * M, "USD", False),
]


@pytest.mark.parametrize(("phrase", "lang", "lo", "hi", "currency", "approx"), BOUNDS)
def test_money_qualifier_sets_bounds(
    phrase: str, lang: str, lo: float | None, hi: float | None, currency: str, approx: bool
) -> None:
    amount = parse_money(phrase, lang)
    assert amount is not None
    assert amount.text == phrase
    assert amount.min == (None if lo is None else pytest.approx(lo))
    assert amount.max == (None if hi is None else pytest.approx(hi))
    assert amount.currency == currency
    assert amount.approximate is approx


def test_money_fr_up_to_is_upper_bound() -> None:
    amount = parse_money("jusqu'à 100 milliards de dollars", "fr")
    assert amount is not None and amount.min is None and amount.max == 1e11


VAGUE = [
    ("des dizaines de milliards de dollars", "fr", 2e10, 1e11, False),
    ("dizaines de milliards de dollars", "fr", 2e10, 1e11, False),
    ("quelques dizaines de milliards de dollars", "fr", 2e10, 1e11, False),
    ("tens of billions of dollars", "en", 2e10, 1e11, False),
    ("plusieurs milliards de dollars", "fr", 2e9, 1e10, False),
    ("quelques milliards de dollars", "fr", 2e9, 1e10, False),
    ("several billion dollars", "en", 2e9, 1e10, False),
    ("a few billion dollars", "en", 2e9, 1e10, False),
    ("des centaines de millions de dollars", "fr", 2e8, 1e9, False),
    ("hundreds of millions of dollars", "en", 2e8, 1e9, False),
    ("several hundred million dollars", "en", 2e8, 1e9, False),
    ("des milliers de milliards de yens", "fr", 2e12, 1e13, False),
    ("une centaine de milliards de dollars", "fr", 1e11, 1e11, True),
    ("une dizaine de millions d'euros", "fr", 1e7, 1e7, True),
    ("a billion dollars", "en", 1e9, 1e9, False),
    ("one billion dlrs", "en", 1e9, 1e9, False),
    ("un milliard de dollars", "fr", 1e9, 1e9, False),
]


@pytest.mark.parametrize(("phrase", "lang", "lo", "hi", "approx"), VAGUE)
def test_money_vague_magnitude_is_an_interval(
    phrase: str, lang: str, lo: float, hi: float, approx: bool
) -> None:
    amount = parse_money(phrase, lang)
    assert amount is not None and amount.text == phrase
    assert amount.min == pytest.approx(lo) and amount.max == pytest.approx(hi)
    assert amount.approximate is approx


FORMATS = [
    ("4 500 milliards de dollars", "fr", 4.5e12, "USD"),
    ("4\u202f500 milliards de dollars", "fr", 4.5e12, "USD"),
    ("4\u00a0500 milliards d'euros", "fr", 4.5e12, "EUR"),
    ("5.000 milliards d'euros", "fr", 5e12, "EUR"),
    ("1,5 milliard d'euros", "fr", 1.5e9, "EUR"),
    ("1.5 billion dollars", "en", 1.5e9, "USD"),
    ("1,500 million dollars", "en", 1.5e9, "USD"),
    ("$1.5bn", "en", 1.5e9, "USD"),
    ("€2 bn", "en", 2e9, "EUR"),
    ("USD 3.2 billion", "en", 3.2e9, "USD"),
    ("13 mds $", "fr", 13e9, "USD"),
    ("£400m", "en", 4e8, "GBP"),
    ("100 M€", "fr", 1e8, "EUR"),
    ("2 milliards d'euros", "fr", 2e9, "EUR"),
    ("2 milliards d’euros", "fr", 2e9, "EUR"),
    ("500 millions de livres", "fr", 5e8, "GBP"),
    ("500 millions de livres sterling", "fr", 5e8, "GBP"),
    ("10 milliards de yens", "fr", 1e10, "JPY"),
    ("100 millions de yuans", "fr", 1e8, "CNY"),
    ("CHF 2 bn", "en", 2e9, "CHF"),
    ("CHF 2 bn", "fr", 2e9, "CHF"),
    ("20 millions de dollars canadiens", "fr", 2e7, "CAD"),
    ("5 millions de dollars australiens", "fr", 5e6, "AUD"),
    ("50 mln dlrs", "en", 5e7, "USD"),
    ("1.2 billion dlrs", "en", 1.2e9, "USD"),
    ("1.2 billion U.S. dlrs", "en", 1.2e9, "USD"),
    ("5.6 mln stg", "en", 5.6e6, "GBP"),
    ("3.4 billion yen", "en", 3.4e9, "JPY"),
    ("200 mln French francs", "en", 2e8, "FRF"),
    ("1.775 billion marks", "en", 1.775e9, "DEM"),
    ("165 mln Canadian dlrs", "en", 1.65e8, "CAD"),
    ("250 mln Australian dlrs", "en", 2.5e8, "AUD"),
    ("300 mln guilders", "en", 3e8, "NLG"),
    ("two billion francs", "en", 2e9, "FRF"),
    ("34 cts", "en", 0.34, "USD"),
    ("one dlr", "en", 1.0, "USD"),
]


@pytest.mark.parametrize(("phrase", "lang", "value", "currency"), FORMATS)
def test_money_formats_and_currencies(phrase: str, lang: str, value: float, currency: str) -> None:
    amount = parse_money(phrase, lang)
    assert amount is not None
    assert amount.text == phrase
    assert amount.min == pytest.approx(value) and amount.max == pytest.approx(value)
    assert amount.currency == currency


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("20 dlrs a share", 20.0), ("20 dlrs per share", 20.0), ("15 cts a share", 0.15),
     (".125 dlrs per share", 0.125)],
)
def test_money_en_price_per_share_is_flagged(phrase: str, value: float) -> None:
    amount = parse_money(phrase, "en")
    assert amount is not None and amount.per_share
    assert amount.min == pytest.approx(value)


def test_money_deal_size_is_not_per_share() -> None:
    amount = parse_money("50 mln dlrs", "en")
    assert amount is not None and not amount.per_share


NOT_MONEY = [
    ("3 pour cent", "fr"),
    ("5%", "fr"),
    ("5 pct", "en"),
    ("en 2019", "fr"),
    ("in 2019", "en"),
    ("10 gigawatts", "fr"),
    ("10 ans", "fr"),
    ("depuis 10 ans", "fr"),
    ("20 mln shares", "en"),
    ("2,129,300 shares", "en"),
    ("300 millions d'utilisateurs", "fr"),
    ("3 billion people", "en"),
    ("2 millions de personnes", "fr"),
    ("(Environ 3400 mots)", "fr"),
    ("100", "en"),
    ("a share", "en"),
    ("NVDA.O", "en"),
    ("9984.T", "fr"),
    ("10 m de haut", "fr"),
]


@pytest.mark.parametrize(("phrase", "lang"), NOT_MONEY)
def test_money_rejects_counts_percentages_years(phrase: str, lang: str) -> None:
    assert find_amounts(phrase, lang) == []


def test_money_implicit_currency_comes_from_preceding_amount() -> None:
    text = ("Amazon investit 50 milliards de dollars. Le chiffre pourrait passer à "
            "des dizaines de milliards, voire entre 20 et 50 milliards.")
    found = find_amounts(text, "fr")
    assert [a.currency for a in found] == ["USD", "USD", "USD"]
    assert found[1].text == "des dizaines de milliards"


def test_money_implicit_currency_takes_closest_preceding() -> None:
    text = "Un prêt de 2 milliards d'euros, puis 3 milliards de yens, puis 4 milliards."
    assert [a.currency for a in find_amounts(text, "fr")] == ["EUR", "JPY", "JPY"]


def test_money_default_currency_when_context_names_none() -> None:
    found = find_amounts("Net 12.6 mln vs 15.3 mln", "en", default_currency="USD")
    assert [(a.min, a.currency) for a in found] == [(12.6e6, "USD"), (15.3e6, "USD")]


def test_money_billions_without_any_currency_are_kept_with_none() -> None:
    found = find_amounts("Investir 100 milliards dans une seule entreprise.", "fr")
    assert [(a.text, a.min, a.currency) for a in found] == [("100 milliards", 1e11, None)]


def test_money_millions_without_any_currency_are_not_money() -> None:
    assert find_amounts("Net 12.6 mln vs 15.3 mln", "en") == []


def test_money_list_is_not_a_range() -> None:
    found = find_amounts("sold at 4,340, 4,345 and 4,350 dlrs", "en")
    assert [(a.text, a.min, a.max) for a in found] == [("4,350 dlrs", 4350, 4350)]


def test_money_unknown_language_raises() -> None:
    with pytest.raises(KnowledgeError):
        find_amounts("100 milliards de dollars", "de")


def test_money_seed_articles(seeds_dir: Path) -> None:
    text = (seeds_dir / "000_e92a600c5fa44e7e.txt").read_text(encoding="utf-8")
    found = find_amounts(text, "fr")
    phrases = [a.text for a in found]
    assert phrases.count("jusqu'à 100 milliards de dollars") == 4
    assert "des dizaines de milliards" in phrases
    assert "environ 830 milliards de dollars" in phrases
    assert all(a.currency == "USD" for a in found)
    other = (seeds_dir / "004_560f9430aca343cf.txt").read_text(encoding="utf-8")
    found = find_amounts(other, "fr")
    by_text = {a.text: a for a in found}
    assert by_text["une centaine de milliards"].approximate
    assert by_text["plus de 13 milliards de dollars"].min == 13e9
    assert (by_text["entre 20 et 50 milliards"].min, by_text["entre 20 et 50 milliards"].max) == (2e10, 5e10)
    assert by_text["plusieurs milliards de dollars"].min == 2e9
    assert "10 gigawatts" not in by_text
    for amount in found:
        assert other[amount.start : amount.end] == amount.text


PIECES = list("0123456789 .,$€£-'’à%\n\u202f") + [
    "milliards", "billion", "mln", "dlrs", "de", "dollars", "d'euros", "entre", "et", "jusqu'à",
    "plus de", "up to", "between", "and", "des dizaines de", "a share", "m", "bn", "several",
    "une centaine de", "un", "a",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=TEXT, lang=st.sampled_from(["fr", "en"]))
def test_money_never_crashes_and_spans_index_text(text: str, lang: str) -> None:
    for amount in find_amounts(text, lang):
        assert text[amount.start : amount.end] == amount.text
        if amount.min is not None and amount.max is not None:
            assert amount.min <= amount.max


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=80), lang=st.sampled_from(["fr", "en"]))
def test_money_arbitrary_text_never_raises(text: str, lang: str) -> None:
    for amount in find_amounts(text, lang):
        assert text[amount.start : amount.end] == amount.text
    parse_money(text, lang)


@settings(max_examples=150, deadline=None)
@given(
    whole=st.integers(min_value=1, max_value=999),
    tenths=st.integers(min_value=0, max_value=9),
    scale=st.sampled_from([(1e6, "millions", "million"), (1e9, "milliards", "billion")]),
)
def test_money_formatted_number_round_trips(whole: int, tenths: int, scale: tuple[float, str, str]) -> None:
    value, fr_word, en_word = scale
    expected = (whole + tenths / 10) * value
    fr = f"{whole},{tenths} {fr_word} d'euros" if tenths else f"{whole} {fr_word} d'euros"
    en = f"${whole}.{tenths} {en_word}" if tenths else f"${whole} {en_word}"
    for phrase, lang in ((fr, "fr"), (en, "en")):
        amount = parse_money(phrase, lang)
        assert amount is not None and amount.text == phrase
        assert amount.min == pytest.approx(expected) and amount.max == pytest.approx(expected)
