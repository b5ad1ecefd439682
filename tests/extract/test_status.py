"""Status per claim: the stages a story tells of one deal, the grammar of a deal word, and
the status words of the lexicons. Every sentence here is written for the test."""

from __future__ import annotations

import pytest

from dealgraph.extract.claims import ClaimExtractor
from dealgraph.extract.cues import cues_for
from dealgraph.extract.frames import frames_for
from dealgraph.extract.mood import grammatical_status
from dealgraph.nlp.parse import spacy_parser
from dealgraph.records import Amount, Claim, DealStatus
from tests.extract.builders import amount, mentions, split_sentences


def no_money(phrase: str, lang: str) -> Amount | None:
    return None


def claims(text: str, lang: str, amounts: list[Amount] = ()) -> list[Claim]:
    extractor = ClaimExtractor(cues_for(lang), {}, no_money)
    return extractor.extract(text, split_sentences(text), mentions(text), list(amounts), [])


def test_each_stage_a_story_tells_of_one_deal_is_a_claim_of_its_own() -> None:
    text = ("Texaco agreed to acquire Getty Oil for 10 billion dlrs. "
            "The merger was then challenged in a Delaware court. "
            "The deal was called off in June.")
    found = claims(text, "en", [amount(text, "10 billion dlrs", 1e10, 1e10)])
    assert [(c.investor, c.target, c.status.value) for c in found] == [
        ("Texaco", "Getty Oil", "announced"),
        ("Texaco", "Getty Oil", "under_review"),
        ("Texaco", "Getty Oil", "cancelled")]


def test_a_stage_already_told_or_a_hedge_about_the_deal_adds_no_claim() -> None:
    text = ("Texaco agreed to acquire Getty Oil for 10 billion dlrs. "
            "The merger would create a larger refiner. "
            "The agreement was signed after a night of bargaining.")
    found = claims(text, "en", [amount(text, "10 billion dlrs", 1e10, 1e10)])
    assert [c.status.value for c in found] == ["announced"]


def test_fr_a_court_seized_puts_the_deal_in_discussion_under_review() -> None:
    text = ("Texaco a signé un accord pour racheter Getty Oil. "
            "Getty Oil a porté l'affaire en justice pour contester le rachat.")
    assert [c.status.value for c in claims(text, "fr")] == ["announced", "under_review"]


@pytest.mark.parametrize(("lang", "text", "word", "expected"), [
    # a past indicative, simple or perfect, is a done deal
    ("en", "Harbor Fund has backed several regional lenders.", "backed", DealStatus.COMPLETED),
    ("en", "Harbor Fund backed Quill Labs in its early days.", "backed", DealStatus.COMPLETED),
    ("fr", "Harbor Fund a racheté la société Quill en mars.", "racheté", DealStatus.COMPLETED),
    # the imperfect tells a background, not a completed event
    ("fr", "Harbor Fund rachetait alors la société Quill.", "rachetait", None),
    # a modal, a future or a negation tells no stage by itself
    ("en", "Harbor Fund will back Quill Labs.", "back", None),
    ("en", "Harbor Fund could acquire Quill Labs.", "acquire", None),
    ("fr", "Harbor Fund n'a pas racheté la société Quill.", "racheté", None),
    # a deal noun takes its governing verb's tense
    ("en", "Harbor Fund completed the purchase of Quill Labs.", "purchase", DealStatus.COMPLETED),
    # ... but not the verb of a phrase it only completes, nor a subjunctive
    ("fr", "C'est la meilleure offre qui ait été faite pour le rachat de Quill.", "rachat", None),
])
def test_a_deal_words_mood_and_tense_tell_its_stage(lang: str, text: str, word: str,
                                                    expected: DealStatus | None) -> None:
    [parse] = spacy_parser(lang)([text])
    negations = frozenset({"not", "pas", "never", "jamais"})
    assert grammatical_status(parse, text.index(word), frames_for(lang), negations) is expected


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "Shareholders defeated the takeover.", DealStatus.REJECTED),
    ("en", "The two groups agreed to dissolve their venture.", DealStatus.CANCELLED),
    ("en", "The merger hit a stalemate over the board.", DealStatus.STALLED),
    ("en", "A rival sued to stop the purchase.", DealStatus.UNDER_REVIEW),
    ("en", "The parties discussed an extension.", DealStatus.IN_TALKS),
    # a condition of the deal is no review under way
    ("en", "The purchase is subject to approval of both boards.", None),
    ("en", "The purchase awaits approval from the board.", DealStatus.UNDER_REVIEW),
    ("fr", "Le rachat est contesté devant un tribunal.", DealStatus.UNDER_REVIEW),
    # "compte tenu de" is a preposition, not a plan
    ("fr", "Compte tenu de ces éléments, le rachat a été annoncé.", DealStatus.ANNOUNCED),
    ("fr", "Le groupe compte racheter son concurrent.", DealStatus.PLANNED),
])
def test_status_words_of_the_lexicons(lang: str, text: str, expected: DealStatus | None) -> None:
    assert cues_for(lang).status_of(text)[0] is expected
