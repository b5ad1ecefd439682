"""The watcher's memory in the ledger, on SQLite and PostgreSQL."""

from __future__ import annotations

from dealgraph.store.engine import open_engine
from dealgraph.store.watch_state import RETRY, WatchState


def test_feeds_keep_validators_and_count_errors_in_a_row(db: str) -> None:
    state = WatchState(open_engine(db))
    feed = state.feed("https://wire.example.com/rss")
    assert state.feed("https://wire.example.com/rss").id == feed.id  # created once
    assert (feed.etag, feed.last_modified, feed.errors) == (None, None, 0)
    state.checked(feed, "200", etag='"v1"', last_modified="Mon, 12 Jan 2026 09:00:00 GMT")
    state.checked(state.feed(feed.url), "HTTP 500", ok=False)
    state.checked(state.feed(feed.url), "HTTP 500", ok=False)
    again = state.feed(feed.url)
    assert (again.etag, again.last_modified, again.errors) == ('"v1"', "Mon, 12 Jan 2026 09:00:00 GMT", 2)
    state.checked(again, "304")
    assert state.feed(feed.url).errors == 0 and state.feed(feed.url).etag == '"v1"'


def test_items_are_settled_or_counted_as_attempts(db: str) -> None:
    state = WatchState(open_engine(db))
    feed = state.feed("https://wire.example.com/rss")
    other = state.feed("https://presse.example.fr/flux.xml")
    state.settle(feed, "a", "https://wire.example.com/a", "new")
    state.settle(feed, "b", "https://wire.example.com/b", RETRY, "timed out")
    state.settle(feed, "b", "https://wire.example.com/b", RETRY, "timed out")
    assert state.attempts(feed, ["a", "b", "c"]) == {"a": None, "b": 2}
    assert state.attempts(other, ["a", "b"]) == {}  # items belong to their feed
    state.settle(feed, "b", "https://wire.example.com/b", "failed", "timed out (3 tries)")
    assert state.attempts(feed, ["b"]) == {"b": None}
