"""Reading questions: intents from the lexicons, names as extraction resolves them,
periods; no ledger needed."""

from __future__ import annotations

import datetime as dt

import pytest

from dealgraph.ask.parse import guess_language, parse
from dealgraph.errors import InputError

TODAY = dt.date(2026, 5, 25)


@pytest.mark.parametrize(("text", "lang", "intent"), [
    ("Combien Nvidia va-t-il investir dans OpenAI ?", "fr", "amount"),
    ("How much is Amazon putting into OpenAI?", "en", "amount"),
    ("Qui investit dans OpenAI ?", "fr", "investors"),
    ("Which investors backed Zepto?", "en", "investors"),
    ("Dans quelles entreprises Nvidia investit-il ?", "fr", "targets"),
    ("Where does UniCredit invest?", "en", "targets"),
    ("Où en est le rachat de Shaw par Rogers ?", "fr", "status"),
    ("Is TD still buying First Horizon?", "en", "status"),
    ("Selon qui l'accord est-il au point mort ?", "fr", "sources"),
    ("Which sources reported the deal?", "en", "sources"),
    ("Quelle est la valorisation de Zepto ?", "fr", "valuation"),
    ("What were the largest deals of 2023?", "en", "largest"),
    ("Quoi de neuf depuis janvier 2026 ?", "fr", "changes"),
    ("What changed since last week?", "en", "changes"),
])
def test_what_is_asked_comes_from_the_lexicon_of_the_language(text: str, lang: str,
                                                              intent: str) -> None:
    assert parse(text, lang, TODAY).intent == intent


@pytest.mark.parametrize("text", ["Who is Stuart Chambers?", "Combien de personnes emploie Lengow ?",
                                  "What are the Flux models?"])
def test_a_question_without_a_deal_word_is_not_about_deals(text: str) -> None:
    assert parse(text, None, TODAY).intent is None


def test_descriptions_and_tickers_resolve_as_in_extraction() -> None:
    redmond = parse("Combien le géant de Redmond a-t-il investi dans OpenAI ?", "fr", TODAY)
    assert [n.name for n in redmond.named] == ["Microsoft", "OpenAI"]
    ticker = parse("Quel montant NVDA.O compte-t-il mettre dans OpenAI ?", "fr", TODAY)
    assert ticker.named[0].name == "Nvidia" and ticker.named[0].text == "NVDA.O"


def test_names_the_knowledge_base_lacks_are_kept_as_candidates() -> None:
    q = parse("How much is National Bank of Canada paying for Canadian Western Bank?", "en", TODAY)
    assert "Canadian Western Bank" in q.candidates
    assert q.candidates.index("Canadian Western Bank") < q.candidates.index("Western Bank")


def test_periods_are_read_against_today() -> None:
    assert parse("Quoi de neuf depuis janvier 2026 ?", "fr", TODAY).since == dt.date(2026, 1, 1)
    assert parse("What changed since last week?", "en", TODAY).since == dt.date(2026, 5, 18)
    assert parse("What were the largest deals of 2023?", "en", TODAY).year == 2023


def test_raising_money_marks_the_one_named_as_receiving_it() -> None:
    assert parse("How much did Pasqal raise?", "en", TODAY).receives
    assert not parse("How much will Nvidia invest in OpenAI?", "en", TODAY).receives


def test_the_language_is_guessed_from_the_question() -> None:
    assert guess_language("Qui a investi dans Odoo ?") == "fr"
    assert guess_language("Who invested in Odoo?") == "en"


@pytest.mark.parametrize(("text", "lang"), [("", None), ("   ", "en"), ("x" * 600, "en"),
                                            ("Wer investiert in OpenAI?", "de")])
def test_a_bad_question_is_an_input_error_naming_it(text: str, lang: str | None) -> None:
    with pytest.raises(InputError) as err:
        parse(text, lang, TODAY)
    assert err.value.input
