"""Plain-text articles, with an optional header giving their date and title.

Two headers are understood, on the first lines of the file, and removed from
the text:

* the wire-copy line ``date YYYY-MM-DD <title>`` (a leading space is allowed),
  as in the seed articles: date and title;
* a front-matter block: ``key: value`` lines with keys among ``title``,
  ``date``, ``url``, ``site`` and ``lang``, optionally fenced by ``---`` lines,
  ended by a blank line (or the closing fence). A block with any other key is
  not a header and stays in the text.

The document id is the file name without its extension.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath

from dealgraph.errors import InputError
from dealgraph.records import Document
from dealgraph.sources.dates import checked, parse_date
from dealgraph.sources.formats import is_gzip_name

_WIRE_HEADER = re.compile(r" ?date (\d{4}-\d{2}-\d{2})(?:[ \t]+(.*?))?[ \t]*(?:\r?\n|$)")
_FIELD = re.compile(r"([A-Za-z_]+):[ \t]*(.*?)[ \t]*$")
FRONT_MATTER_KEYS = frozenset({"title", "date", "url", "site", "lang"})
FENCE = "---"


def document_id(name: str) -> str:
    """The id of a document read from file ``name``: its base name without extensions.

    ``articles/000_e92a.txt`` is ``000_e92a``; a compressed ``x.jsonl.gz`` is ``x``;
    standard input (``<stdin>``) is ``stdin``.
    """
    if name == "<stdin>":
        return "stdin"
    path = PurePath(name)
    if is_gzip_name(path.name):
        path = PurePath(path.stem)
    return path.stem or path.name or name


def _front_matter(text: str) -> tuple[dict[str, str], str] | None:
    lines = text.split("\n")
    fenced = lines[0].strip() == FENCE
    fields: dict[str, str] = {}
    for index, line in enumerate(lines[1:] if fenced else lines, start=1 if fenced else 0):
        stripped = line.strip()
        if (fenced and stripped == FENCE) or (not fenced and not stripped):
            if not fields:
                return None
            return fields, "\n".join(lines[index + 1:])
        match = _FIELD.fullmatch(line.rstrip("\r"))
        if match is None or match[1].lower() not in FRONT_MATTER_KEYS:
            return None
        fields[match[1].lower()] = match[2]
    return None


def parse_text(text: str, name: str, today: dt.date) -> Document:
    """The Document of a plain-text article (see the module docstring for headers).

    Raises :class:`InputError` when nothing is left once the header is removed.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    title: str | None = None
    day: dt.date | None = None
    source = "header"
    url = site = lang = None
    wire = _WIRE_HEADER.match(text)
    if wire is not None:
        day = parse_date(wire[1])
        title = wire[2] or None
        body = text[wire.end():]
    elif (front := _front_matter(text)) is not None:
        fields, body = front
        title = fields.get("title") or None
        day = parse_date(fields.get("date", ""))
        url = fields.get("url") or None
        site = fields.get("site") or None
        lang = fields.get("lang") or None
    else:
        body = text
    body = body.strip("\n")
    if not body.strip():
        raise InputError("no article text after the header", input=name)
    date, date_source = checked(day, source, today)
    return Document(
        id=document_id(name), text=body, title=title, date=date, date_source=date_source,
        url=url, site=site, lang=lang, origin=name,
    )
