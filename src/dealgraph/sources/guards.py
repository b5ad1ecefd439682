"""Bounds on what one input may cost, checked before the costly readers see it.

The readers behind us (feedparser, trafilatura, the JSON decoder) were written
for honest input; on the open web an input may be built to exhaust them. Each
guard here is cheap, runs first, and either passes the input on or raises
:class:`InputError` saying which bound it broke, so that the input is reported
and the run goes on with the next one:

- feeds: parsed once by libxml2 with entities left unexpanded and no network,
  whose own resource limits catch entity amplification and nesting deeper than
  256 elements; entity declarations are refused outright (no feed needs them,
  and they are how XML bombs and external-entity reads are built), a DOCTYPE is
  dropped before feedparser reads the feed so it cannot fetch a DTD, and a feed
  may hold at most :data:`MAX_FEED_ITEMS` items;
- HTML pages: at most :data:`MAX_HTML_TAGS` tags (main-text extraction scores
  every element, and a page of 100,000 links takes minutes);
- compressed streams: a stream decompressing to more than :data:`BOMB_RATIO`
  times its compressed size, past :data:`BOMB_FLOOR` bytes, is a compression bomb;
- text: NUL and other C0 control characters (which PostgreSQL refuses) and
  lone surrogates (which no UTF-8 store can hold) are taken out of every
  string a reader yields, so one bad character cannot fail the article's write.
"""

from __future__ import annotations

import re
from dataclasses import fields, replace
from typing import Any, BinaryIO

from lxml import etree

from dealgraph.errors import InputError
from dealgraph.records import Document

MAX_FEED_ITEMS = 10_000
MAX_HTML_TAGS = 50_000
BOMB_RATIO = 100
BOMB_FLOOR = 10_000_000

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(?:\[[^\]]*\])?\s*>", re.IGNORECASE)
_FEED_ITEMS = ("item", "{http://www.w3.org/2005/Atom}entry", "{http://purl.org/rss/1.0/}item")
_TAG = re.compile(rb"<[A-Za-z]")
# Tab, line feed and carriage return are text; the other C0 controls and DEL are not.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_feed(data: bytes, name: str) -> bytes:
    """``data`` without its DOCTYPE, or :class:`InputError` if it breaks a bound."""
    if _ENTITY_DECLARATION.search(data):
        raise InputError("the feed declares XML entities, which no feed needs (refused: "
                         "entity expansion and external entities are attacks)", input=name)
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        root = None  # broken beyond recovery: feedparser's loose reader may still cope
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in error.message:
            raise InputError(f"the feed is over a parser limit: {error.message.strip()}",
                             input=name)
    if root is not None:
        items = sum(1 for _ in root.iter(*_FEED_ITEMS))
        if items > MAX_FEED_ITEMS:
            raise InputError(f"the feed has {items} items, over the limit of {MAX_FEED_ITEMS}",
                             input=name, hint="split it into smaller feeds")
    return _DOCTYPE.sub(b"", data, count=1)


def safe_html(text: str, name: str) -> None:
    """Raise :class:`InputError` if the page has more tags than :data:`MAX_HTML_TAGS`."""
    tags = sum(1 for _ in zip(_TAG.finditer(text.encode("utf-8", "surrogatepass")),
                              range(MAX_HTML_TAGS + 1), strict=False))
    if tags > MAX_HTML_TAGS:
        raise InputError(f"the page has over {MAX_HTML_TAGS} tags: not an article page",
                         input=name)


def size(count: int) -> str:
    """A byte count as people read it: "512 bytes", "40.2 KB", "1000.0 MB" (powers of 1000).

    >>> size(512), size(40_210), size(1_000_000_000)
    ('512 bytes', '40.2 KB', '1000.0 MB')
    """
    if count < 1000:
        return f"{count} byte{'' if count == 1 else 's'}"
    if count < 1_000_000:
        return f"{count / 1e3:.1f} KB"
    return f"{count / 1e6:.1f} MB"


class BombGuard:
    """A binary stream over a compressed file that stops reading at a compression bomb.

    ``raw`` is the compressed file (its position says how much was consumed);
    ``stream`` is the decompressing stream read through this object.
    """

    def __init__(self, stream: BinaryIO, raw: BinaryIO, name: str) -> None:
        self.stream = stream
        self.raw = raw
        self.name = name
        self.out = 0

    def _count(self, data: bytes) -> bytes:
        self.out += len(data)
        if self.out > BOMB_FLOOR and self.out > BOMB_RATIO * max(self.raw.tell(), 1):
            raise InputError(
                f"decompresses to over {BOMB_RATIO} times its size "
                f"({size(self.out)} from {size(self.raw.tell())}): "
                "a compression bomb, not read further", input=self.name)
        return data

    def read(self, size: int = -1) -> bytes:
        return self._count(self.stream.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._count(self.stream.readline(size))


def clean(value: str) -> str:
    """``value`` without C0 control characters and with lone surrogates replaced (U+FFFD)."""
    value = _CONTROL.sub("", value)
    if _SURROGATE.search(value):
        value = _SURROGATE.sub("\ufffd", value)
    return value


def clean_document(doc: Document) -> Document:
    """``doc`` with every string field cleaned (see :func:`clean`)."""
    changes: dict[str, Any] = {}
    for f in fields(doc):
        value = getattr(doc, f.name)
        if isinstance(value, str):
            cleaned = clean(value)
            if cleaned != value:
                changes[f.name] = cleaned
    return replace(doc, **changes) if changes else doc
