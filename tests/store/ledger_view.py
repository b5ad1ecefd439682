"""A ledger read back in a form that does not depend on the order articles were written in.

Row ids, which of two reprints is called the origin and which of two files
holding one text is kept depend on which writer committed first; what must not
depend on it is what the ledger says: which texts it holds (named here by their
normalised-text hash), which are copies of one another, which tell one story,
and each deal's claims, status and amount.
"""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from dealgraph.store import tables as t
from dealgraph.store.writes import count


def _groups(pairs: list[tuple[str, int]]) -> set[frozenset[str]]:
    found: dict[int, set[str]] = {}
    for key, group in pairs:
        found.setdefault(group, set()).add(key)
    return {frozenset(g) for g in found.values()}


def ledger_view(engine: Engine) -> dict[str, object]:
    """Documents, copy groups, stories, deals and row counts of the ledger at ``engine``."""
    d, deals, c = t.documents, t.deals, t.claims
    with engine.connect() as conn:
        docs = conn.execute(select(d.c.id, d.c.content_hash.label("key"), d.c.copy_of,
                                   d.c.story_id)).all()
        deal_rows = conn.execute(select(
            deals.c.investor, deals.c.target, deals.c.kind, deals.c.status, deals.c.minimum,
            deals.c.maximum, deals.c.currency, deals.c.first_date, deals.c.last_date,
            deals.c.claims, deals.c.conflicts)).all()
        per_doc = conn.execute(select(d.c.content_hash, func.count(c.c.id))
                               .join(c, c.c.document_id == d.c.id, isouter=True)
                               .group_by(d.c.content_hash)).all()
        links = conn.execute(select(t.document_links.c.relation)).scalars().all()
        counts = {name: count(conn, name) for name in (
            "documents", "claims", "deals", "mentions", "amounts", "organisations", "people",
            "stories", "document_links", "failures")}
    return {
        "documents": sorted(r.key for r in docs),
        "copies": _groups([(r.key, r.copy_of or r.id) for r in docs]),
        "stories": _groups([(r.key, r.story_id) for r in docs]),
        "deals": sorted(tuple(r) for r in deal_rows),
        "links": sorted(links),
        "claims per document": sorted((k, n) for k, n in per_doc),
        "counts": counts,
    }
