"""One pass of the watcher, and the loop that repeats it.

A pass asks each feed for what changed (conditional GET with the stored
ETag and Last-Modified), fetches the page of each item not met before,
reads it through the HTML path and stores it through the one write path
(:func:`dealgraph.ingest.ingest_items`). Feeds are asked at once, a few
threads at a time, so that a slow host does not hold up the others: each
feed's thread does its HTTP (the client keeps one request at a time per host
and its delays across threads), and each feed's articles are stored by the
calling thread as soon as its pages are in, while slower feeds are still
being fetched. What became of each item is kept
in the ledger: settled items are never fetched again; an item whose page met
a passing fault (timeout, 5xx, host unreachable) is tried again at the next
passes, up to ``MAX_ATTEMPTS`` times, then recorded as failed.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace

from dealgraph.errors import InputError
from dealgraph.ingest import Extracts, ingest_items
from dealgraph.records import Document
from dealgraph.sources.failure import Failure
from dealgraph.sources.html import parse_html
from dealgraph.sources.http_block import decode_page
from dealgraph.store.watch_state import RETRY, FeedState, WatchState
from dealgraph.store.writes import Ledger, Outcome
from dealgraph.watch.feeds import FeedItem, feed_items
from dealgraph.watch.fetch import Fetched, FetchError, PoliteClient

log = logging.getLogger(__name__)
#: Passes in which a page may meet a passing fault before it is given up.
MAX_ATTEMPTS = 3
#: Feeds asked at once: enough that slow hosts do not hold the others up, few
#: enough that a pass opens a modest number of connections.
PARALLEL = 8
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """Seconds in ``90``, ``90s``, ``10m``, ``2h`` or ``1d``; raises ValueError otherwise."""
    match = _EVERY.match(text)
    if match is None or float(match[1]) <= 0:
        raise ValueError(f"not a duration such as 30s, 10m or 1h: {text!r}")
    return float(match[1]) * _UNIT[match[2]]


@dataclass
class PassReport:
    """What one pass did, for the command's summary line and exit status."""

    feeds: int = 0
    not_modified: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    retry: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (feed or page URL, message)

    def line(self) -> str:
        return (f"{self.feeds} feeds ({self.not_modified} unchanged), {self.new} new, "
                f"{self.duplicate} duplicate, {self.failed} failed, {self.retry} to retry")


@dataclass
class _FeedPass:
    """What one feed's thread brings back: the feed's answer and the pages of its new items."""

    feed: FeedState
    error: str | None = None
    not_modified: bool = False
    etag: str = ""
    last_modified: str = ""
    met: dict[str, int | None] = field(default_factory=dict)
    pages: list[tuple[FeedItem, Document | Failure | FetchError]] = field(default_factory=list)


def _validators(feed: FeedState) -> dict[str, str]:
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers


