"""From one :class:`Document` to its :class:`Record`: the extraction engine.

Steps, cheapest first, so that most of an article costs only regular expressions:

1. language: given, else detected; other languages are reported, not misread;
2. the analysed text: the title, a blank line, then the body (titles carry claims);
3. sentences (rules), money, quantities and dates (rules and lexicons); a
   document without a publication date is read against the latest month it names;
4. entities: knowledge base, descriptions, surnames and patterns everywhere; the
   statistical NER only on sentences where a deal word and an amount or a status
   word show work;
5. claims (:mod:`dealgraph.extract.claims`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from dealgraph.config import Settings
from dealgraph.extract.claims import ClaimExtractor
from dealgraph.extract.cues import cues_for, normalise
from dealgraph.knowledge import available_languages
from dealgraph.nlp.dates import find_dates
from dealgraph.nlp.entities import EntityFinder
from dealgraph.nlp.kb import KnowledgeBase
from dealgraph.nlp.lang import detect_language
from dealgraph.nlp.money import find_amounts, parse_money
from dealgraph.nlp.quantities import find_quantities
from dealgraph.nlp.sentences import split_sentences
from dealgraph.records import (
    DateMention,
    DatePrecision,
    Document,
    Entity,
    EntityKind,
    Mention,
    Record,
)

log = logging.getLogger(__name__)


class Extractor:
    """Reusable extraction engine: load once, then call :meth:`extract` per article."""

    def __init__(self, settings: Settings | None = None, kb: KnowledgeBase | None = None):
        self.settings = settings or Settings()
        self.kb = kb or KnowledgeBase.load(tuple(Path(p) for p in self.settings.kb))
        self._finders: dict[str, EntityFinder] = {}
        self._claims: dict[str, ClaimExtractor] = {}
        self.org_names = {e.id: e.name for e in self.kb.entities() if e.kind is EntityKind.ORG}

    def _finder(self, lang: str) -> EntityFinder:
        if lang not in self._finders:
            ner = None
            if self.settings.ner:
                from dealgraph.nlp.ner import spacy_ner

                ner = spacy_ner(lang)
            self._finders[lang] = EntityFinder(self.kb, lang, ner)
        return self._finders[lang]

    def _claim_extractor(self, lang: str) -> ClaimExtractor:
        if lang not in self._claims:
            self._claims[lang] = ClaimExtractor(cues_for(lang), self.org_names, parse_money)
        return self._claims[lang]

    def warm_up(self) -> None:
        """Load now what the first article of each language would load: the entity
        matchers and, unless disabled, the statistical models (seconds each)."""
        for lang in self.settings.languages:
            if lang not in available_languages():
                continue
            finder = self._finder(lang)
            if finder.ner is not None:
                finder.ner(["Warm-up."])
            self._claim_extractor(lang)

    def extract_many(self, docs: Iterable[Document]) -> Iterator[Record]:
        """:meth:`extract` over a stream, lazily (memory stays flat)."""
        for doc in docs:
            yield self.extract(doc)

    def extract(self, doc: Document) -> Record:
        """The record of one article (see the module docstring for the steps)."""
        text, title_end = _analysed_text(doc)
        text = text[: self.settings.max_chars]
        lang = doc.lang or detect_language(text)
        if lang not in self.settings.languages:
            reason = "could not be determined" if lang is None else f"{lang!r} is not supported"
            return Record(doc, lang, False, text=text,
                          warnings=(f"language {reason}; nothing extracted",))
        sentences = split_sentences(text)
        amounts = find_amounts(text, lang)
        quantities = find_quantities(text, lang)
        reference = doc.date or _reference_date(text, lang)
        dates = find_dates(text, lang, reference)
        cues = cues_for(lang)
        # The statistical NER costs more than everything else together: it runs only
        # where a deal word meets an amount or a status word, so that a claim may
        # need a party the rules have not found (a bare amount is often a results
        # table, and amount-only sentences borrow their parties from context).
        ner_sentences = [
            i for i, s in enumerate(sentences)
            if cues.kind_hits(normalise(s.text))
            and (cues.status_hits(normalise(s.text)) or any(s.start <= a.start < s.end for a in amounts))
        ]
        mentions = self._finder(lang).find(text, sentences, ner_sentences)
        claims = self._claim_extractor(lang).extract(text, sentences, mentions, amounts, dates,
                                                     title_end=title_end, published=reference)
        warnings: tuple[str, ...] = ()
        if doc.date is None and reference is not None:
            warnings = (f"no publication date; relative dates read against {reference}",)
        return Record(
            document=doc,
            lang=lang,
            supported=True,
            text=text,
            orgs=_entities(mentions, EntityKind.ORG),
            people=_entities(mentions, EntityKind.PERSON),
            mentions=tuple(mentions),
            amounts=tuple(amounts),
            quantities=tuple(quantities),
            dates=tuple(dates),
            claims=tuple(claims),
            warnings=warnings,
        )


def _analysed_text(doc: Document) -> tuple[str, int]:
    """The text every span indexes, and where its title ends (0 without one).

    Headlines carry claims, so they are read with the body; but an all-capitals
    headline (the 1987 wire style) defeats case-based rules, and its lead
    sentence says the same in mixed case, so it is left out.
    """
    title = (doc.title or "").strip()
    letters = [c for c in title if c.isalpha()]
    shouting = bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)
    if title and not shouting and not doc.text.lstrip().startswith(title):
        return f"{title}\n\n{doc.text}", len(title)
    return doc.text, 0


def _reference_date(text: str, lang: str) -> dt.date | None:
    """For an undated article: the end of the latest month it names in full.

    An article is written after the events it dates; only dates precise to the
    month count, since a bare year is as often a forecast ("pour 2026").
    """
    named = [d for d in find_dates(text, lang, None)
             if d.value.precision is not DatePrecision.YEAR]
    if not named:
        return None
    latest = max(named, key=lambda d: d.value.latest()).value
    if latest.month is None:
        return None
    return dt.date(latest.year, latest.month,
                   latest.day or calendar.monthrange(latest.year, latest.month)[1])


def _entities(mentions: list[Mention], kind: EntityKind) -> tuple[Entity, ...]:
    seen: dict[str, Entity] = {}
    for m in mentions:
        if m.entity.kind is kind:
            seen.setdefault(m.entity.id, m.entity)
    return tuple(seen.values())


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """A shared engine with the default settings (used by :func:`dealgraph.extract`)."""
    return Extractor()


__all__ = ["Extractor", "default_extractor", "DateMention"]
