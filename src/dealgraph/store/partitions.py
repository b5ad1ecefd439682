"""Which partitions of a distributed ingest are stored: looked up before, recorded after.

A partition is recorded once every article of it is committed, so a worker
lost halfway leaves it unrecorded and the next attempt reads it again (its
stored articles are then counted as duplicates, never written twice).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable

from sqlalchemy import Engine, insert, select
from sqlalchemy.exc import IntegrityError

from dealgraph.store import tables as t


def key_hash(key: str) -> str:
    """The stored identity of a partition key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def stored_partitions(engine: Engine, keys: Iterable[str]) -> set[str]:
    """The keys among ``keys`` whose partition is already stored."""
    by_hash = {key_hash(k): k for k in keys}
    found: set[str] = set()
    hashes = sorted(by_hash)
    p = t.ingest_partitions
    with engine.connect() as conn:
        for i in range(0, len(hashes), 500):
            rows = conn.execute(select(p.c.key_hash).where(p.c.key_hash.in_(hashes[i:i + 500])))
            found.update(by_hash[h] for h in rows.scalars())
    return found


def record_partition(engine: Engine, key: str, name: str, new: int, duplicate: int,
                     failed: int) -> None:
    """Mark a partition stored (a second record of it, from a retried task, is ignored)."""
    try:
        with engine.begin() as conn:
            conn.execute(insert(t.ingest_partitions).values(
                key_hash=key_hash(key), name=name[:2000], new=new, duplicate=duplicate,
                failed=failed, finished_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
    except IntegrityError:
        pass
