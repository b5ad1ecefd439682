"""The watcher's inputs: feed items, OPML subscription lists, durations."""

from __future__ import annotations

from pathlib import Path

import pytest

from dealgraph.errors import InputError
from dealgraph.watch.feeds import feed_items, feed_targets, opml_feeds
from dealgraph.watch.poll import parse_every
from tests.watch.server import rss

OPML = """<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
<outline text="Markets"><outline type="rss" text="Wire" xmlUrl="https://wire.example.com/rss"/>
<outline type="rss" text="Presse" xmlUrl="https://presse.example.fr/flux.xml"/></outline>
<outline type="rss" text="Wire again" xmlUrl="https://wire.example.com/rss"/></body></opml>"""


def test_items_are_keyed_by_guid_and_linked_absolutely() -> None:
    feed = rss([("g1", "/a"), ("g2", "/b"), ("g1", "/a")], "").encode()
    items = feed_items(feed, "https://wire.example.com/rss")
    assert [(i.key, i.url) for i in items] == [("g1", "https://wire.example.com/a"),
                                                ("g2", "https://wire.example.com/b")]
    assert items[0].title == "Item g1" and items[0].published is not None


def test_a_page_that_is_not_a_feed_is_refused_and_an_empty_feed_is_not() -> None:
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        feed_items(b"<html><body><p>Hello</p>", "https://x.example.com/")
    assert feed_items(rss([], "").encode(), "https://x.example.com/rss") == []


def test_opml_lists_feeds_once_in_order(tmp_path: Path) -> None:
    path = tmp_path / "feeds.opml"
    path.write_text(OPML, encoding="utf-8")
    assert opml_feeds(path) == ["https://wire.example.com/rss", "https://presse.example.fr/flux.xml"]
    assert feed_targets(["https://other.example.org/atom", str(path)])[0] == "https://other.example.org/atom"
    with pytest.raises(InputError, match="neither"):
        feed_targets(["wire.example.com/rss"])
    (tmp_path / "empty.opml").write_text("<opml><body/></opml>", encoding="utf-8")
    with pytest.raises(InputError, match="no feed"):
        opml_feeds(tmp_path / "empty.opml")


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("30s", 30), ("10m", 600), ("1.5h", 5400),
                                               ("1d", 86400)])
def test_durations(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "0m", "ten minutes", "5w"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError):
        parse_every(text)
