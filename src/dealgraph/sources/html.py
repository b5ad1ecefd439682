"""HTML pages: the article's main text and metadata, through trafilatura.

Steps:

1. trafilatura extracts the main text, favoring precision (no comments, no
   tables), with the title, canonical URL, site name and publication date; the
   date comes from the page's own metadata (htmldate with ``original_date``),
   never later than the reading day;
2. the page's head is read once more to tell where the date came from
   (JSON-LD or meta tags) and to find a date trafilatura refused as being in
   the future, which is reported as ``rejected-future:<date>``;
3. paragraphs repeated in the page are dropped (see ``boilerplate``), and a
   first paragraph equal to the title is dropped (the title travels apart);
4. fewer than ``MIN_TEXT_CHARS`` characters left means the page has no article.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from dealgraph.errors import InputError
from dealgraph.records import Document
from dealgraph.sources.boilerplate import BoilerplateFilter, paragraphs
from dealgraph.sources.dates import checked, parse_date
from dealgraph.sources.text import document_id

#: An extracted text shorter than this is a navigation page, an error page or a stub.
MIN_TEXT_CHARS = 100
NO_ARTICLE = "no article text found in the page"

# Meta tags that publishers use for the first publication date, most explicit first.
_DATE_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "date", "pubdate", "publishdate", "publish-date", "parsely-pub-date",
    "sailthru.date", "dc.date.issued", "dcterms.created", "dc.date",
)
_URL_DATE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The encoding a page declares in its first 2 KB (``<meta charset>`` or the
    http-equiv content type), if Python knows it; ``None`` otherwise."""
    match = _CHARSET.search(data[:2048])
    if match is None:
        return None
    name = match[1].decode("ascii").lower()
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def _json_ld_dates(tree: Any) -> list[dt.date]:
    found: list[dt.date] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str) and (day := parse_date(value)) is not None:
                found.append(day)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            walk(json.loads(script.text or ""))
        except ValueError:
            continue  # a broken JSON-LD block is common and says nothing either way
    return found


def _meta_dates(tree: Any) -> list[dt.date]:
    by_name: dict[str, str] = {}
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        by_name.setdefault(key, meta.get("content"))
    for time in tree.xpath('//time[@itemprop="datePublished"][@datetime]'):
        by_name.setdefault("datepublished", time.get("datetime"))
    days = [parse_date(by_name[k]) for k in _DATE_META if k in by_name]
    return [d for d in days if d is not None]


def _page_dates(html: str) -> tuple[list[dt.date], list[dt.date]]:
    """The JSON-LD and meta-tag publication dates of a page, as written."""
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return [], []
    return _json_ld_dates(tree), _meta_dates(tree)


def _date(found: str | None, html: str, url: str | None,
          today: dt.date) -> tuple[dt.date | None, str | None]:
    json_ld, meta = _page_dates(html)
    day = parse_date(found) if found else None
    if day is None:
        # trafilatura refuses dates after max_date silently; find what it refused.
        future = [d for d in json_ld + meta if d > today]
        return (None, f"rejected-future:{future[0].isoformat()}") if future else (None, None)
    if day in json_ld:
        source = "json-ld"
    elif day in meta:
        source = "html-meta"
    elif url and (m := _URL_DATE.search(url)) and parse_date("-".join(m.groups())) == day:
        source = "url"
    else:
        source = "html-meta"  # htmldate also reads the visible text; close enough
    return checked(day, source, today)


def _site(meta: dict[str, Any]) -> str | None:
    name = meta.get("sitename") or meta.get("hostname")
    return str(name) if name else None


def site_key(url: str | None, site: str | None) -> str | None:
    """What groups the pages of one site for boilerplate counting: host, else site name."""
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return site


def parse_html(html: str, name: str, today: dt.date,
               boilerplate: BoilerplateFilter | None = None) -> Document:
    """The Document of an HTML article page (steps in the module docstring).

    ``boilerplate``, when given, also drops paragraphs repeated across the
    pages of one site seen by that filter. Raises :class:`InputError` with
    "no article text found in the page" when no article is found.
    """
    extracted = trafilatura.bare_extraction(
        html,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,  # page metadata only, not dates in the prose
            "max_date": today.isoformat(),
        },
    )
    if extracted is None:
        raise InputError(NO_ARTICLE, input=name)
    meta: dict[str, Any] = extracted if isinstance(extracted, dict) else extracted.as_dict()
    text = str(meta.get("text") or "")
    if len(text.strip()) < MIN_TEXT_CHARS:
        raise InputError(NO_ARTICLE, input=name)
    title = str(meta["title"]).strip() if meta.get("title") else None
    url = str(meta["url"]) if meta.get("url") else None
    date, date_source = _date(meta.get("date"), html, url, today)
    site = _site(meta)
    paras = paragraphs(text)
    if title and paras and paras[0] == title:
        paras = paras[1:]
    cleaner = boilerplate or BoilerplateFilter()
    paras = cleaner.clean(paras, site_key(url, site) if boilerplate else None)
    body = "\n\n".join(paras)
    if len(body) < MIN_TEXT_CHARS:
        raise InputError(NO_ARTICLE, input=name)
    return Document(
        id=document_id(name), text=body, title=title, date=date, date_source=date_source,
        url=url, site=site, origin=name,
    )
