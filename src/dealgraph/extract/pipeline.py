"""From one :class:`Document` to its :class:`Record`: the extraction engine.

Steps, cheapest first, so that most of an article costs only regular expressions:

1. language: given, else detected; other languages are reported, not misread;
2. the analysed text: the title, a blank line, then the body (titles carry claims);
3. sentences (rules), money, quantities and dates (rules and lexicons); a
   document without a publication date is read against the latest month it names;
4. entities: knowledge base, descriptions, surnames and patterns everywhere; the
   statistical NER only on sentences that hold a deal word;
5. the dependency parse of the sentences with a deal word (one model pass per batch),
   then claims (:mod:`dealgraph.extract.claims`): predicate frames where the parse
   names the parties, positional rules elsewhere;
6. the learned layer (:mod:`dealgraph.extract.learned`) drops the claims unlikely to be
   right and settles statuses the rules only guessed (setting ``learned``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from dealgraph.config import Settings
from dealgraph.extract.claims import ClaimExtractor
from dealgraph.extract.cues import cues_for, normalise
from dealgraph.extract.frames import frames_for, lemma_stems, reader_for
from dealgraph.extract.learned import refine
from dealgraph.knowledge import available_languages
from dealgraph.nlp.dates import find_dates
from dealgraph.nlp.entities import Draft as EntityDraft
from dealgraph.nlp.entities import EntityFinder
from dealgraph.nlp.kb import KnowledgeBase
from dealgraph.nlp.lang import detect_language
from dealgraph.nlp.money import find_amounts, parse_money
from dealgraph.nlp.parse import AnalyseFn, Analysis, Parse
from dealgraph.nlp.quantities import find_quantities
from dealgraph.nlp.sentences import split_sentences
from dealgraph.records import (
    Amount,
    DateMention,
    DatePrecision,
    Document,
    Entity,
    EntityKind,
    Mention,
    Record,
    Sentence,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
_Answers = list[list[tuple[int, int, str]]]  # per sentence asked: the NER's (start, end, label)

# Articles read together by :meth:`Extractor.extract_many`: enough for the NER to
# batch its sentences, few enough that a stream's first records come out at once.
BATCH = 64


class Extractor:
    """Reusable extraction engine: load once, then call :meth:`extract` per article.

    It keeps no article's state between calls (each article's reading lives in its
    own objects), so threads may extract different articles at once; only the first
    load of each language's models is done under a lock, once.
    """

    def __init__(self, settings: Settings | None = None, kb: KnowledgeBase | None = None):
        self.settings = settings or Settings()
        self.kb = kb or KnowledgeBase.load(tuple(Path(p) for p in self.settings.kb))
        self._finders: dict[str, EntityFinder] = {}
        self._analysers: dict[str, AnalyseFn] = {}
        self._claims: dict[str, ClaimExtractor] = {}
        self._loading = threading.RLock()
        self.org_names = {e.id: e.name for e in self.kb.entities() if e.kind is EntityKind.ORG}

    def _finder(self, lang: str) -> EntityFinder:
        with self._loading:
            if lang not in self._finders:
                ner = None
                if self.settings.ner:
                    from dealgraph.nlp.ner import spacy_ner

                    ner = spacy_ner(lang)
                self._finders[lang] = EntityFinder(self.kb, lang, ner)
            return self._finders[lang]

    def _analyser(self, lang: str) -> AnalyseFn | None:
        """The NER and dependency parse of ``lang`` in one model pass; off with ``ner``."""
        if not self.settings.ner:
            return None
        with self._loading:
            if lang not in self._analysers:
                from dealgraph.nlp.parse import spacy_analyser

                self._analysers[lang] = spacy_analyser(lang, lemma_stems(frames_for(lang),
                                                                         modals=True))
            return self._analysers[lang]

    def _claim_extractor(self, lang: str) -> ClaimExtractor:
        with self._loading:
            if lang not in self._claims:
                self._claims[lang] = ClaimExtractor(cues_for(lang), self.org_names, parse_money)
            return self._claims[lang]

    def warm_up(self) -> None:
        """Load now what the first article of each language would load: the entity
        matchers, the grammars and, unless disabled, the statistical models (seconds
        each)."""
        for lang in self.settings.languages:
            if lang not in available_languages():
                continue
            finder = self._finder(lang)
            if finder.ner is not None:
                finder.ner(["Warm-up."])
            self._claim_extractor(lang)
            # the money, date and quantity grammars are compiled at their first use
            find_amounts("", lang)
            find_dates("", lang, None)
            find_quantities("", lang)

    def extract(self, doc: Document) -> Record:
        """The record of one article (see the module docstring for the steps)."""
        result = self.extract_batch([doc])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def extract_many(self, docs: Iterable[Document], batch_size: int = BATCH) -> Iterator[Record]:
        """:meth:`extract` over a stream, ``batch_size`` articles at a time (memory
        stays flat); raises the first article's error, as :meth:`extract` would."""
        for batch in batches(docs, batch_size):
            for result in self.extract_batch(batch):
                if isinstance(result, Exception):
                    raise result
                yield result

    def extract_batch(self, docs: Sequence[Document]) -> list[Record | Exception]:
        """The record of each article of ``docs``, or the error that stopped it: one
        article's failure leaves the others whole.

        The statistical NER reads the chosen sentences of all the articles in one
        pass per language: the model costs several times less per sentence in a
        batch than alone.
        """
        drafts: list[_Draft | Record | Exception] = []
        for doc in docs:
            try:
                drafts.append(self._draft(doc))
            except Exception as exc:  # noqa: BLE001 - reported in the article's place
                drafts.append(exc)
        answers, parses = self._analyse([d for d in drafts if isinstance(d, _Draft)])
        results: list[Record | Exception] = []
        for draft in drafts:
            if not isinstance(draft, _Draft):
                results.append(draft)
                continue
            answer = answers.get(id(draft), [])
            if isinstance(answer, Exception):
                results.append(answer)
                continue
            try:
                results.append(self._finish(draft, answer, parses.get(id(draft), {})))
            except Exception as exc:  # noqa: BLE001 - reported in the article's place
                results.append(exc)
        return results

    def _draft(self, doc: Document) -> _Draft | Record:
        """Steps 1-4 up to the statistical NER; an unsupported language's record."""
        text, title_end = _analysed_text(doc)
        text = text[: self.settings.max_chars]
        lang = doc.lang or detect_language(text)
        if lang not in self.settings.languages:
            reason = "could not be determined" if lang is None else f"{lang!r} is not supported"
            return Record(doc, lang, False, text=text,
                          warnings=(f"language {reason}; nothing extracted",))
        sentences = split_sentences(text)
        amounts = find_amounts(text, lang)
        reference = doc.date or _reference_date(text, lang)
        cues = cues_for(lang)
        # The statistical NER costs more than everything else together: it runs only
        # on sentences with a deal word, where a claim may need a party the knowledge
        # base does not know (most companies of a sector it has no entry for).
        deal_sentences = [i for i, s in enumerate(sentences) if cues.kind_hits(normalise(s.text))]
        entities = self._finder(lang).draft(text, sentences, deal_sentences)
        return _Draft(doc, lang, text, title_end, reference, sentences, amounts, entities,
                      deal_sentences)

    def _ask_ner(self, drafts: list[_Draft]) -> dict[int, _Answers | Exception]:
        """The NER's answers for each draft (by ``id``), one model pass per language.
        Should the pass fail, each draft is asked alone, so that only the articles the
        model cannot read get its error."""
        answers: dict[int, _Answers | Exception] = {}
        for lang in {d.lang for d in drafts if d.entities.asked}:
            ner = self._finder(lang).ner
            if ner is None:
                continue
            asking = [d for d in drafts if d.lang == lang and d.entities.asked]
            try:
                replies = iter(ner([q for d in asking for q in d.entities.questions()]))
                for d in asking:
                    answers[id(d)] = [next(replies) for _ in d.entities.asked]
            except Exception:  # noqa: BLE001 - retried one article at a time
                for d in asking:
                    try:
                        answers[id(d)] = ner(d.entities.questions())
                    except Exception as exc:  # noqa: BLE001 - reported in the article's place
                        answers[id(d)] = exc
        return answers

    def _analyse(self, drafts: list[_Draft]
                 ) -> tuple[dict[int, _Answers | Exception], dict[int, dict[int, Parse]]]:
        """The NER's answers and the dependency parses of each draft (by ``id``), from one
        pass of the model per language over the batch's sentences that need either: the
        sentences whose names only the NER can explain, and the deal sentences that name a
        party (a frame needs one). One pass computes the shared layers once. Should the
        pass fail, each draft is analysed alone, so that only the articles the model
        cannot read get its error."""
        answers: dict[int, _Answers | Exception] = {}
        parses: dict[int, dict[int, Parse]] = {}
        for lang in {d.lang for d in drafts}:
            analyser = self._analyser(lang)
            batch = [d for d in drafts if d.lang == lang]
            if analyser is None:  # no models: the finder's own NER, if it was given one
                answers.update(self._ask_ner(batch))
                continue
            plans = {id(d): _plan(d) for d in batch}
            asking = [d for d in batch if plans[id(d)][2]]

            def read(ds: list[_Draft], replies: Iterator[Analysis],
                     plans: dict[int, tuple[list[int], list[int], list[int]]] = plans) -> None:
                for d in ds:
                    asked, parsed, union = plans[id(d)]
                    got = {i: next(replies) for i in union}
                    answers[id(d)] = [got[i][0] for i in asked]
                    parses[id(d)] = {i: got[i][1] for i in parsed}

            try:
                read(asking, iter(analyser([d.sentences[i].text for d in asking
                                            for i in plans[id(d)][2]])))
            except Exception:  # noqa: BLE001 - retried one article at a time
                for d in asking:
                    try:
                        read([d], iter(analyser([d.sentences[i].text for i in plans[id(d)][2]])))
                    except Exception as exc:  # noqa: BLE001 - reported in the article's place
                        answers[id(d)] = exc
        return answers, parses

    def _finish(self, draft: _Draft, answers: _Answers, parses: dict[int, Parse]) -> Record:
        """Step 4's end and step 5: the record, once the NER has answered."""
        doc, lang, text, reference = draft.doc, draft.lang, draft.text, draft.reference
        finder = self._finder(lang)
        mentions = finder.complete(draft.entities, answers)
        if parses:
            # companies the parse finds in a deal role, that no earlier step named
            reader = reader_for(lang)
            spans = [span for i, parse in parses.items()
                     for span in reader.unnamed(parse, draft.sentences[i].start, mentions)]
            mentions = finder.named_by_role(draft.entities, mentions, spans)
        quantities = find_quantities(text, lang)
        dates = find_dates(text, lang, reference)
        claims = self._claim_extractor(lang).extract(text, draft.sentences, mentions, draft.amounts,
                                                     dates, title_end=draft.title_end,
                                                     published=reference, parses=parses)
        warnings: tuple[str, ...] = ()
        if doc.date is None and reference is not None:
            warnings = (f"no publication date; relative dates read against {reference}",)
        record = Record(
            document=doc,
            lang=lang,
            supported=True,
            text=text,
            orgs=_entities(mentions, EntityKind.ORG),
            people=_entities(mentions, EntityKind.PERSON),
            mentions=tuple(mentions),
            amounts=tuple(draft.amounts),
            quantities=tuple(quantities),
            dates=tuple(dates),
            claims=tuple(claims),
            warnings=warnings,
        )
        if self.settings.learned:
            # step 6: the learned layer keeps the likely claims (a no-op without a model)
            record = replace(record, claims=tuple(refine(record)))
        return record


