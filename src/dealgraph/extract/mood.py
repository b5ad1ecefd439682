"""The stage a deal word's grammar tells when no status word does.

The frames (:mod:`dealgraph.extract.frames`) read mood and tense on the predicates
whose roles they fill. Sentences they cannot read go to the positional rules, which see
words, not grammar: "PSP has backed several funds, including Radical" says a done deal
as plainly as "PSP backed Radical", and "X rachèterait Y" a rumour. This module reads the
same morphology from the parse for any deal word: its governing verb's mood
(``Mood=Cnd``), its tense and verb form, its modal auxiliaries and its negation.
"""

from __future__ import annotations

from dealgraph.extract.frames import Frames
from dealgraph.nlp.parse import Parse, Token
from dealgraph.records import DealStatus

_VERBAL = ("VERB", "AUX")
_CLIMB = 3  # a deal noun's governing verb: "the purchase" <- "completed"
_NEGATION_DEPS = frozenset({"neg"})
# a deal noun tells its verb's tense only as its subject or object ("completed the purchase")
_NOUN_ROLES = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "dobj", "obj"})


def token_at(parse: Parse, offset: int) -> Token | None:
    """The token of ``parse`` covering the character ``offset`` of its sentence."""
    return next((t for t in parse if t.start <= offset < t.end), None)


def grammatical_status(parse: Parse, offset: int, frames: Frames,
                       negations: frozenset[str]) -> DealStatus | None:
    """The status the grammar of the deal word at ``offset`` tells, if any.

    A conditional (the French mood of hearsay) is a rumour; a past indicative, simple
    or perfect ("bought", "has backed", "a racheté"), a done deal. A modal, a future,
    an infinitive, a controlled verb ("agreed to buy") or a negated verb tells no stage
    by itself: the status words of the sentence, or the default, decide.
    """
    token = token_at(parse, offset)
    if token is None:
        return None
    for _ in range(_CLIMB):
        if token.pos in _VERBAL or token.head == token.i:
            break
        if token.pos in ("NOUN", "PROPN") and token.dep not in _NOUN_ROLES:
            return None  # "the best offer made so far for the purchase": not its verb
        token = parse[token.head]
    if token.pos not in _VERBAL:
        return None
    kids = [t for t in parse if t.head == token.i and t.i != token.i]
    auxiliaries = [k for k in kids if k.dep.startswith("aux")]
    if any(k.dep in _NEGATION_DEPS or k.text.lower() in negations for k in kids):
        return None
    if "Mood=Cnd" in token.morph or any("Mood=Cnd" in k.morph for k in auxiliaries):
        return DealStatus.RUMORED
    if "Mood=Sub" in token.morph or any("Mood=Sub" in k.morph for k in auxiliaries):
        return None  # the subjunctive of a relative or a wish asserts nothing
    if any(k.lemma in frames.modals for k in auxiliaries):
        return None
    if "VerbForm=Inf" in token.morph or token.dep == "xcomp":
        return None
    perfect = any(k.dep in ("aux", "aux:tense") and k.lemma in frames.perfect_auxiliaries
                  for k in auxiliaries)
    if "Tense=Past" in token.morph and ("VerbForm=Fin" in token.morph or perfect):
        return DealStatus.COMPLETED
    return None
