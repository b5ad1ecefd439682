"""dealgraph watch against a real local HTTP server: feeds that change, fail, and recover."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dealgraph.config import load_settings
from dealgraph.extract.pipeline import Extractor
from dealgraph.records import Record
from dealgraph.store.engine import open_engine
from dealgraph.store.writes import Ledger, Outcome
from dealgraph.watch.fetch import FetchPolicy, PoliteClient
from dealgraph.watch.poll import MAX_ATTEMPTS, Watcher
from tests.sources.warc_builder import article
from tests.watch.server import Answer, Site, rss, serve

STORY = "Nvidia invested 5 billion dollars in Mistral AI, the company said on Monday. ({})"
FAST = FetchPolicy(timeout=0.5, delay=0.0, max_bytes=200_000)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_settings(ner=False))


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as served:
        yield served


def _watcher(db: Path, extractor: Extractor, policy: FetchPolicy = FAST) -> Watcher:
    return Watcher(Ledger(open_engine(str(db))), extractor, PoliteClient(policy))


def _feed(site: Site, items: list[tuple[str, str]], etag: str) -> None:
    """The feed at /feed.xml, answering 304 to a client that has ``etag``."""
    body = rss(items, site.base).encode()

    def answer(headers: dict[str, str]) -> Answer:
        if headers.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": etag,
                     "Last-Modified": "Mon, 12 Jan 2026 09:00:00 GMT"}, body

    site.routes["/feed.xml"] = answer


def _pages(site: Site, *names: str) -> None:
    for name in names:
        site.route(f"/news/{name}", article(f"Story {name}", STORY.format(name)))


def _stored(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return sorted(u for (u,) in conn.execute("select url from documents"))


def test_a_feed_that_gains_items_is_read_once_per_item_even_after_a_restart(
        site: Site, extractor: Extractor, tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    _pages(site, "a", "b", "c")
    _feed(site, [("a", "/news/a"), ("b", "/news/b")], etag='"v1"')
    watcher = _watcher(db, extractor)
    first = watcher.poll([site.url("/feed.xml")])
    assert (first.new, first.failed, first.errors) == (2, 0, [])
    assert _stored(db) == [site.url("/news/a"), site.url("/news/b")]

    site.log.clear()
    second = watcher.poll([site.url("/feed.xml")])
    assert second.not_modified == 1 and second.new == 0
    assert site.paths() == ["/feed.xml"]  # a 304, and no page asked
    assert site.log[0][1]["if-none-match"] == '"v1"'
    assert site.log[0][1]["if-modified-since"] == "Mon, 12 Jan 2026 09:00:00 GMT"

    _feed(site, [("c", "/news/c"), ("a", "/news/a"), ("b", "/news/b")], etag='"v2"')
    site.log.clear()
    restarted = _watcher(db, extractor)  # a new process: only the ledger remembers
    third = restarted.poll([site.url("/feed.xml")])
    assert third.new == 1
    assert [p for p in site.paths() if p.startswith("/news/")] == ["/news/c"]
    assert len(_stored(db)) == 3


def test_pages_at_fault_are_reported_and_settled_slow_ones_retried(
        site: Site, extractor: Extractor, tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    site.route("/robots.txt", "User-agent: *\nDisallow: /private/\n", headers={"Content-Type": "text/plain"})
    _pages(site, "good")
    site.route("/private/secret", article("Secret", STORY.format("secret")))
    site.route("/news/menu", "<html><body><nav>Home | Markets</nav></body></html>")
    site.route("/news/loop1", status=302, headers={"Location": "/news/loop2"})
    site.route("/news/loop2", status=302, headers={"Location": "/news/loop1"})
    site.route("/news/moved", status=301, headers={"Location": "/news/good-2"})
    site.route("/news/good-2", article("Moved story", STORY.format("moved")))
    site.route("/news/slow", article("Slow", STORY.format("slow")), pause=1.5)
    site.route("/news/report.pdf", b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
    site.route("/news/huge", "<html><body>" + "<p>x</p>" * 40_000 + "</body></html>")
    items = [(name, path) for name, path in [
        ("good", "/news/good"), ("gone", "/news/gone"), ("secret", "/private/secret"),
        ("menu", "/news/menu"), ("loop", "/news/loop1"), ("moved", "/news/moved"),
        ("slow", "/news/slow"), ("pdf", "/news/report.pdf"), ("huge", "/news/huge")]]
    _feed(site, items, etag='"v1"')
    watcher = _watcher(db, extractor)

    first = watcher.poll([site.url("/feed.xml")])
    assert _stored(db) == [site.url("/news/good"), site.url("/news/good-2")]
    assert (first.new, first.failed, first.retry) == (2, 6, 1)
    errors = dict(first.errors)
    assert errors[site.url("/news/gone")] == "HTTP 404"
    assert errors[site.url("/private/secret")].startswith("disallowed by robots.txt")
    assert errors[site.url("/news/menu")] == "no article text found in the page"
    assert errors[site.url("/news/loop1")].startswith("redirect loop")
    assert errors[site.url("/news/report.pdf")] == "not an HTML page (application/pdf)"
    assert "limit" in errors[site.url("/news/huge")]
    assert "/private/secret" not in site.paths()  # never asked
    assert site.paths().count("/robots.txt") == 1

    # The slow page is asked again at each pass until it gives up; nothing else is.
    for attempt in range(2, MAX_ATTEMPTS + 1):
        site.log.clear()
        _feed(site, items, etag=f'"v{attempt}"')  # the feed changed: a full answer
        later = watcher.poll([site.url("/feed.xml")])
        assert [p for p in site.paths() if p.startswith("/news/")] == ["/news/slow"]
    assert later.failed == 1 and "timed out" in dict(later.errors)[site.url("/news/slow")]
    with sqlite3.connect(db) as conn:
        outcomes = dict(conn.execute("select item_key, outcome from watch_items"))
        failures = {i for (i,) in conn.execute("select input from failures")}
    assert outcomes["slow"] == "failed" and outcomes["good"] == "new"
    assert site.url("/news/gone") in failures and site.url("/news/slow") in failures


def test_a_failing_feed_recovers_and_a_missing_one_is_reported(
        site: Site, extractor: Extractor, tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    _pages(site, "a")
    site.route("/feed.xml", "oops", status=500)
    watcher = _watcher(db, extractor)
    failing = watcher.poll([site.url("/feed.xml"), site.url("/missing.xml")])
    assert dict(failing.errors) == {site.url("/feed.xml"): "HTTP 500",
                                    site.url("/missing.xml"): "HTTP 404"}
    assert _stored(db) == []

    _feed(site, [("a", "/news/a")], etag='"v1"')
    site.log.clear()
    recovered = watcher.poll([site.url("/feed.xml")])
    assert recovered.new == 1 and recovered.errors == []
    assert "if-none-match" not in site.log[0][1]  # no validators were kept from the 500
    with sqlite3.connect(db) as conn:
        status, errors = conn.execute("select status, errors from watch_feeds where url = ?",
                                      (site.url("/feed.xml"),)).fetchone()
    assert (status, errors) == ("200", 0)


def test_one_host_is_asked_at_most_once_per_delay(site: Site, extractor: Extractor,
                                                  tmp_path: Path) -> None:
    _pages(site, "a", "b", "c")
    _feed(site, [("a", "/news/a"), ("b", "/news/b"), ("c", "/news/c")], etag='"v1"')
    watcher = _watcher(tmp_path / "ledger.db", extractor, FetchPolicy(timeout=2, delay=0.3))
    assert watcher.poll([site.url("/feed.xml")]).new == 3
    times = [moment for _, _, moment in site.log]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 5  # feed, robots.txt, three pages
    assert min(gaps) >= 0.29


class StampedLedger(Ledger):
    """The real ledger, noting when each article is handed to it."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.stamps: list[tuple[str, float]] = []

    def add(self, record: Record) -> Outcome:
        self.stamps.append((record.document.url or "", time.monotonic()))
        return super().add(record)


