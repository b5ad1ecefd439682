"""The entity resolver as a spaCy pipeline component.

``nlp.add_pipe("dealgraph_entities")`` (after importing this module) runs
:class:`EntityFinder` on each Doc and writes its mentions to ``doc._.dealgraph_mentions``
(a list of :class:`dealgraph.records.Mention`) and to ``doc.spans["dealgraph"]``
(labels ``ORG``/``PERSON``, ``kb_id`` the entity id). When the pipeline has an NER
before this component and ``use_doc_ents`` is true, its ``doc.ents`` serve as the
statistical step, on every sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from dealgraph.nlp.entities import EntityFinder, NerFn
from dealgraph.nlp.kb import KnowledgeBase, default_kb
from dealgraph.nlp.sentences import split_sentences
from dealgraph.records import Mention, Sentence

SPANS_KEY = "dealgraph"

if not Doc.has_extension("dealgraph_mentions"):
    Doc.set_extension("dealgraph_mentions", default=None)


class DealgraphEntities:
    """Find, then write: the mentions of a Doc as an extension and a span group."""

    def __init__(self, lang: str, kb: KnowledgeBase, use_doc_ents: bool) -> None:
        self.finder = EntityFinder(kb, lang)
        self.kb = kb
        self.lang = lang
        self.use_doc_ents = use_doc_ents

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.match(doc)
        self.set_annotations(doc, mentions)
        return doc

    def match(self, doc: Doc) -> list[Mention]:
        sentences = split_sentences(doc.text)
        if not (self.use_doc_ents and doc.ents):
            return self.finder.find(doc.text, sentences)
        finder = EntityFinder(self.kb, self.lang, _doc_ner(doc, sentences))
        return finder.find(doc.text, sentences, range(len(sentences)))

    def set_annotations(self, doc: Doc, mentions: list[Mention]) -> None:
        doc._.dealgraph_mentions = mentions
        spans: list[Span] = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=m.entity.kind.value.upper(),
                                 kb_id=m.entity.id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = spans


def _doc_ner(doc: Doc, sentences: Sequence[Sentence]) -> NerFn:
    """The Doc's own entities, cut per sentence, in the shape the finder expects
    (it asks for every sentence, in order)."""

    def run(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        return [
            [(e.start_char - s.start, e.end_char - s.start, e.label_)
             for e in doc.ents if s.start <= e.start_char and e.end_char <= s.end]
            for s in sentences
        ]

    return run


@Language.factory(
    "dealgraph_entities",
    default_config={"kb_files": [], "use_doc_ents": True},
    assigns=["doc._.dealgraph_mentions", "doc.spans"],
)
def make_dealgraph_entities(nlp: Language, name: str, kb_files: list[str], use_doc_ents: bool) -> DealgraphEntities:
    from pathlib import Path

    kb = KnowledgeBase.load(tuple(Path(p) for p in kb_files)) if kb_files else default_kb()
    return DealgraphEntities(nlp.lang or "en", kb, use_doc_ents)
