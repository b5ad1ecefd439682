"""What ``dealgraph watch`` remembers between polls and across restarts.

A feed's validators (ETag, Last-Modified) make the next poll a conditional
GET; the items met make a page fetched once. Both live in the ledger itself
(tables ``watch_feeds`` and ``watch_items``), so a watcher restarted on the
same database, or a cron job, fetches nothing it already has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from dealgraph.store import tables as t

#: The outcome of an item whose page met a passing fault and is asked again.
RETRY = "retry"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class FeedState:
    id: int
    url: str
    etag: str | None
    last_modified: str | None
    errors: int


class WatchState:
    """The watcher's tables on one ledger engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def feed(self, url: str) -> FeedState:
        """The stored state of the feed at ``url``, created on first sight."""
        query = select(t.watch_feeds).where(t.watch_feeds.c.url == url)
        with self.engine.begin() as conn:
            row = conn.execute(query).first()
            if row is None:
                try:
                    with conn.begin_nested():
                        conn.execute(insert(t.watch_feeds).values(url=url, errors=0))
                except IntegrityError:
                    pass  # another watcher added it meanwhile
                row = conn.execute(query).one()
        return FeedState(row.id, row.url, row.etag, row.last_modified, row.errors)

    def checked(self, feed: FeedState, status: str, *, etag: str | None = None,
                last_modified: str | None = None, ok: bool = True) -> None:
        """Record a poll of ``feed``: new validators after a full answer, the error count."""
        values: dict[str, object] = {"checked_at": _now(), "status": status[:200],
                                     "errors": 0 if ok else feed.errors + 1}
        if etag is not None or last_modified is not None:
            values.update(etag=etag, last_modified=last_modified)
        with self.engine.begin() as conn:
            conn.execute(update(t.watch_feeds).where(t.watch_feeds.c.id == feed.id).values(**values))

    def attempts(self, feed: FeedState, keys: Iterable[str]) -> dict[str, int | None]:
        """For each of ``keys`` met before: None if settled, else its failed attempts so far."""
        wanted = list(keys)
        found: dict[str, int | None] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                rows = conn.execute(
                    select(t.watch_items.c.item_key, t.watch_items.c.outcome, t.watch_items.c.attempts)
                    .where(t.watch_items.c.feed_id == feed.id,
                           t.watch_items.c.item_key.in_(wanted[start:start + 500])))
                for key, outcome, attempts in rows:
                    found[key] = attempts if outcome == RETRY else None
        return found

    def settle(self, feed: FeedState, key: str, url: str | None, outcome: str,
               message: str | None = None) -> None:
        """Record what became of an item (``RETRY`` counts one more attempt)."""
        table = t.watch_items
        with self.engine.begin() as conn:
            row = conn.execute(select(table.c.id, table.c.attempts).where(
                table.c.feed_id == feed.id, table.c.item_key == key)).first()
            attempts = (row.attempts if row else 0) + (outcome == RETRY)
            values = {"url": url, "outcome": outcome, "message": message, "attempts": attempts,
                      "seen_at": _now()}
            if row is None:
                conn.execute(insert(table).values(feed_id=feed.id, item_key=key, **values))
            else:
                conn.execute(update(table).where(table.c.id == row.id).values(**values))
