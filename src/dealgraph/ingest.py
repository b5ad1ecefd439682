"""The one write path: read inputs, skip what is stored, extract, write, count.

The command line (:func:`ingest`) and ``POST /api/documents``
(:func:`ingest_document`) both store articles through here, so that an article
is identified, extracted and written the same way whichever door it came in by.

Steps for each article: a cheap identity check (URL, normalised-text hash)
before any language work, so a rerun after a crash spends almost nothing on
what is already stored; then extraction; then one transaction that writes the
article and everything it yields. A bad input or an article whose extraction
raises is recorded in ``failures`` with its reason and the run goes on.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from sqlalchemy import Engine

from dealgraph.config import Settings
from dealgraph.errors import DatabaseDown, StoreError
from dealgraph.extract.pipeline import BATCH
from dealgraph.records import Document, Record
from dealgraph.sources.filters import RecordFilters
from dealgraph.store.engine import open_engine
from dealgraph.store.writes import Ledger, Outcome

log = logging.getLogger(__name__)
#: Failures kept in memory for the closing summary; the rest are in the database.
KEEP_FAILURES = 50


class Extracts(Protocol):
    def extract_batch(self, docs: Sequence[Document]) -> Sequence[Record | Exception]: ...


class FailedInput(Protocol):
    """A reader's failure: what could not be read, and why."""

    @property
    def input(self) -> str: ...

    @property
    def message(self) -> str: ...


@dataclass
class IngestSummary:
    """What one run did: articles newly stored, already there, and failed."""

    new: int = 0
    duplicate: int = 0
    failed: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.new + self.duplicate + self.failed

    def count(self, outcome: Outcome) -> None:
        if outcome is Outcome.NEW:
            self.new += 1
        elif outcome is Outcome.DUPLICATE:
            self.duplicate += 1
        else:
            self.failed += 1


Progress = Callable[[Outcome, str], None]
Item = TypeVar("Item")


def ingest_items(items: Iterable[Document | FailedInput], ledger: Ledger, extractor: Extracts,
                 progress: Progress | None = None, batch_size: int = BATCH) -> IngestSummary:
    """Store every article of ``items`` through ``ledger``; never raises for one bad article.

    ``items`` are Documents and reader failures (anything with ``input`` and
    ``message``); ``progress`` is called once per item, in input order, with its
    outcome and name. New articles are extracted ``batch_size`` at a time (the
    statistical NER is cheaper per sentence in a batch).
    """
    summary = IngestSummary()
    queue: list[tuple[str, Outcome | Document]] = []  # in input order: done, or to extract

    def flush() -> None:
        docs = [entry for _, entry in queue if isinstance(entry, Document)]
        results = iter(extractor.extract_batch(docs) if docs else ())
        for name, entry in queue:
            outcome = _store(ledger, summary, name, next(results)) if isinstance(entry, Document) else entry
            summary.count(outcome)
            if progress is not None:
                progress(outcome, name)
        queue.clear()

    waiting = 0  # articles in the queue still to extract
    for item in items:
        if not isinstance(item, Document):
            queue.append((item.input, _failed(ledger, summary, item.input, item.message)))
        else:
            name = item.origin or item.url or item.id
            if not item.text.strip():
                queue.append((name, _failed(ledger, summary, name, "empty article")))
            elif ledger.known(item):
                queue.append((name, Outcome.DUPLICATE))
            else:
                queue.append((name, item))
                waiting += 1
        if waiting >= batch_size:
            flush()
            waiting = 0
    flush()
    return summary


def _store(ledger: Ledger, summary: IngestSummary, name: str, result: Record | Exception) -> Outcome:
    if isinstance(result, Exception):  # one article must never stop the run
        log.warning("%s: extraction failed: %s", name, result)
        return _failed(ledger, summary, name, f"extraction failed: {type(result).__name__}: {result}")
    try:
        return ledger.add(result)
    except DatabaseDown:
        raise  # full, unreachable or failing: no later article could be stored either
    except StoreError as exc:  # other writers kept taking its keys: recorded, and the run goes on
        return _failed(ledger, summary, name, exc.message)


