"""Funding rounds read from the parse: the lead, every participant, and the round's amount.

Sentences are written for these tests; the names are placed by hand (``builders``) and the
parses come from the pinned models, lemmatised as the pipeline lemmatises them.
"""

from __future__ import annotations

from dealgraph.extract.claims import ClaimExtractor
from dealgraph.extract.cues import cues_for
from dealgraph.extract.frames import FrameReader, frames_for, lemma_stems
from dealgraph.nlp.parse import spacy_parser
from dealgraph.records import Amount, Claim, DealKind
from tests.extract.builders import amount, mentions, split_sentences


def pipeline_parser(lang: str):  # type: ignore[no-untyped-def]
    """The parser as the pipeline runs it: only words that may be frame lemmas lemmatised."""
    return spacy_parser(lang, lemma_stems(frames_for(lang), modals=True))


def no_money(phrase: str, lang: str) -> Amount | None:
    return None


def framed_claims(text: str, lang: str, amounts: list[Amount]) -> list[Claim]:
    sentences = split_sentences(text)
    parses = dict(enumerate(pipeline_parser(lang)([s.text for s in sentences])))
    extractor = ClaimExtractor(cues_for(lang), {}, no_money)
    return extractor.extract(text, sentences, mentions(text), amounts, [], parses=parses)


def test_an_irregular_form_of_a_frame_verb_is_read() -> None:
    # "bought" does not begin as "buy": the lemma filter must still let it through
    text = "Last spring Sequoia bought Arm outright."
    [parse] = pipeline_parser("en")([text])
    frames = FrameReader(frames_for("en")).read(parse, 0, mentions(text))
    assert [(f.kind, [m.text for m in f.investors], f.target and f.target.text) for f in frames] \
        == [(DealKind.ACQUISITION, ["Sequoia"], "Arm")]


def test_investors_joining_a_round_such_as_a_list_take_part_in_it() -> None:
    text = "The round was joined by other investors such as Sequoia, Nvidia and SoftBank."
    [parse] = pipeline_parser("en")([text])
    frames = FrameReader(frames_for("en")).read(parse, 0, mentions(text))
    named = {m.text: f.lead for f in frames if f.kind is DealKind.FUNDING_ROUND for m in f.investors}
    assert named == {"Sequoia": False, "Nvidia": False, "SoftBank": False}


def test_participants_named_in_a_later_sentence_carry_the_rounds_amount() -> None:
    text = ("Mistral AI raised $40 million in a funding round. "
            "The round was joined by Sequoia and Nvidia.")
    found = framed_claims(text, "en", [amount(text, "$40 million", 4e7, 4e7)])
    got = {(c.investor, c.target, c.kind.value, c.min, c.lead) for c in found}
    assert ("Sequoia", "Mistral AI", "funding_round", 4e7, False) in got
    assert ("Nvidia", "Mistral AI", "funding_round", 4e7, False) in got
    assert (None, "Mistral AI", "funding_round", 4e7, False) in got


def test_a_later_sentence_with_its_own_money_keeps_it() -> None:
    text = ("Mistral AI raised $40 million in a funding round. "
            "Sequoia separately invested $5 million in Arm.")
    found = framed_claims(text, "en", [amount(text, "$40 million", 4e7, 4e7),
                                       amount(text, "$5 million", 5e6, 5e6)])
    arm = [c for c in found if c.target == "Arm"]
    assert arm and all(c.min == 5e6 for c in arm)


def test_a_name_beside_a_common_noun_in_a_deal_role_is_proposed_as_a_company() -> None:
    # the knowledge base knows neither: the apposition and the plain juxtaposition name it
    for lang, text, name in [
        ("fr", "La pépite bretonne du logiciel, Zorvex, annonce une levée de 12 millions d'euros.", "Zorvex"),
        ("en", "The Japanese automaker Kestrova agreed to buy Arm.", "Kestrova"),
    ]:
        [parse] = pipeline_parser(lang)([text])
        spans = FrameReader(frames_for(lang)).unnamed(parse, 0, mentions(text))
        assert name in [text[a:b] for a, b in spans], (lang, text)


def test_a_tour_de_table_is_the_round_of_the_company_that_makes_it() -> None:
    text = "Mistral AI a bouclé un tour de table de 40 millions d'euros."
    [parse] = pipeline_parser("fr")([text])
    frames = FrameReader(frames_for("fr")).read(parse, 0, mentions(text))
    assert [(f.kind, f.target and f.target.text) for f in frames] == [(DealKind.FUNDING_ROUND, "Mistral AI")]
