"""Which records a run keeps: capture dates, languages, domains and keywords.

A crawl holds far more pages than a reader wants, and parsing a page (HTML to
text) is the costly step of reading it. Every test here looks at what a record
carries before parsing: its capture or publication date, its URL, the
language it declares, and its raw bytes. A page that declares no language is
kept by the reader; the language is then judged on its text downstream.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from dealgraph.records import Document

# What a page says of its own language, in the order a browser would trust it.
_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_META_LANG = re.compile(
    rb"<meta\b[^>]*?(?:http-equiv\s*=\s*[\"']?content-language|property\s*=\s*[\"']?og:locale)"
    rb"[^>]*?content\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_META_LANG_REVERSED = re.compile(
    rb"<meta\b[^>]*?content\s*=\s*[\"']?([A-Za-z]{2,3})[^>]*?"
    rb"(?:http-equiv\s*=\s*[\"']?content-language|property\s*=\s*[\"']?og:locale)", re.IGNORECASE)
#: How far into a page its language declaration is looked for (the head, in practice).
HEAD_BYTES = 16_384


def host_of(url: str | None) -> str | None:
    """The lower-cased host of ``url`` without a leading ``www.``, or None."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return host.lower().removeprefix("www.") if host else None


def _under(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def declared_language(page: bytes, header: str | None = None) -> str | None:
    """The language a page declares (HTTP Content-Language, ``<html lang>``,
    ``<meta>`` content-language or og:locale), as a lower-case code, or None."""
    if header:
        code = header.split(",")[0].strip().split("-")[0].split("_")[0].lower()
        if code.isalpha() and 2 <= len(code) <= 3:
            return code
    head = page[:HEAD_BYTES]
    for pattern in (_HTML_LANG, _META_LANG, _META_LANG_REVERSED):
        match = pattern.search(head)
        if match:
            return match[1].decode("ascii").lower()
    return None


def _domains(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(d.lower().strip().strip(".").removeprefix("www.") for d in names if d.strip())


def _keyword_forms(word: str) -> tuple[bytes, ...]:
    # Pages come in UTF-8 or a Western legacy encoding; lower-case both byte forms.
    forms = {word.lower().encode("utf-8")}
    try:
        forms.add(word.lower().encode("cp1252"))
    except UnicodeEncodeError:
        pass
    return tuple(sorted(forms))


@dataclass(frozen=True)
class RecordFilters:
    """What to keep. Every field left empty keeps everything.

    ``since``/``until`` bound the date, both days included; ``langs`` are ISO
    639-1 codes; ``domains`` keep a host and its subdomains, ``exclude_domains``
    drop them; ``keywords`` keep a page whose raw bytes contain at least one of
    them, ignoring ASCII case (a cheap test before any parsing).
    """

    since: dt.date | None = None
    until: dt.date | None = None
    langs: frozenset[str] = frozenset()
    domains: tuple[str, ...] = ()
    exclude_domains: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    _forms: tuple[bytes, ...] = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "domains", _domains(self.domains))
        object.__setattr__(self, "exclude_domains", _domains(self.exclude_domains))
        object.__setattr__(self, "langs", frozenset(lang.lower() for lang in self.langs))
        forms = tuple(f for k in self.keywords if k.strip() for f in _keyword_forms(k.strip()))
        object.__setattr__(self, "_forms", forms)

    @property
    def active(self) -> bool:
        return bool(self.since or self.until or self.langs or self.domains
                    or self.exclude_domains or self.keywords)

    def date_ok(self, day: dt.date | None) -> bool:
        """Whether ``day`` is inside the bounds; an unknown day passes."""
        if day is None:
            return True
        return not ((self.since and day < self.since) or (self.until and day > self.until))

    def url_ok(self, url: str | None) -> bool:
        """Whether the host of ``url`` is wanted; with ``domains`` set, a URL
        without a host is not."""
        host = host_of(url)
        if host is None:
            return not self.domains
        if self.exclude_domains and _under(host, self.exclude_domains):
            return False
        return not self.domains or _under(host, self.domains)

    def lang_ok(self, lang: str | None) -> bool:
        """Whether a declared (or detected) language is wanted; unknown passes."""
        return not self.langs or lang is None or lang in self.langs

    def keywords_ok(self, raw: bytes) -> bool:
        """Whether ``raw`` holds one of the keywords (ASCII case ignored)."""
        if not self._forms:
            return True
        low = raw.lower()
        return any(form in low for form in self._forms)

    def document_ok(self, doc: Document) -> bool:
        """The same tests on an already-read Document (inputs that are not archives)."""
        return (self.date_ok(doc.date) and self.url_ok(doc.url) and self.lang_ok(doc.lang)
                and self.keywords_ok(f"{doc.title or ''}\n{doc.text}".encode()))