def _failed(ledger: Ledger, summary: IngestSummary, name: str, message: str) -> Outcome:
    ledger.fail(name, message)
    if len(summary.failures) < KEEP_FAILURES:
        summary.failures.append((name, message))
    return Outcome.FAILED


def keep_languages(items: Iterable[Item], langs: Collection[str]) -> Iterator[Item]:
    """``items`` without the articles whose language is known and not in ``langs``.

    Archived pages that declare another language are left out by the reader,
    before parsing; this judges the rest on their text, before extraction.
    """
    from dealgraph.nlp.lang import detect_language

    for item in items:
        if langs and isinstance(item, Document):
            lang = item.lang or detect_language(item.text)
            if lang is not None and lang not in langs:
                continue
        yield item


def ingest(paths: Sequence[str], settings: Settings, *, encoding: str | None = None,
           extractor: Extracts | None = None, progress: Progress | None = None,
           filters: RecordFilters | None = None) -> IngestSummary:
    """Read ``paths`` (files, folders, globs, ``-``) into the ledger at ``settings.db``.

    Idempotent and resumable: an article already stored (same URL or same
    normalised text) is counted as a duplicate and not extracted again.
    ``filters`` leave out pages by date, domain, language or keyword.
    """
    from dealgraph.sources.reader import read_inputs

    if extractor is None:
        from dealgraph.extract.pipeline import Extractor

        extractor = Extractor(settings)
    ledger = Ledger(open_engine(settings.db))
    filters = filters or RecordFilters()
    items = read_inputs(list(paths), max_bytes=settings.max_bytes, encoding=encoding, filters=filters)
    return ingest_items(keep_languages(items, filters.langs), ledger, extractor, progress)


# The API keeps one extractor per extraction settings (the spaCy models load once
# per process) and one ledger per engine.
_extractors: dict[tuple[object, ...], Extracts] = {}
_ledgers: dict[int, Ledger] = {}
_lock = threading.Lock()


def warm_extractor(settings: Settings) -> Extracts:
    """The process's extractor for ``settings``, built (models loaded) on first use."""
    from dealgraph.extract.pipeline import Extractor

    key = (settings.languages, settings.kb, settings.ner, settings.max_chars)
    with _lock:
        if key not in _extractors:
            _extractors[key] = Extractor(settings)
        return _extractors[key]


def extractor_ready(settings: Settings) -> bool:
    """True when this process already holds a loaded extractor for ``settings``."""
    key = (settings.languages, settings.kb, settings.ner, settings.max_chars)
    return key in _extractors


def ingest_document(engine: Engine, settings: Settings, doc: Document) -> dict[str, object]:
    """Store one article and what it yields; ``{"id", "status", "claims"}``.

    ``status`` is ``stored`` or ``duplicate`` (same URL or same text as an article
    already in the ledger, whose id is returned).
    """
    from sqlalchemy import or_, select

    from dealgraph.store import tables as t
    from dealgraph.stories.copies import content_hash

    # The extractor keeps no article's state: requests extract side by side.
    record = warm_extractor(settings).extract_batch([doc])[0]
    if isinstance(record, Exception):
        raise record
    with _lock:
        ledger = _ledgers.setdefault(id(engine), Ledger(engine))
    outcome = ledger.add(record)
    cond = t.documents.c.content_hash == content_hash(doc.text)
    if doc.url:
        cond = or_(cond, t.documents.c.url == doc.url)
    with engine.connect() as conn:
        stored = conn.execute(select(t.documents.c.id).where(cond).limit(1)).scalar()
    status = "stored" if outcome == Outcome.NEW else "duplicate"
    return {"id": stored, "status": status,
            "claims": len(record.claims) if status == "stored" else 0}
