"""Ingesting one article posted to the API: extract, then store in one transaction."""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, or_, select

from dealgraph.config import Settings
from dealgraph.records import Document
from dealgraph.store import tables as t
from dealgraph.stories.copies import content_hash

# The extractor loads spaCy models: build it once per settings, and let one
# request at a time use it (the pipeline keeps per-call state in its models).
_lock = threading.Lock()


_extractors: dict[tuple[Any, ...], Any] = {}


def _extractor(settings: Settings) -> Any:
    from dealgraph.extract.pipeline import Extractor

    # Settings hold a mapping and are not hashable: key on what extraction reads.
    key = (settings.languages, settings.kb, settings.ner, settings.max_chars)
    if key not in _extractors:
        _extractors[key] = Extractor(settings)
    return _extractors[key]


@lru_cache(maxsize=2)
def _ledger(engine: Engine) -> Any:
    from dealgraph.store.writes import Ledger

    return Ledger(engine)


def ingest_document(engine: Engine, settings: Settings, doc: Document) -> dict[str, Any]:
    """Store ``doc`` and what it yields; ``{"id", "status", "claims"}``.

    ``status`` is ``stored`` or ``duplicate`` (same URL or same text as an article
    already in the ledger, whose id is returned).
    """
    from dealgraph.store.writes import Outcome

    with _lock:
        record = _extractor(settings).extract(doc)
        outcome = _ledger(engine).add(record)
    cond = t.documents.c.content_hash == content_hash(doc.text)
    if doc.url:
        cond = or_(cond, t.documents.c.url == doc.url)
    with engine.connect() as conn:
        stored = conn.execute(select(t.documents.c.id).where(cond).limit(1)).scalar()
    status = "stored" if outcome == Outcome.NEW else "duplicate"
    return {"id": stored, "status": status,
            "claims": len(record.claims) if status == "stored" else 0}
