"""Reading articles from files, folders, globs and standard input.

:func:`read_inputs` is what the command line calls: it expands the paths,
refuses what cannot be read with one :class:`Failure` per input (and carries
on), and yields Documents in a stable order. The ``read_*`` helpers read one
already-loaded input of a known format, for the HTTP API.

The clock is read here, once per call, and only when ``now`` is not given: the
reading time bounds publication dates (a page cannot be published in the future).
"""

from __future__ import annotations

import codecs
import datetime as dt
import gzip
import logging
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from dealgraph.errors import InputError
from dealgraph.records import Document
from dealgraph.sources.boilerplate import BoilerplateFilter
from dealgraph.sources.decode import decode
from dealgraph.sources.failure import Failure
from dealgraph.sources.feeds import parse_feed
from dealgraph.sources.filters import RecordFilters
from dealgraph.sources.formats import Format, format_from_name, is_gzip_name, sniff, sniff_xml
from dealgraph.sources.guards import BombGuard, clean_document, safe_html
from dealgraph.sources.html import declared_charset, parse_html
from dealgraph.sources.jsonl import bounded_lines, parse_lines
from dealgraph.sources.paths import Source, expand
from dealgraph.sources.text import parse_text
from dealgraph.sources.warc import WarcStats, read_warc, read_warc_bytes

__all__ = [
    "Failure", "read_inputs", "read_text", "read_html", "read_jsonl", "read_feed", "read_data",
]
DEFAULT_MAX_BYTES = 20_000_000
log = logging.getLogger(__name__)
STDIN_NAME = "<stdin>"


def _today(now: dt.datetime | None) -> dt.date:
    moment = now if now is not None else dt.datetime.now(dt.UTC)
    return moment.date()


def _as_bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _as_text(data: bytes | str, name: str, encoding: str | None) -> str:
    if isinstance(data, str):
        if not data.strip():
            raise InputError("empty file", input=name)
        return data
    return decode(data, name, encoding)


def _html_text(data: bytes | str, name: str, encoding: str | None) -> str:
    # A page that is not UTF-8 usually says what it is (Shift-JIS, ISO-8859-15...);
    # its declaration beats our Western guess, but not a valid UTF-8 reading,
    # since pages often keep a stale declaration after being converted.
    if isinstance(data, bytes) and encoding is None:
        declared = declared_charset(data)
        if declared is not None and codecs.lookup(declared).name != "utf-8":
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                return _as_text(data, name, declared)
    return _as_text(data, name, encoding)


def read_text(data: bytes | str, name: str, *, encoding: str | None = None,
              now: dt.datetime | None = None) -> Document:
    """The Document of a plain-text article (``date YYYY-MM-DD title`` header or
    front matter understood). Raises only :class:`InputError`, naming ``name``."""
    return _not_emptied(clean_document(parse_text(_as_text(data, name, encoding), name, _today(now))), name)


def read_html(data: bytes | str, name: str, *, encoding: str | None = None,
              now: dt.datetime | None = None,
              boilerplate: BoilerplateFilter | None = None) -> Document:
    """The Document of an HTML article page. Raises only :class:`InputError`."""
    page = _html_text(data, name, encoding)
    safe_html(page, name)
    return _not_emptied(clean_document(parse_html(page, name, _today(now), boilerplate)), name)


def _not_emptied(doc: Document, name: str) -> Document:
    """``doc``, unless cleaning left no text (a file of terminal escapes, say)."""
    if not doc.text.strip():
        raise InputError("empty file once control characters are removed", input=name)
    return doc


def read_jsonl(data: bytes | str, name: str, *, encoding: str | None = None,
               now: dt.datetime | None = None) -> Iterator[Document | Failure]:
    """A Document or a Failure for each non-blank line of JSON Lines ``data``."""
    return _cleaned(_dispatch(data, name, Format.JSONL, encoding, _today(now), None))