@dataclass
class _Draft:
    """An article read up to the statistical NER (see :meth:`Extractor.extract_batch`)."""

    doc: Document
    lang: str
    text: str
    title_end: int
    reference: dt.date | None
    sentences: list[Sentence]
    amounts: list[Amount]
    entities: EntityDraft
    deal_sentences: list[int]  # indexes of the sentences with a deal word


_WORD = re.compile(r"\w[\w-]*")


def _plan(draft: _Draft) -> tuple[list[int], list[int], list[int]]:
    """The sentence indexes of a draft that the model reads: those the NER is asked
    about, those parsed (deal sentences that name a party and hold a word a frame
    reads, or that the NER is asked about), and both together in text order."""
    at = {(s.start, s.end): i for i, s in enumerate(draft.sentences)}
    asked = [at[(s.start, s.end)] for s in draft.entities.asked]
    framed = lemma_stems(frames_for(draft.lang))
    named = {i for i in draft.deal_sentences if any(
        draft.sentences[i].start <= m.start < draft.sentences[i].end for m in draft.entities.mentions)
        and any(framed(w.lower()) for w in _WORD.findall(draft.sentences[i].text))}
    parsed = sorted(named | (set(asked) & set(draft.deal_sentences)))
    return asked, parsed, sorted(set(asked) | set(parsed))


def batches(docs: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """``docs`` in lists of ``size`` (the last one shorter), lazily."""
    batch: list[T] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


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


__all__ = ["BATCH", "Extractor", "batches", "default_extractor", "DateMention"]
