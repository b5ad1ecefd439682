"""What a feed lists and what an OPML file names: the watcher's inputs.

A feed item is known by its guid (else its link), so an item whose page moves
is not fetched twice; its link is resolved against the feed's own URL.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import feedparser
from lxml import etree

from dealgraph.errors import InputError


@dataclass(frozen=True)
class FeedItem:
    key: str
    url: str
    title: str | None = None
    published: dt.date | None = None


def _published(entry: object) -> dt.date | None:
    get = getattr(entry, "get")  # noqa: B009 - feedparser entries are dicts
    parsed = get("published_parsed") or get("updated_parsed")
    if not isinstance(parsed, time.struct_time):
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC).date()


def feed_items(data: bytes, feed_url: str) -> list[FeedItem]:
    """The items of an RSS or Atom feed that link to a page, in feed order.

    Raises :class:`InputError` naming ``feed_url`` when ``data`` is not a feed.
    An empty feed is a feed: it has no items yet.
    """
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if parsed.get("bozo") and not parsed.entries and not parsed.get("version"):
        why = " ".join(str(parsed.get("bozo_exception", "")).split())
        raise InputError(f"not an RSS or Atom feed{': ' + why if why else ''}", input=feed_url)
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        url = urljoin(feed_url, link.strip())
        key = (entry.get("id") or url).strip()
        if key in seen:
            continue
        seen.add(key)
        items.append(FeedItem(key, url, entry.get("title") or None, _published(entry)))
    return items


def opml_feeds(path: Path) -> list[str]:
    """The feed URLs (``xmlUrl``) of an OPML subscription list, in file order.

    Raises :class:`InputError` naming the file when it cannot be read or holds none.
    """
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(f"not a readable OPML file: {exc}", input=str(path)) from None
    urls = [str(u).strip() for u in tree.xpath("//outline/@xmlUrl") if str(u).strip()]
    if not urls:
        raise InputError("no feed (outline xmlUrl) in this OPML file", input=str(path))
    return list(dict.fromkeys(urls))


def feed_targets(names: list[str]) -> list[str]:
    """The feed URLs named on the command line: URLs as given, OPML files expanded."""
    urls: list[str] = []
    for name in names:
        if name.startswith(("http://", "https://")):
            urls.append(name)
        elif Path(name).is_file():
            urls.extend(opml_feeds(Path(name)))
        else:
            raise InputError("neither an http(s) feed URL nor an OPML file", input=name)
    return list(dict.fromkeys(urls))
