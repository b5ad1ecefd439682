"""The input formats we read, told apart by file name first, then by content."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import PurePath


class Format(StrEnum):
    TEXT = "text"
    HTML = "html"
    JSONL = "jsonl"
    FEED = "feed"  # RSS or Atom
    WARC = "warc"  # web archive, gzipped or not


#: File suffixes, lower-cased, and the format they promise.
SUFFIXES: dict[str, Format] = {
    ".txt": Format.TEXT,
    ".md": Format.TEXT,
    ".html": Format.HTML,
    ".htm": Format.HTML,
    ".xhtml": Format.HTML,
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".json": Format.JSONL,  # JSON Lines only: a single JSON array is not read
    ".rss": Format.FEED,
    ".atom": Format.FEED,
    ".xml": Format.FEED,  # sniffed: an .xml that is not a feed is read as HTML/text
    ".warc": Format.WARC,  # .warc.gz too: archives are streamed record by record
}
#: Compressed suffixes read transparently (streaming) when wrapped around a JSON Lines name.
COMPRESSED = (".gz",)

_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|div|p)[\s>/]", re.IGNORECASE)


def is_gzip_name(name: str) -> bool:
    return PurePath(name).suffix.lower() in COMPRESSED


def format_from_name(name: str) -> Format | None:
    """The format a file name promises, or ``None`` (no or unknown suffix).

    ``articles.jsonl.gz`` is JSON Lines; the compression suffix is looked through.
    """
    path = PurePath(name)
    if path.suffix.lower() in COMPRESSED:
        path = path.with_suffix("")
    return SUFFIXES.get(path.suffix.lower())


#: Files a folder of articles usually also holds, which are notes about it, not news.
FOLDER_NOTES = frozenset({"readme", "license", "licence", "changelog", "sources", "notes"})


def is_known_name(name: str) -> bool:
    """Whether a file found inside a folder should be read: its suffix is known, and
    it is neither hidden nor a note about the folder (README.md, LICENSE.txt)."""
    path = PurePath(name)
    stem = path.name.split(".")[0].lower()
    if path.name.startswith(".") or stem in FOLDER_NOTES:
        return False
    return format_from_name(name) is not None


def sniff(head: bytes) -> Format:
    """The format of content whose name says nothing, judged on its first bytes.

    A feed root element (rss, feed, rdf:RDF) makes a feed; an HTML root or
    typical block tag near the start makes HTML; a first line that parses as a
    JSON object makes JSON Lines; anything else is plain text.
    """
    start = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith((b"WARC/1.0\r\n", b"WARC/1.1\r\n")):
        return Format.WARC
    if start.startswith(b"<"):
        if _FEED_ROOT.search(start):
            return Format.FEED
        if _HTML_ROOT.search(start):
            return Format.HTML
    if start.startswith(b"{"):
        first = start.split(b"\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return Format.JSONL
        except ValueError:
            pass
    return Format.TEXT


def sniff_xml(head: bytes) -> Format:
    """For an ``.xml`` file: a feed if it has a feed root, else what :func:`sniff` says."""
    return Format.FEED if _FEED_ROOT.search(head[:4096]) else sniff(head)
