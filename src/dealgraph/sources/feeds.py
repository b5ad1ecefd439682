"""RSS and Atom feeds: one Document per item, through feedparser.

An item gives its title, its link as the URL, its published (else updated)
date, and its text from the full content when the feed carries it, else the
summary, with HTML tags turned into plain paragraphs. The id is the item's
guid, else its link, else ``"<file stem>:<n>"`` (items numbered from 1).
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from dealgraph.errors import InputError
from dealgraph.records import Document
from dealgraph.sources.dates import checked
from dealgraph.sources.failure import Failure
from dealgraph.sources.guards import safe_feed
from dealgraph.sources.text import document_id

# Elements after which a line break keeps paragraphs apart in the plain text.
_BLOCKS = frozenset({
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
    "section", "article", "pre", "ul", "ol", "table",
})


def html_to_text(fragment: str) -> str:
    """The plain text of an HTML fragment: tags dropped, blocks as paragraphs
    separated by blank lines.

    Scripts and styles are dropped with their content; runs of spaces collapse.
    Text that is not HTML comes back with its whitespace normalised.
    """
    if "<" not in fragment:
        return "\n".join(" ".join(line.split()) for line in fragment.splitlines() if line.strip())
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return " ".join(fragment.split())
    for bad in root.xpath(".//script|.//style"):
        bad.drop_tree()
    pieces: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node.tag, str):
            pieces.append(node.text or "")
            for child in node:
                walk(child)
                pieces.append(child.tail or "")
            if node.tag in _BLOCKS:
                pieces.append("\n")

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n\n".join(line for line in lines if line)


def _date(entry: Any) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not isinstance(parsed, time.struct_time):
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC).date()


def _text(entry: Any) -> str:
    contents = entry.get("content") or []
    html = max((c.get("value", "") for c in contents), key=len, default="")
    return html_to_text(html or entry.get("summary", "") or "")


def parse_feed(data: bytes, name: str, today: dt.date) -> Iterator[Document | Failure]:
    """A Document (or a Failure) per item of an RSS or Atom feed.

    Raises :class:`InputError` when ``data`` is not a feed with at least one item.
    """
    feed = feedparser.parse(safe_feed(data, name), sanitize_html=True,
                            resolve_relative_uris=False)
    if not feed.entries:
        why = " ".join(f": {feed.bozo_exception}".split()) if feed.get("bozo") else ""
        raise InputError(f"not a valid RSS or Atom feed, or a feed without items{why}",
                         input=name)
    stem = document_id(name)
    site = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, start=1):
        where = f"{name}:{number}"
        text = _text(entry)
        if not text:
            yield Failure(where, "feed item has no text")
            continue
        date, date_source = checked(_date(entry), "feed", today)
        yield Document(
            id=entry.get("id") or entry.get("link") or f"{stem}:{number}",
            text=text, title=entry.get("title") or None, date=date, date_source=date_source,
            url=entry.get("link") or None, site=site, origin=where,
        )
