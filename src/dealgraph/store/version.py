"""A cheap answer to "has the ledger changed?", for caches of what is read from it.

:class:`LedgerVersion` returns a value that changes whenever anything is
committed to the ledger, by this process or another one (an ``ingest`` run
beside the server, another server worker). On an SQLite file it asks SQLite's
``PRAGMA data_version`` on a connection kept for that purpose alone: SQLite
changes that number whenever another connection commits, and the probe
connection never writes, so every commit counts. Elsewhere (PostgreSQL, an
in-memory SQLite) it reads the largest document and claim ids, which every
write of the ledger raises: articles are only ever added, never edited.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from sqlalchemy import Engine, func, select

from dealgraph.store import tables as t


class LedgerVersion:
    """Callable returning the ledger's current version (an opaque, comparable value)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._probe: sqlite3.Connection | None = None
        self._path = _sqlite_file(engine)

    def __call__(self) -> Any:
        """The version now: equal to the last answer exactly when nothing was committed since."""
        if self._path is None:
            return self._max_ids()
        with self._lock:
            if self._probe is None:
                # Read-only and autocommit: the probe holds no lock and no snapshot,
                # so it never delays the writer nor sees a stale number.
                self._probe = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True,
                                              check_same_thread=False, isolation_level=None)
            row = self._probe.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the probe connection (a later call opens a new one)."""
        with self._lock:
            if self._probe is not None:
                self._probe.close()
                self._probe = None

    def _max_ids(self) -> tuple[Any, ...]:
        with self._engine.connect() as conn:
            row = conn.execute(select(
                select(func.max(t.documents.c.id)).scalar_subquery(),
                select(func.max(t.claims.c.id)).scalar_subquery(),
                select(func.count()).select_from(t.failures).scalar_subquery(),
            )).one()
        return tuple(row)


def _sqlite_file(engine: Engine) -> str | None:
    """The file of an SQLite engine, or None (another database, or one in memory)."""
    url = engine.url
    if url.get_backend_name() != "sqlite":
        return None
    database = url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return database
