"""The near-duplicate index in the store: band keys in a table, looked up by index.

The pure side (signatures, band keys, the choice among candidates) is in
``stories/copies.py``; this module only moves keys in and out of the
``minhash_bands`` table. Nothing is kept in memory between articles, so a
process's memory does not grow with the ledger and every process writing to
one database sees the articles the others stored.

Every article's keys are indexed, copies' too: an article that arrives after
its copies (``store/relink.py``) must find them to become their origin.
"""

from __future__ import annotations

from datasketch import MinHash
from sqlalchemy import Connection, insert, select

from dealgraph.store import tables as t
from dealgraph.stories.copies import NEAR_THRESHOLD, band_keys, from_bytes


def similar_documents(conn: Connection, mh: MinHash) -> list[tuple[int, float, bool]]:
    """Every stored article like ``mh`` (estimated Jaccard >= the threshold), by id:
    its id, its score and whether it is a copy itself."""
    keys = band_keys(mh)
    if not keys:
        return []
    b, d = t.minhash_bands, t.documents
    ids = select(b.c.document_id).where(b.c.key.in_(keys)).distinct().scalar_subquery()
    rows = conn.execute(select(d.c.id, d.c.minhash, d.c.copy_of)
                        .where(d.c.id.in_(ids)).order_by(d.c.id))
    found = []
    for r in rows:
        if not r.minhash:
            continue
        score = float(from_bytes(r.minhash).jaccard(mh))
        if score >= NEAR_THRESHOLD:
            found.append((int(r.id), score, r.copy_of is not None))
    return found


def index_document(conn: Connection, doc_id: int, mh: MinHash) -> None:
    """Add an article's band keys, so later (and earlier) copies of it are found."""
    keys = sorted(set(band_keys(mh)))
    if keys:
        conn.execute(insert(t.minhash_bands), [{"key": k, "document_id": doc_id} for k in keys])
