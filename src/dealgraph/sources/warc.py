"""Web archives (WARC, WARC.gz): one Document per archived HTML page.

Crawls such as CC-NEWS ship pages as WARC files of about a gigabyte, and a
reader must get through a damaged one: FastWARC reads the records; where it
cannot read one (a header longer than it accepts, a malformed record), warcio
tries that record; where neither can (a broken gzip member, garbage between
records), the record is reported and reading resumes at the next record
boundary (the next gzip member, or the next ``WARC/1.x`` line).

Records are numbered in file order: every ``response`` record, and every
stretch that could not be read, takes the next index. ``read_warc(start,
stop)`` reads the indices in ``[start, stop)`` and :func:`count_records`
tells how many there are, so a file can be split into partitions that
together read each record once. :func:`record_offsets` also tells where every
Nth index starts in the file: given that ``offset``, a reader of a range seeks
there instead of scanning the file from its start (a gzip member, or a plain
record, can be read from its first byte without what comes before it).

For each response in range, in order, cheapest test first:

1. the capture date (WARC-Date) and the target URI against the filters;
2. a truncated record (WARC-Truncated, or a block shorter than its length) is
   a failure, as is a block that is not an HTTP response;
3. HTTP statuses other than 2xx are skipped (redirects, errors: no article);
4. the declared language and the keywords against the filters;
5. a payload that is not HTML is a failure (``not an HTML page``);
6. the page through the HTML path (``sources/html.py``), with the capture
   date as the latest possible publication date and, when the page states
   none, as its date (``date_source`` ``warc-date``); the target URI is the
   document's URL and id.

Failures name the page's URL (else the file and byte offset).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from dealgraph.errors import InputError
from dealgraph.records import Document
from dealgraph.sources.boilerplate import BoilerplateFilter
from dealgraph.sources.failure import Failure
from dealgraph.sources.filters import RecordFilters, declared_language
from dealgraph.sources.html import parse_html
from dealgraph.sources.http_block import HttpResponse, decode_page, parse_response

__all__ = ["read_warc", "count_records", "record_offsets", "is_warc", "WarcStats"]
log = logging.getLogger(__name__)

#: Media types read as HTML pages.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: Largest record block read into memory; a larger one is reported, not read.
MAX_BLOCK = 20_000_000
GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_LINE = re.compile(rb"(?:^|\n)(WARC/1\.[01]\r?\n)")
_TARGET = re.compile(rb"WARC-Target-URI:\s*<?([^\s>]+)", re.IGNORECASE)
_BOUNDARY_SCAN = 1 << 20  # bytes read at a time while looking for the next record


def is_warc(name: str) -> bool:
    """Whether a file name says WARC (``.warc`` or ``.warc.gz``)."""
    low = name.lower()
    return low.endswith(".warc") or low.endswith(".warc.gz")


@dataclass
class WarcStats:
    """What reading one archive (or one index range of it) found, for the report."""

    responses: int = 0  # records in range, readable or not
    documents: int = 0
    filtered: int = 0  # left out by the filters
    skipped: int = 0  # HTTP status other than 2xx
    failures: Counter[str] = field(default_factory=Counter)  # by kind
    warcio: int = 0  # records FastWARC could not read and warcio did

    def summary(self) -> str:
        parts = [f"{self.responses} responses", f"{self.documents} read"]
        if self.filtered:
            parts.append(f"{self.filtered} filtered out")
        if self.skipped:
            parts.append(f"{self.skipped} not 2xx")
        for kind, n in sorted(self.failures.items()):
            parts.append(f"{n} {kind}")
        if self.warcio:
            parts.append(f"{self.warcio} read by the fallback reader")
        return ", ".join(parts)


@dataclass
class _Raw:
    """One response record (or one unreadable stretch) at byte ``offset``."""

    index: int
    offset: int
    url: str | None
    date: dt.datetime | None = None
    block: bytes | None = None  # None when not read (out of range) or unreadable
    truncated: str | None = None
    problem: str | None = None  # why it could not be read at all
    via: str = "fastwarc"


def _open(source: str | os.PathLike[str] | BinaryIO) -> tuple[BinaryIO, bool]:
    if isinstance(source, str | os.PathLike):
        return open(source, "rb"), True  # noqa: SIM115 - closed by the caller
    return source, False


def _is_gzip(stream: BinaryIO, at: int = 0) -> bool:
    stream.seek(at)
    head = stream.read(3)
    stream.seek(at)
    return head == GZIP_MAGIC


def _looks_like_warc(stream: BinaryIO) -> bool:
    stream.seek(0)
    head = stream.read(4096)
    stream.seek(0)
    if head.startswith(GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.lstrip(b"\r\n").startswith(b"WARC/")


def _next_boundary(stream: BinaryIO, after: int, gz: bool) -> int | None:
    """The byte offset of the first record start strictly after ``after``."""
    pos = after + 1
    overlap = 16
    while True:
        stream.seek(pos)
        chunk = stream.read(_BOUNDARY_SCAN)
        if not chunk:
            return None
        if gz:
            found = chunk.find(GZIP_MAGIC)
            if found >= 0:
                return pos + found
        else:
            match = _WARC_LINE.search(chunk)
            if match and (pos + match.start(1)) > after:
                return pos + match.start(1)
        if len(chunk) < _BOUNDARY_SCAN:
            return None
        pos += len(chunk) - overlap


def _salvage_url(stream: BinaryIO, offset: int, gz: bool) -> str | None:
    """The target URI of a damaged record, from whatever of it can be read."""
    stream.seek(offset)
    raw = stream.read(65536)
    if gz:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        text = b""
        for i in range(0, len(raw), 256):  # inflate up to the damage
            try:
                text += inflater.decompress(raw[i:i + 256])
            except zlib.error:
                break
        raw = text
    match = _TARGET.search(raw[:65536])
    return match[1].decode("utf-8", "replace") if match else None


def _header_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _truncation(headers: Any, got: int) -> str | None:
    cut = headers.get("WARC-Truncated")
    if cut:
        return f"truncated by the crawler ({cut})"
    declared = headers.get("Content-Length")
    if declared is None or not str(declared).strip().isdigit():
        return "truncated record (no valid Content-Length)"
    if got < int(declared):
        return f"truncated record ({got} of {int(declared)} bytes)"
    return None


def _by_warcio(stream: BinaryIO, offset: int, index: int, want: bool) -> _Raw | None:
    """The record at ``offset`` read by warcio, or None if warcio cannot read it either."""
    from warcio.archiveiterator import ArchiveIterator as WarcioIterator
    from warcio.exceptions import ArchiveLoadFailed

    stream.seek(offset)
    try:
        for record in WarcioIterator(stream, no_record_parse=True):
            headers = record.rec_headers
            if headers.get_header("WARC-Type") != "response":
                return _Raw(-1, offset, None)  # readable, but not a response: no index
            url = headers.get_header("WARC-Target-URI")
            raw = _Raw(index, offset, url, _header_date(headers.get_header("WARC-Date")), via="warcio")
            if want:
                block = record.raw_stream.read(MAX_BLOCK + 1)
                raw.block = block
                raw.truncated = _truncation(_WarcioHeaders(headers), len(block))
            return raw
    except (ArchiveLoadFailed, OSError, ValueError, EOFError, zlib.error):
        return None
    return None


class _WarcioHeaders:
    def __init__(self, headers: Any) -> None:
        self._headers = headers

    def get(self, name: str) -> str | None:
        value = self._headers.get_header(name)
        return str(value) if value is not None else None


def _scan(stream: BinaryIO, start: int, stop: int | None, headers_only: bool = False,
          offset: int | None = None) -> Iterator[_Raw]:
    """Every response record and unreadable stretch of ``stream``, in order.

    Blocks are read only for indices in ``[start, stop)``; the scan ends once
    ``stop`` is reached. With ``offset`` (where index ``start`` begins, from
    :func:`record_offsets`) the scan begins there and reads nothing before it.
    """
    index, resume = (0, 0) if offset is None else (start, offset)
    gz = _is_gzip(stream, resume)
    while True:
        stream.seek(resume)
        done_at = resume - 1  # offset of the last record fully handled
        current: int | None = None  # offset of the record being handled
        try:
            for record in ArchiveIterator(stream, parse_http=False, stream_detect=True):
                current = record.stream_pos
                if record.record_type != WarcRecordType.response:
                    done_at, current = record.stream_pos, None
                    continue
                if stop is not None and index >= stop:
                    return
                headers = record.headers
                raw = _Raw(index, record.stream_pos, headers.get("WARC-Target-URI"),
                           _header_date(headers.get("WARC-Date")))
                if index >= start and not headers_only:
                    block = record.reader.read(MAX_BLOCK + 1)
                    raw.block = block
                    raw.truncated = _truncation(headers, len(block))
                index += 1
                done_at, current = record.stream_pos, None
                yield raw
            return
        except (OSError, ValueError) as exc:
            failed = current if current is not None else _next_boundary(stream, done_at, gz)
            if failed is None:
                return
            if stop is not None and index >= stop:
                return
            want = start <= index and not headers_only
            salvaged = _by_warcio(stream, failed, index, want)
            if salvaged is not None and salvaged.index < 0:
                pass  # a record that is not a response: nothing to number
            elif salvaged is not None:
                index += 1
                yield salvaged
            else:
                url = _salvage_url(stream, failed, gz)
                index += 1
                yield _Raw(index - 1, failed, url, problem=" ".join(str(exc).split()) or type(exc).__name__)
            following = _next_boundary(stream, failed, gz)
            if following is None:
                return
            resume = following


def count_records(source: str | os.PathLike[str] | BinaryIO) -> int:
    """How many indices :func:`read_warc` numbers in an archive (see the module docstring).

    Reads only record headers (a compressed file is still inflated once).
    """
    return record_offsets(source, 1 << 62)[0]


def record_offsets(source: str | os.PathLike[str] | BinaryIO, every: int) -> tuple[int, list[int]]:
    """How many indices an archive has, and the byte offset of indices 0, ``every``,
    ``2 * every``...: a reader of a range starting there passes it to :func:`read_warc`
    as ``offset`` and skips the file before it. Costs what :func:`count_records` costs.
    """
    stream, owned = _open(source)
    total = 0
    offsets: list[int] = []
    try:
        for raw in _scan(stream, 0, None, headers_only=True):
            if raw.index % every == 0:
                offsets.append(raw.offset)
            total += 1
        return total, offsets
    finally:
        if owned:
            stream.close()


@dataclass
class _Reader:
    name: str
    filters: RecordFilters
    stats: WarcStats
    boilerplate: BoilerplateFilter
    now: dt.datetime | None

    def fail(self, where: str, kind: str, message: str) -> Failure:
        self.stats.failures[kind] += 1
        return Failure(where, message)

    def read(self, raw: _Raw) -> Document | Failure | None:
        where = raw.url or f"{self.name}@{raw.offset}"
        self.stats.responses += 1
        if raw.via == "warcio":
            self.stats.warcio += 1
        if raw.problem is not None:
            return self.fail(where, "unreadable",
                             f"unreadable record at byte {raw.offset} of {self.name}: {raw.problem}")
        capture = raw.date.date() if raw.date else None
        if not self.filters.date_ok(capture) or not self.filters.url_ok(raw.url):
            self.stats.filtered += 1
            return None
        block = raw.block or b""
        if len(block) > MAX_BLOCK:
            return self.fail(where, "too large", f"record is over the {MAX_BLOCK / 1e6:g} MB limit")
        if raw.truncated is not None:
            return self.fail(where, "truncated", raw.truncated)
        try:
            response = parse_response(block, where)
        except InputError as exc:
            return self.fail(where, "not HTTP", exc.message)
        return self._page(raw, where, response, capture)

    def _page(self, raw: _Raw, where: str, response: HttpResponse,
              capture: dt.date | None) -> Document | Failure | None:
        if not 200 <= response.status < 300:
            self.stats.skipped += 1
            return None
        declared = declared_language(response.body, response.headers.get("content-language"))
        if not self.filters.lang_ok(declared) or not self.filters.keywords_ok(response.body):
            self.stats.filtered += 1
            return None
        media = response.media_type
        if media is not None and media not in HTML_TYPES:
            return self.fail(where, "not HTML", f"not an HTML page ({media})")
        if media is None and b"<" not in response.body[:4096]:
            return self.fail(where, "not HTML", "not an HTML page (no content type, no markup)")
        today = capture or (self.now or dt.datetime.now(dt.UTC)).date()
        try:
            html = decode_page(response.body, response.charset, where)
            doc = parse_html(html, where, today, self.boilerplate)
        except InputError as exc:
            kind = "bad encoding" if "valid" in exc.message or "encoding" in exc.message else "no article"
            return self.fail(where, kind, exc.message)
        if doc.date is None and capture is not None:
            doc = replace(doc, date=capture, date_source="warc-date")
        doc = replace(doc, id=raw.url or doc.id, url=raw.url or doc.url, origin=where)
        if not self.filters.date_ok(doc.date):
            self.stats.filtered += 1
            return None
        self.stats.documents += 1
        return doc


def read_warc(source: str | os.PathLike[str] | BinaryIO, *, filters: RecordFilters | None = None,
              start: int = 0, stop: int | None = None, offset: int | None = None,
              stats: WarcStats | None = None, boilerplate: BoilerplateFilter | None = None,
              now: dt.datetime | None = None) -> Iterator[Document | Failure]:
    """A Document per HTML page of the archive records ``[start, stop)``, a Failure
    per record that cannot be read (steps in the module docstring).

    ``offset``, when given, is the byte offset where record ``start`` begins
    (:func:`record_offsets`): reading seeks there; without it the file is
    scanned from its start to find record ``start``.

    ``source`` is a path or a seekable binary stream. ``stats``, when given, is
    filled as reading goes. ``boilerplate`` drops template paragraphs repeated
    across the pages of a site (a fresh filter per call by default). ``now``
    bounds publication dates when a record has no capture date. Never raises
    for damaged content; a file that cannot be opened is one Failure.
    """
    name = os.fspath(source) if isinstance(source, str | os.PathLike) else "<stream>"
    try:
        stream, owned = _open(source)
    except OSError as exc:
        yield Failure(name, f"cannot read: {exc.strerror or exc}")
        return
    reader = _Reader(name, filters or RecordFilters(), stats if stats is not None else WarcStats(),
                     boilerplate or BoilerplateFilter(), now)
    try:
        if start == 0 and not offset and not _looks_like_warc(stream):
            yield Failure(name, "not a WARC archive (it does not start with a WARC record)")
            return
        for raw in _scan(stream, start, stop, offset=offset):
            if raw.index < start:
                continue
            item = reader.read(raw)
            if item is not None:
                yield item
    finally:
        if owned:
            stream.close()


def read_warc_bytes(data: bytes, name: str, **options: Any) -> Iterator[Document | Failure]:
    """:func:`read_warc` over an archive already in memory (standard input, the API)."""
    for item in read_warc(io.BytesIO(data), **options):
        if isinstance(item, Failure) and item.input.startswith("<stream>"):
            item = Failure(item.input.replace("<stream>", name, 1), item.message)
        yield item
