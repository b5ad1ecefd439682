"""What a citation needs beyond a deal's timeline: the article's id and outlet, and
passages of text for questions that are not about deals.

Kept apart from :mod:`dealgraph.store.queries` so that the question answerer
(:mod:`dealgraph.ask`) reads the ledger through small, named functions; every
function takes an open connection and returns plain values.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import Connection, func, or_, select

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
    """The claims whose evidence sentence itself names their investor or target.

    Named means by a name the extraction resolved there (its name, an alias, a
    ticker, a name the NER or the parse found) or by a description that is that
    organisation's alone ("le géant de Redmond", "the maker of ChatGPT"). A
    sentence that names neither ("the start-up denied it"; "the bank said", where
    only the sentences before say which bank) supports its deal only through the
    sentences around it, so it is no citation on its own; nor is a short form
    that begins another name ("First" of "First Republic Bank" for First Horizon).
    """
    if not claim_ids:
        return set()
    c, m, o, d = t.claims, t.mentions, t.organisations, t.documents
    rows = conn.execute(
        select(c.c.id, m.c.text, m.c.via, m.c.entity_key, o.c.name,
               func.substr(d.c.text, m.c.end + 1, _AFTER).label("after"))
        .join(m, (m.c.document_id == c.c.document_id) & (m.c.start >= c.c.evidence_start)
              & (m.c.end <= c.c.evidence_end))
        .join(o, o.c.key == m.c.entity_key)
        .join(d, d.c.id == c.c.document_id)
        .where(c.c.id.in_(list(claim_ids)), or_(o.c.name == c.c.investor, o.c.name == c.c.target)))
    found: set[int] = set()
    for r in rows:
        if r.id in found or _part_of_another_name(str(r.text), str(r.name), r.after or ""):
            continue
        if r.via != DESCRIPTION or str(r.entity_key) in _described_ids(str(r.text)):
            found.add(int(r.id))
    return found


#: How a mention found by a description is marked (:class:`Mention.via`).
DESCRIPTION = "description"
#: Characters read after a mention to see whether another name goes on there.
_AFTER = 40
_NEXT_WORD = re.compile(r"^[ \u00a0]([^\W\d_][\w&.'’-]*)")


def _part_of_another_name(text: str, name: str, after: str) -> bool:
    """``text`` is the first words of ``name`` and the capitalised word after it in
    the article is not the one ``name`` goes on with: "First" in "First Republic
    Bank", taken for First Horizon, is part of another bank's name."""
    if not name.startswith(text + " "):
        return False
    nxt = _NEXT_WORD.match(after)
    if nxt is None or not nxt.group(1)[0].isupper():
        return False
    return not name[len(text) + 1:].startswith(nxt.group(1))


@lru_cache(maxsize=4096)
def _described_ids(text: str) -> list[str]:
    """The organisations a description names on its own (the knowledge base's
    descriptions, products' makers, people's organisations); none for a generic one
    ("the bank"), which names an organisation only through the sentences before."""
    from dealgraph.nlp.kb import default_kb
    from dealgraph.store.query.names import described

    return described(text, default_kb())


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
