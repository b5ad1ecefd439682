"""Dependency parses of the sentences that hold a deal word, as plain data.

The claim frames (:mod:`dealgraph.extract.frames`) read who does what to whom from
the grammatical roles around a deal word. They need the parse, but not spaCy: this
module runs the pinned spaCy model (the NER's own, with its parser, tagger,
morphologizer and lemmatizer enabled and its NER left out) over a batch of sentences
and turns each ``Doc`` into a tuple of :class:`Token`, so that the frames stay pure
functions testable on hand-written parses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dealgraph.nlp.ner import load_pipeline

_BATCH = 64


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a parsed sentence; offsets are in the sentence's own text."""

    i: int
    start: int
    end: int
    text: str
    lemma: str
    pos: str
    dep: str
    head: int  # index of the head token; the root is its own head
    morph: frozenset[str]  # features such as "Mood=Cnd", "Tense=Past", "VerbForm=Inf"


Parse = tuple[Token, ...]
ParseFn = Callable[[list[str]], list[Parse]]


def spacy_parser(lang: str) -> ParseFn:
    """A batch parser: given sentence texts, their parses. The model is loaded at the
    first call, shared with the NER (:func:`dealgraph.nlp.ner.load_pipeline`)."""

    def run(texts: list[str]) -> list[Parse]:
        nlp = load_pipeline(lang)
        lean = list(nlp.disabled)  # the NER's choice, put back afterwards
        for name in lean:
            nlp.enable_pipe(name)
        nlp.disable_pipe("ner")
        try:
            return [
                tuple(Token(t.i, t.idx, t.idx + len(t.text), t.text, t.lemma_.lower(), t.pos_,
                            t.dep_, t.head.i, frozenset(str(t.morph).split("|")) - {""})
                      for t in doc)
                for doc in nlp.pipe(texts, batch_size=_BATCH)
            ]
        finally:
            nlp.enable_pipe("ner")
            for name in lean:
                nlp.disable_pipe(name)

    return run