def test_a_slow_host_does_not_hold_up_the_other_feeds(extractor: Extractor, tmp_path: Path) -> None:
    pause = 3.0
    with serve() as slow, serve() as fast:  # two hosts (two ports: two origins)
        slow.route("/news/s1", article("Slow story", STORY.format("s1")), pause=pause)
        _feed(slow, [("s1", "/news/s1")], etag='"s"')
        _pages(fast, "f1", "f2")
        _feed(fast, [("f1", "/news/f1"), ("f2", "/news/f2")], etag='"f"')
        ledger = StampedLedger(open_engine(str(tmp_path / "ledger.db")))
        watcher = Watcher(ledger, extractor, PoliteClient(FetchPolicy(timeout=10, delay=0.0)))
        done = watcher.poll([slow.url("/feed.xml"), fast.url("/feed.xml")])  # the slow one first
        assert (done.feeds, done.new, done.errors) == (2, 3, [])
        [asked] = [moment for path, _, moment in slow.log if path == "/news/s1"]
        stored_fast = [moment for url, moment in ledger.stamps if url.startswith(fast.base)]
        assert len(stored_fast) == 2
        assert max(stored_fast) < asked + pause  # stored while the slow page was still coming
        assert [url for url, _ in ledger.stamps][-1] == slow.url("/news/s1")


def test_feeds_of_one_host_asked_at_once_still_take_turns(site: Site, extractor: Extractor,
                                                           tmp_path: Path) -> None:
    _pages(site, "a", "b", "c", "d")
    _feed(site, [("a", "/news/a"), ("b", "/news/b")], etag='"v1"')
    site.route("/other.xml", rss([("c", "/news/c"), ("d", "/news/d")], site.base),
               headers={"Content-Type": "application/rss+xml"})
    watcher = _watcher(tmp_path / "ledger.db", extractor, FetchPolicy(timeout=2, delay=0.3))
    assert watcher.poll([site.url("/feed.xml"), site.url("/other.xml")]).new == 4
    paths = site.paths()
    assert paths.count("/robots.txt") == 1 and len(paths) == 7  # two feeds, robots, four pages
    times = sorted(moment for _, _, moment in site.log)
    assert min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.29
