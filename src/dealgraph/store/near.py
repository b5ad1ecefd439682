"""The near-duplicate index in the store: band keys in a table, looked up by index.

The pure side (signatures, band keys, the choice among candidates) is in
``stories/copies.py``; this module only moves keys in and out of the
``minhash_bands`` table. Nothing is kept in memory between articles, so a
process's memory does not grow with the ledger and every process writing to
one database sees the originals the others stored.
"""

from __future__ import annotations

from datasketch import MinHash
from sqlalchemy import Connection, insert, select

from dealgraph.store import tables as t
from dealgraph.stories.copies import band_keys, closest


def near_original(conn: Connection, mh: MinHash) -> tuple[int, float] | None:
    """The stored original most like ``mh`` (estimated Jaccard >= the threshold), with its score."""
    keys = band_keys(mh)
    if not keys:
        return None
    b, d = t.minhash_bands, t.documents
    ids = select(b.c.document_id).where(b.c.key.in_(keys)).distinct().scalar_subquery()
    rows = conn.execute(select(d.c.id, d.c.minhash).where(d.c.id.in_(ids)).order_by(d.c.id))
    return closest(mh, ((r.id, r.minhash) for r in rows))


def index_original(conn: Connection, doc_id: int, mh: MinHash) -> None:
    """Add an original article's band keys, so later copies of it are found."""
    keys = sorted(set(band_keys(mh)))
    if keys:
        conn.execute(insert(t.minhash_bands), [{"key": k, "document_id": doc_id} for k in keys])