def read_feed(data: bytes | str, name: str, *, encoding: str | None = None,
              now: dt.datetime | None = None) -> Iterator[Document | Failure]:
    """A Document or a Failure per item of an RSS/Atom feed (a single Failure if
    ``data`` is not a feed). ``encoding`` overrides the feed's own declaration."""
    return _cleaned(_dispatch(data, name, Format.FEED, encoding, _today(now), None))


def read_data(data: bytes | str, name: str, fmt: Format | str | None = None, *,
              encoding: str | None = None, now: dt.datetime | None = None,
              boilerplate: BoilerplateFilter | None = None) -> Iterator[Document | Failure]:
    """Every Document in ``data`` of format ``fmt`` ("text", "html", "jsonl", "feed"),
    sniffed from the content when ``fmt`` is None. An unreadable input is
    yielded as a Failure; only an unknown ``fmt`` raises (ValueError, at once)."""
    kind = Format(fmt) if fmt is not None else sniff(_as_bytes(data)[:4096])
    return _cleaned(_dispatch(data, name, kind, encoding, _today(now), boilerplate))


def _cleaned(items: Iterator[Document | Failure]) -> Iterator[Document | Failure]:
    """``items`` with every Document's strings cleaned of what no store can hold."""
    for item in items:
        yield item if isinstance(item, Failure) else clean_document(item)


def _dispatch(
    data: bytes | str, name: str, kind: Format, encoding: str | None, today: dt.date,
    boilerplate: BoilerplateFilter | None,
) -> Iterator[Document | Failure]:
    try:
        if kind is Format.TEXT:
            yield parse_text(_as_text(data, name, encoding), name, today)
        elif kind is Format.HTML:
            page = _html_text(data, name, encoding)
            safe_html(page, name)
            yield parse_html(page, name, today, boilerplate)
        elif kind is Format.WARC:
            yield from read_warc_bytes(_as_bytes(data), name, now=_moment(today),
                                       boilerplate=boilerplate)
        elif kind is Format.JSONL:
            yield from parse_lines(_as_bytes(data).splitlines(keepends=True), name, today,
                                   encoding=encoding)
        else:
            raw = _as_bytes(data) if encoding is None else _as_text(data, name, encoding).encode()
            yield from parse_feed(raw, name, today)
    except InputError as exc:
        yield Failure.of(exc, name)


def _moment(today: dt.date) -> dt.datetime:
    return dt.datetime.combine(today, dt.time(23, 59), dt.UTC)


def _read_archive(source: Source, path: Path, filters: RecordFilters, today: dt.date,
                  boilerplate: BoilerplateFilter) -> Iterator[Document | Failure]:
    """The pages of a web archive, filtered before parsing; its counts are logged."""
    stats = WarcStats()
    yield from read_warc(path, filters=filters, stats=stats, boilerplate=boilerplate,
                         now=_moment(today))
    log.warning("%s: %s", source.name, stats.summary())


def _too_big(size: int, max_bytes: int, what: str = "file") -> str:
    return (f"{what} is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit "
            "(raise --max-bytes)")


def _read_bounded(stream: BinaryIO, max_bytes: int) -> bytes | None:
    """At most ``max_bytes`` of ``stream``, or None if it holds more."""
    data = stream.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def _format_of(name: str, data: bytes) -> Format:
    by_name = format_from_name(name)
    if by_name is None:
        return sniff(data[:4096])
    if Path(name.removesuffix(".gz")).suffix.lower() == ".xml":
        return sniff_xml(data[:4096])
    return by_name


