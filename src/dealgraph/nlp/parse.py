"""Dependency parses (and named entities) of the sentences that matter, as plain data.

The claim frames (:mod:`dealgraph.extract.frames`) read who does what to whom from
the grammatical roles around a deal word. They need the parse, but not spaCy: this
module runs the pinned spaCy model (the NER's own, with its parser, tagger,
morphologizer and lemmatizer enabled) over a batch of sentences and turns each
``Doc`` into its entities and a tuple of :class:`Token`, so that the frames stay pure
functions testable on hand-written parses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from dealgraph.nlp.ner import load_pipeline

_BATCH = 256
_VERBAL = frozenset({"VERB", "AUX"})
_NONE: frozenset[str] = frozenset()


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
Analysis = tuple[list[tuple[int, int, str]], Parse]  # a sentence's entities and its parse
AnalyseFn = Callable[[list[str]], list[Analysis]]


def spacy_analyser(lang: str, wanted: Callable[[str], bool] | None = None) -> AnalyseFn:
    """A batch analyser: given sentence texts, each one's named entities (``(start,
    end, label)`` as the NER writes them) and its parse, from one pass of the model
    (loaded at the first call, shared with :func:`dealgraph.nlp.ner.spacy_ner`): the
    layers the NER and the parser share are computed once.

    The rule lemmatizer costs as much as the parser itself, and only the lemmas of a
    few words are read (deal verbs and nouns, auxiliaries): with ``wanted``, only the
    auxiliaries and the words whose lower-case form it accepts are lemmatised, the
    others keep their lower-case form as lemma."""

    def run(texts: list[str]) -> list[Analysis]:
        nlp = load_pipeline(lang)
        lemmatizer = None
        if wanted is not None and "lemmatizer" in nlp.component_names:
            lemmatizer = nlp.get_pipe("lemmatizer")
        docs = _every_component(nlp, texts, skip={"lemmatizer"} if lemmatizer else set())
        return [([(e.start_char, e.end_char, e.label_) for e in doc.ents],
                 tuple(_token(t, lemmatizer, wanted) for t in doc))
                for doc in docs]

    return run


def spacy_parser(lang: str, wanted: Callable[[str], bool] | None = None) -> ParseFn:
    """The parses alone (see :func:`spacy_analyser`)."""
    analyse = spacy_analyser(lang, wanted)

    def run(texts: list[str]) -> list[Parse]:
        return [parse for _, parse in analyse(texts)]

    return run


def _every_component(nlp: Any, texts: list[str], skip: set[str]) -> Iterator[Any]:
    """The docs of ``texts`` through every component of ``nlp``, the ones the lean NER
    keeps disabled included, but ``skip``. The shared pipeline is never switched (a
    component enabled for one caller would be switched off under another's feet):
    the components are chained here, so threads may analyse at once."""
    docs: Iterator[Any] = (nlp.make_doc(text) for text in texts)
    for name, component in nlp.components:
        if name in skip:
            continue
        if hasattr(component, "pipe"):
            docs = component.pipe(docs, batch_size=_BATCH)
        else:
            docs = (component(doc) for doc in docs)
    return docs


def _token(t: Any, lemmatizer: Any, wanted: Callable[[str], bool] | None) -> Token:
    lower = t.text.lower()
    if lemmatizer is None:
        lemma = t.lemma_.lower()
    elif t.pos_ == "AUX" or (wanted is not None and wanted(lower)):
        lemma = (lemmatizer.rule_lemmatize(t) or [lower])[0].lower()
    else:
        lemma = lower
    # only verbs carry the mood, tense and form the frames read
    morph = frozenset(str(t.morph).split("|")) - {""} if t.pos_ in _VERBAL else _NONE
    return Token(t.i, t.idx, t.idx + len(t.text), t.text, lemma, t.pos_, t.dep_, t.head.i, morph)