class Watcher:
    """Polls feeds into one ledger; one instance per process, state in the ledger."""

    def __init__(self, ledger: Ledger, extractor: Extracts, client: PoliteClient,
                 now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
                 parallel: int = PARALLEL) -> None:
        self.ledger = ledger
        self.state = WatchState(ledger.engine)
        self.extractor = extractor
        self.client = client
        self.now = now
        self.parallel = max(1, parallel)

    def poll(self, feeds: Sequence[str]) -> PassReport:
        """One pass over ``feeds`` (URLs); never raises for a feed or page at fault.

        Up to ``parallel`` feeds are fetched at once; the ledger is written by
        this thread only, one feed at a time, in the order the feeds are done.
        """
        report = PassReport()
        states = [self.state.feed(url) for url in feeds]
        report.feeds = len(states)
        if not states:
            return report
        with ThreadPoolExecutor(max_workers=min(self.parallel, len(states)),
                                thread_name_prefix="dealgraph-feed") as pool:
            for done in as_completed([pool.submit(self._fetch, feed) for feed in states]):
                self._store(done.result(), report)
        return report

    def _fetch(self, feed: FeedState) -> _FeedPass:
        """The feed's answer and its new items' pages (in a feed's thread: HTTP and reads only)."""
        got = _FeedPass(feed)
        try:
            answer = self.client.get(feed.url, _validators(feed), obey_robots=False)
        except FetchError as exc:
            got.error = exc.message
            return got
        if answer.status == 304:
            got.not_modified = True
            return got
        if answer.status != 200:
            got.error = f"HTTP {answer.status}"
            return got
        try:
            items = feed_items(answer.body, answer.url)
        except InputError as exc:
            got.error = exc.message
            return got
        got.etag = answer.headers.get("etag") or ""
        got.last_modified = answer.headers.get("last-modified") or ""
        got.met = self.state.attempts(feed, [i.key for i in items])
        todo = [i for i in items if i.key not in got.met or got.met[i.key] is not None]
        got.pages = [(item, self._page(item)) for item in todo]
        return got

    def _store(self, got: _FeedPass, report: PassReport) -> None:
        """Record one feed's pass and store its articles (in the polling thread)."""
        feed = got.feed
        if got.error is not None:
            return self._feed_error(feed, got.error, report)
        if got.not_modified:
            report.not_modified += 1
            self.state.checked(feed, "304")
            return None
        self._items(feed, got.met, got.pages, report)
        # Validators are kept only once the items are handled: a pass cut short
        # asks for the whole feed again instead of missing what it listed.
        self.state.checked(feed, "200", etag=got.etag, last_modified=got.last_modified)
        return None

    def _feed_error(self, feed: FeedState, message: str, report: PassReport) -> None:
        self.state.checked(feed, message, ok=False)
        report.errors.append((feed.url, message))
        log.info("%s: %s", feed.url, message)

    def _items(self, feed: FeedState, met: dict[str, int | None],
               pages: list[tuple[FeedItem, Document | Failure | FetchError]],
               report: PassReport) -> None:
        if not pages:
            return
        by_name: dict[str, FeedItem] = {}
        read: list[Document | Failure] = []
        for item, got in pages:
            if isinstance(got, FetchError):  # passing fault: not stored, asked again later
                tries = (met.get(item.key) or 0) + 1
                if tries < MAX_ATTEMPTS:
                    self.state.settle(feed, item.key, item.url, RETRY, got.message)
                    report.retry += 1
                    continue
                got = Failure(item.url, f"{got.message} ({tries} tries)")
            name = got.input if isinstance(got, Failure) else (got.origin or got.url or got.id)
            by_name[name] = item
            read.append(got)

        def settled(outcome: Outcome, name: str) -> None:
            item = by_name[name]
            message = next((f.message for f in read if isinstance(f, Failure) and f.input == name), None)
            self.state.settle(feed, item.key, item.url, outcome.value, message)
            if message is not None:
                report.errors.append((name, message))

        summary = ingest_items(read, self.ledger, self.extractor, settled)
        report.new += summary.new
        report.duplicate += summary.duplicate
        report.failed += summary.failed

    def _page(self, item: FeedItem) -> Document | Failure | FetchError:
        try:
            answer = self.client.get(item.url)
        except FetchError as exc:
            return exc if exc.passing else Failure(item.url, exc.message)
        if answer.status >= 500 or answer.status == 429:
            return FetchError(f"HTTP {answer.status}", passing=True)
        if answer.status != 200:
            return Failure(item.url, f"HTTP {answer.status}")
        return self._document(item, answer)

    def _document(self, item: FeedItem, answer: Fetched) -> Document | Failure:
        media = answer.media_type
        if media is not None and media not in HTML_TYPES:
            return Failure(item.url, f"not an HTML page ({media})")
        try:
            html = decode_page(answer.body, answer.charset, item.url)
            doc = parse_html(html, item.url, self.now().date())
        except InputError as exc:
            return Failure(item.url, exc.message)
        if doc.date is None and item.published is not None and item.published <= self.now().date():
            doc = replace(doc, date=item.published, date_source="feed")
        return replace(doc, id=item.url, url=answer.url, origin=item.url,
                       title=doc.title or item.title)


def watch(feeds: Sequence[str], watcher: Watcher, every: float, once: bool,
          report: Callable[[PassReport], None], sleep: Callable[[float], None]) -> PassReport:
    """Poll ``feeds`` every ``every`` seconds (one pass with ``once``); the last pass's report."""
    while True:
        done = watcher.poll(feeds)
        report(done)
        if once:
            return done
        sleep(every)