def _read_gzip(source: Source, path: Path, max_bytes: int, encoding: str | None,
               today: dt.date, boilerplate: BoilerplateFilter) -> Iterator[Document | Failure]:
    try:
        with path.open("rb") as raw, gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
            stream = BombGuard(unzipped, raw, source.name)  # type: ignore[arg-type]
            if format_from_name(source.name) is Format.JSONL:
                lines = bounded_lines(stream, max_bytes)
                yield from parse_lines(lines, source.name, today, encoding=encoding,
                                       max_bytes=max_bytes)
                return
            data = _read_bounded(stream, max_bytes)  # type: ignore[arg-type]
    except (OSError, EOFError, zlib.error) as exc:
        yield Failure(source.name, f"not a valid gzip file: {exc}")
        return
    except InputError as exc:  # a compression bomb, found while streaming
        yield Failure.of(exc, source.name)
        return
    if data is None:
        yield Failure(source.name, f"uncompressed content is over the {max_bytes / 1e6:g} MB "
                                   "limit (raise --max-bytes)")
        return
    yield from _dispatch(data, source.name, _format_of(source.name, data), encoding, today,
                         boilerplate)


def _read_source(source: Source, stdin: BinaryIO | None, max_bytes: int, encoding: str | None,
                 today: dt.date, boilerplate: BoilerplateFilter,
                 filters: RecordFilters) -> Iterator[Document | Failure]:
    if source.problem is not None:
        yield Failure(source.name, source.problem)
        return
    if source.path is not None and format_from_name(source.path.name) is Format.WARC:
        # Streamed whatever its size: the limit bounds each archived page, not the crawl.
        yield from _read_archive(source, source.path, filters, today, boilerplate)
        return
    for item in _cleaned(_read_plain(source, stdin, max_bytes, encoding, today, boilerplate)):
        if isinstance(item, Failure) or filters.document_ok(item):
            yield item


def _read_plain(source: Source, stdin: BinaryIO | None, max_bytes: int, encoding: str | None,
                today: dt.date, boilerplate: BoilerplateFilter) -> Iterator[Document | Failure]:
    if source.path is None:
        data = _read_bounded(stdin if stdin is not None else sys.stdin.buffer, max_bytes)
        if data is None:
            yield Failure(STDIN_NAME, f"input is over the {max_bytes / 1e6:g} MB limit "
                                      "(raise --max-bytes)")
            return
        yield from _dispatch(data, STDIN_NAME, sniff(data[:4096]), encoding, today, boilerplate)
        return
    path = source.path
    if is_gzip_name(path.name):
        yield from _read_gzip(source, path, max_bytes, encoding, today, boilerplate)
        return
    try:
        if format_from_name(path.name) is Format.JSONL:
            # Streamed: the limit bounds each line (one article), not the corpus.
            with path.open("rb") as stream:
                yield from parse_lines(bounded_lines(stream, max_bytes), source.name, today,
                                       encoding=encoding, max_bytes=max_bytes)
            return
        size = path.stat().st_size
        if size > max_bytes:
            yield Failure(source.name, _too_big(size, max_bytes))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Failure(source.name, f"cannot read: {exc.strerror or exc}")
        return
    yield from _dispatch(data, source.name, _format_of(path.name, data), encoding, today,
                         boilerplate)


def read_inputs(paths: Sequence[str], *, max_bytes: int = DEFAULT_MAX_BYTES,
                encoding: str | None = None, now: dt.datetime | None = None,
                stdin: BinaryIO | None = None,
                filters: RecordFilters | None = None) -> Iterator[Document | Failure]:
    """Every Document in ``paths``, and a Failure for each input that cannot be read.

    ``paths`` holds files, folders (read recursively), glob patterns and ``-``
    (standard input, or ``stdin`` when given). The format comes from the file
    suffix, else from the content. ``max_bytes`` bounds each file (each line for
    JSON Lines, which is streamed); ``encoding`` overrides detection; ``now``
    (default: the current UTC time) bounds publication dates. Template
    paragraphs repeated across the HTML pages of a site are dropped over the
    whole call. Web archives (``.warc``, ``.warc.gz``) are streamed record by
    record, their pages ``filters``-ed before parsing; the documents of other
    inputs are filtered once read. Never raises for a bad input: iteration goes on.
    """
    today = _today(now)
    boilerplate = BoilerplateFilter()
    wanted = filters or RecordFilters()
    for source in expand(paths):
        yield from _cleaned(_read_source(source, stdin, max_bytes, encoding, today, boilerplate,
                                         wanted))
