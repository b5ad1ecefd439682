"""JSON Lines: one article per line, read as a stream so a corpus never sits in memory.

Each line is an object with ``text`` (required, a non-empty string) and
optional ``title``, ``date`` (``YYYY-MM-DD`` or an ISO date-time), ``url``,
``site``, ``id`` and ``lang``. The id is the given ``id``, else
``"<file stem>:<line number>"``. Blank lines are skipped; a bad line yields a
:class:`Failure` named ``"<path>:<line>"`` and the following lines are still read.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import Any

from dealgraph.records import Document
from dealgraph.sources.dates import checked, parse_date
from dealgraph.sources.failure import Failure
from dealgraph.sources.text import document_id

_OPTIONAL = ("title", "date", "url", "site", "lang")


def _document(obj: dict[str, Any], where: str, stem: str, number: int,
              today: dt.date) -> Document | Failure:
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return Failure(where, 'no "text" string in the object')
    for key in _OPTIONAL:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return Failure(where, f'"{key}" must be a string, not {type(obj[key]).__name__}')
    given_id = obj.get("id")
    if given_id is not None and (isinstance(given_id, bool) or not isinstance(given_id, str | int)):
        return Failure(where, f'"id" must be a string or a number, not {type(given_id).__name__}')
    date, date_source = checked(parse_date(obj["date"]) if obj.get("date") else None,
                                "jsonl", today)
    return Document(
        id=str(given_id) if given_id is not None and str(given_id) else f"{stem}:{number}",
        text=text, title=obj.get("title") or None, date=date, date_source=date_source,
        url=obj.get("url") or None, site=obj.get("site") or None,
        lang=obj.get("lang") or None, origin=where,
    )


def parse_lines(
    lines: Iterable[bytes], name: str, today: dt.date, *,
    encoding: str | None = None, max_bytes: int | None = None, first: int = 1,
) -> Iterator[Document | Failure]:
    """A Document or a Failure for each non-blank line of ``lines`` (numbered from ``first``:
    a slice of a file read alone keeps the ids and names it has in the whole file).

    ``max_bytes`` bounds one line (one article), not the file, which is streamed.
    Lines are UTF-8 (a BOM on the first line is ignored) unless ``encoding`` is given.
    """
    stem = document_id(name)
    for number, raw in enumerate(lines, start=first):
        where = f"{name}:{number}"
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        if max_bytes is not None and len(raw.rstrip(b"\r\n")) > max_bytes:
            yield Failure(where, f"line is over the {max_bytes / 1e6:g} MB limit "
                                 "(raise --max-bytes)")
            continue
        try:
            line = raw.decode(encoding or "utf-8")
        except UnicodeDecodeError as exc:
            yield Failure(where, f"not valid {encoding or 'UTF-8'} (byte 0x{raw[exc.start]:02x} "
                                 f"at offset {exc.start}); try --encoding latin-1")
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield Failure(where, f"not valid JSON: {exc}")
            continue
        except RecursionError:  # the decoder recurses once per level of nesting
            yield Failure(where, "not read: JSON nested too deeply")
            continue
        if not isinstance(obj, dict):
            yield Failure(where, f"not valid JSON: expected an object, got {type(obj).__name__}")
            continue
        yield _document(obj, where, stem, number, today)


def bounded_lines(stream: Any, limit: int) -> Iterator[bytes]:
    """The lines of a binary ``stream``, each cut to ``limit + 1`` bytes at most.

    A line longer than ``limit`` is reported by its first ``limit + 1`` bytes and
    the rest of it is skipped unread into memory, so one huge line cannot
    exhaust memory.
    """
    while True:
        line: bytes = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
        yield line
