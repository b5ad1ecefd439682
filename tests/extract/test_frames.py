"""Predicate frames read from the pinned models' dependency parses.

Each case is a sentence written for this test, the names the entity finder would have
found in it, and the claim skeletons the frames must read: kind, investors, target.
"""

from __future__ import annotations

import re

import pytest

from dealgraph.extract.frames import FrameReader, frames_for
from dealgraph.nlp.parse import Token, spacy_parser
from dealgraph.records import DealKind, Entity, EntityKind, Mention


def mentions(text: str, names: list[str]) -> list[Mention]:
    out = []
    for name in names:
        for found in re.finditer(re.escape(name), text):
            entity = Entity(name.lower().replace(" ", "-"), name, EntityKind.ORG)
            out.append(Mention(name, found.start(), found.end(), entity, "name"))
    return out


def read(lang: str, text: str, names: list[str]) -> list[tuple[str, list[str], str | None]]:
    [parse] = spacy_parser(lang)([text])
    frames = FrameReader(frames_for(lang)).read(parse, 0, mentions(text, names))
    return [(f.kind.value, [m.text for m in f.investors], f.target.text if f.target else None)
            for f in frames]


@pytest.mark.parametrize(("lang", "text", "names", "expected"), [
    # active, passive and nominal forms read the same
    ("en", "Orbital Foods bought Kestrel Labs last year.", ["Orbital Foods", "Kestrel Labs"],
     ("acquisition", ["Orbital Foods"], "Kestrel Labs")),
    ("en", "Kestrel Labs was acquired by Orbital Foods.", ["Orbital Foods", "Kestrel Labs"],
     ("acquisition", ["Orbital Foods"], "Kestrel Labs")),
    ("en", "The acquisition of Kestrel Labs by Orbital Foods closed.", ["Orbital Foods", "Kestrel Labs"],
     ("acquisition", ["Orbital Foods"], "Kestrel Labs")),
    # control: the subject of "agreed" buys
    ("en", "Orbital Foods agreed to buy Kestrel Labs.", ["Orbital Foods", "Kestrel Labs"],
     ("acquisition", ["Orbital Foods"], "Kestrel Labs")),
    # a stake bought is an investment in the stake's company
    ("en", "Orbital Foods bought a 12% stake in Kestrel Labs.", ["Orbital Foods", "Kestrel Labs"],
     ("investment", ["Orbital Foods"], "Kestrel Labs")),
    # a round: the raiser is the target, every listed backer an investor
    ("en", "Kestrel Labs raised $40 million from Northwind Capital and Bluefin Partners.",
     ["Kestrel Labs", "Northwind Capital", "Bluefin Partners"],
     ("funding_round", ["Northwind Capital", "Bluefin Partners"], "Kestrel Labs")),
    ("fr", "Kestrel Labs a levé 40 millions d'euros auprès de Northwind Capital et de Bluefin Partners.",
     ["Kestrel Labs", "Northwind Capital", "Bluefin Partners"],
     ("funding_round", ["Northwind Capital", "Bluefin Partners"], "Kestrel Labs")),
    ("fr", "Le rachat de la société Solvane par le groupe Arvel a été annoncé.", ["Arvel", "Solvane"],
     ("acquisition", ["Arvel"], "Solvane")),
    ("fr", "Orbital Foods va acquérir Kestrel Labs.", ["Orbital Foods", "Kestrel Labs"],
     ("acquisition", ["Orbital Foods"], "Kestrel Labs")),
])
def test_frames_read_the_parties_from_grammatical_roles(lang: str, text: str, names: list[str],
                                                       expected: tuple[str, list[str], str]) -> None:
    assert expected in read(lang, text, names)


def test_a_relative_clause_carries_its_own_claim_and_a_pronoun_its_speaker() -> None:
    text = "Orbital Foods, which bought Kestrel Labs in 2020, said it would invest $5 million in Tarn Robotics."
    found = read("en", text, ["Orbital Foods", "Kestrel Labs", "Tarn Robotics"])
    assert ("acquisition", ["Orbital Foods"], "Kestrel Labs") in found
    assert ("investment", ["Orbital Foods"], "Tarn Robotics") in found


def test_investors_named_after_including_fill_the_role() -> None:
    text = "Kestrel Labs raised $40 million from investors including Northwind Capital and Bluefin Partners."
    found = read("en", text, ["Kestrel Labs", "Northwind Capital", "Bluefin Partners"])
    assert ("funding_round", ["Northwind Capital", "Bluefin Partners"], "Kestrel Labs") in found


def test_a_frame_with_a_missing_party_is_left_to_the_rules() -> None:
    assert read("en", "The company bought a new headquarters.", []) == []


def test_the_conditional_of_rumour_is_marked() -> None:
    text = "Orbital Foods rachèterait Kestrel Labs."
    [parse] = spacy_parser("fr")([text])
    [frame] = FrameReader(frames_for("fr")).read(parse, 0, mentions(text, ["Orbital Foods", "Kestrel Labs"]))
    assert frame.conditional and not frame.past


def test_a_past_indicative_verb_tells_a_done_deal() -> None:
    text = "Orbital Foods bought Kestrel Labs."
    [parse] = spacy_parser("en")([text])
    [frame] = FrameReader(frames_for("en")).read(parse, 0, mentions(text, ["Orbital Foods", "Kestrel Labs"]))
    assert frame.past and frame.kind is DealKind.ACQUISITION


def test_unnamed_proper_names_in_a_deal_role_are_proposed() -> None:
    text = "Orbital Foods is in talks to buy Zentrix."
    [parse] = spacy_parser("en")([text])
    spans = FrameReader(frames_for("en")).unnamed(parse, 0, mentions(text, ["Orbital Foods"]))
    assert [text[a:b] for a, b in spans] == ["Zentrix"]


def test_the_reader_works_on_a_hand_written_parse() -> None:
    # "Acme bought Zeta ." without any model: the reader is pure
    words = [("Acme", "acme", "PROPN", "nsubj", 1), ("bought", "buy", "VERB", "ROOT", 1),
             ("Zeta", "zeta", "PROPN", "dobj", 1), (".", ".", "PUNCT", "punct", 1)]
    parse, at = [], 0
    for i, (word, lemma, pos, dep, head) in enumerate(words):
        morph = frozenset({"Tense=Past", "VerbForm=Fin"}) if word == "bought" else frozenset()
        parse.append(Token(i, at, at + len(word), word, lemma, pos, dep, head, morph))
        at += len(word) + 1
    text = "Acme bought Zeta ."
    [frame] = FrameReader(frames_for("en")).read(tuple(parse), 0, mentions(text, ["Acme", "Zeta"]))
    assert ([m.text for m in frame.investors], frame.target and frame.target.text) == (["Acme"], "Zeta")
    assert frame.past
