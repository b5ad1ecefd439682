"""Telling the database's failures apart: wait and retry, or stop with a clear error.

A write can fail because another writer holds a lock (SQLite's "database is
locked", a PostgreSQL deadlock or serialization failure), because the server
went away for a moment (a restart, a dropped connection), or because there is
no room left (a full disk or SQLite's page limit). The first two pass: the
write is retried after a growing pause. The last does not: the caller stops
with one message naming the database, and what was committed stays.
"""

from __future__ import annotations

import random
import time
from enum import Enum

from sqlalchemy.exc import DBAPIError

#: Attempts at one write before giving up, and the longest pause between two.
ATTEMPTS = 8
LONGEST_PAUSE = 5.0


class Fault(Enum):
    BUSY = "busy"  # another writer holds a lock: wait and retry
    GONE = "gone"  # the connection or the server went away: wait and retry
    FULL = "full"  # no room left: stop


_FULL = ("database or disk is full", "no space left on device", "disk full", "diskfull")
_BUSY = ("database is locked", "database table is locked", "deadlock detected",
         "could not serialize access", "lock timeout")
_GONE = ("server closed the connection", "terminating connection", "connection refused",
         "connection is closed", "the database system is starting up",
         "the database system is shutting down", "could not connect", "connection failed",
         "consuming input failed", "server conn crashed", "ssl syscall error")
#: PostgreSQL error classes: 53 insufficient resources, 40 transaction rollback,
#: 08 connection exception, 57P insufficient/operator intervention (a shutdown).
_SQLSTATES = {"53100": Fault.FULL, "40001": Fault.BUSY, "40P01": Fault.BUSY,
              "55P03": Fault.BUSY}


def fault_of(exc: BaseException) -> Fault | None:
    """The kind of ``exc`` if it is a database fault this module knows, else None."""
    if not isinstance(exc, DBAPIError):
        return None
    state = getattr(exc.orig, "sqlstate", None)
    if isinstance(state, str):
        if state in _SQLSTATES:
            return _SQLSTATES[state]
        if state.startswith(("08", "57P")):
            return Fault.GONE
    text = str(exc.orig).lower()
    if any(p in text for p in _FULL):
        return Fault.FULL
    if any(p in text for p in _BUSY):
        return Fault.BUSY
    if exc.connection_invalidated or any(p in text for p in _GONE):
        return Fault.GONE
    return None


def pause(attempt: int) -> None:
    """Sleep before retry number ``attempt`` (from 1): growing, jittered, bounded."""
    time.sleep(min(LONGEST_PAUSE, 0.05 * 2 ** attempt) * (0.5 + random.random() / 2))  # noqa: S311
