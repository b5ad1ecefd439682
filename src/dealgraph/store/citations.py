"""What a citation needs beyond a deal's timeline: the article's id and outlet, and
passages of text for questions that are not about deals.

Kept apart from :mod:`dealgraph.store.queries` so that the question answerer
(:mod:`dealgraph.ask`) reads the ledger through small, named functions; every
function takes an open connection and returns plain values.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple

from sqlalchemy import Connection, or_, select

from dealgraph.store import tables as t
from dealgraph.store.query import search


class ClaimSource(NamedTuple):
    """The article a claim comes from, as a citation shows it."""

    document_id: int
    outlet: str | None


class Passage(NamedTuple):
    document_id: int
    key: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    text: str


def claim_sources(conn: Connection, claim_ids: Collection[int]) -> dict[int, ClaimSource]:
    """Claim id -> the id and outlet of its article, in one query."""
    if not claim_ids:
        return {}
    c, d = t.claims, t.documents
    rows = conn.execute(select(c.c.id, d.c.id.label("doc"), d.c.publication)
                        .join(d, d.c.id == c.c.document_id)
                        .where(c.c.id.in_(list(claim_ids))))
    return {r.id: ClaimSource(r.doc, r.publication) for r in rows}


def passages(conn: Connection, words: Sequence[str], limit: int = 5) -> list[Passage]:
    """Articles matching all of ``words`` (else the most words, one at a time), best
    first, with their text: the full-text index answers, the caller picks sentences."""
    hits = search(conn, " ".join(words), limit=limit).documents if words else []
    if not hits and len(words) > 1:
        # no article has them all: rank by the words each has, the rarer the better
        counts: dict[int, float] = {}
        for word in words:
            matched = search(conn, word, limit=limit * 20).documents
            for hit in matched:
                counts[hit.id] = counts.get(hit.id, 0.0) + 1.0 / len(matched)
        best = sorted(counts, key=lambda i: -counts[i])[:limit]
        order = {doc: n for n, doc in enumerate(best)}
        ids = best
    else:
        ids = [h.id for h in hits]
        order = {doc: n for n, doc in enumerate(ids)}
    if not ids:
        return []
    d = t.documents
    texts = conn.execute(select(d.c.id, d.c.key, d.c.title, d.c.publication, d.c.url,
                                d.c.published, d.c.text).where(d.c.id.in_(ids)))
    found = [Passage(r.id, r.key, r.title, r.publication, r.url,
                     r.published.isoformat() if r.published else None, r.text) for r in texts]
    return sorted(found, key=lambda p: order[p.document_id])


def claims_naming_parties(conn: Connection, claim_ids: Collection[int]) -> set[int]:
    """The claims whose evidence sentence itself names their investor or target (by
    any mention the extraction resolved there: name, alias, ticker, description).

    A sentence that names neither ("the start-up denied it") supports its deal only
    through the sentences around it, so it is no citation on its own.
    """
    if not claim_ids:
        return set()
    c, m, o = t.claims, t.mentions, t.organisations
    rows = conn.execute(
        select(c.c.id).distinct()
        .join(m, (m.c.document_id == c.c.document_id) & (m.c.start >= c.c.evidence_start)
              & (m.c.end <= c.c.evidence_end))
        .join(o, o.c.key == m.c.entity_key)
        .where(c.c.id.in_(list(claim_ids)), or_(o.c.name == c.c.investor, o.c.name == c.c.target)))
    return {int(r.id) for r in rows}


def valuation_currencies(conn: Connection, claim_ids: Collection[int]) -> dict[int, str]:
    """Claim id -> the currency of the amount its valuation was read from (the
    amount of its article equal to the valuation), for claims whose own amount
    gives no currency."""
    if not claim_ids:
        return {}
    c, a = t.claims, t.amounts
    rows = conn.execute(
        select(c.c.id, a.c.currency)
        .join(a, (a.c.document_id == c.c.document_id)
              & ((a.c.minimum == c.c.valuation) | (a.c.maximum == c.c.valuation)))
        .where(c.c.id.in_(list(claim_ids)), c.c.valuation.is_not(None), a.c.currency.is_not(None)))
    found: dict[int, str] = {}
    for r in rows:
        found.setdefault(int(r.id), str(r.currency))
    return found
