"""``/deals``: every deal, filtered, sorted and paged by the URL, and the same page as CSV
or JSON.

The filters live in the query string, so a view can be bookmarked and shared;
an empty form field means "any". A bad value is refused with the list of valid
ones (the same 422 as the API). The downloads take the very same parameters and
write exactly the rows the page shows, numbers as plain numbers.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException
from sqlalchemy import Connection

from dealgraph.records import DealKind, DealStatus
from dealgraph.store import query as q
from dealgraph.store.query.browse import Browsed, BrowseOrder, browse_deals

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_LANG = re.compile(r"^[a-z]{2}$")
PER_PAGE = (25, 50, 100, 200)
COLUMNS = ("id", "investor", "target", "kind", "status", "min", "max", "currency", "usd_min",
           "usd_max", "first_date", "last_date", "claims", "sources", "conflicts")


@dataclass(frozen=True, slots=True)
class ListQuery:
    """The list's parameters, checked: what the URL asks for."""

    org: str | None = None
    kind: str | None = None
    status: str | None = None
    since: str | None = None
    until: str | None = None
    lang: str | None = None
    min_usd: float | None = None
    max_usd: float | None = None
    sort: BrowseOrder = BrowseOrder.DATE
    direction: str = "desc"
    page: int = 1
    per: int = 50

    def params(self, **changes: Any) -> dict[str, str]:
        """The URL parameters of this view (defaults left out), with ``changes``."""
        values = {"org": self.org, "kind": self.kind, "status": self.status, "since": self.since,
                  "until": self.until, "lang": self.lang, "min_usd": _number_text(self.min_usd),
                  "max_usd": _number_text(self.max_usd), "sort": self.sort.value,
                  "dir": self.direction, "page": self.page, "per": self.per, **changes}
        defaults = {"sort": "date", "dir": "desc", "page": 1, "per": 50}
        return {k: str(v) for k, v in values.items() if v not in (None, "") and defaults.get(k) != v}

    def url(self, path: str = "/deals", **changes: Any) -> str:
        params = self.params(**changes)
        return path + ("?" + urlencode(params) if params else "")


def _number_text(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(value)


def _refuse(name: str, value: str, valid: list[str] | str) -> HTTPException:
    allowed = valid if isinstance(valid, str) else ", ".join(valid)
    return HTTPException(422, f"{name}={value!r} is not valid: expected {allowed}")


def _choice(name: str, value: str | None, valid: list[str]) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if value not in valid:
        raise _refuse(name, value, valid)
    return value


def parse(raw: dict[str, str | None]) -> ListQuery:
    """The checked :class:`ListQuery` for the raw query parameters (``""`` means unset)."""
    def text(name: str, pattern: re.Pattern[str], valid: str) -> str | None:
        value = (raw.get(name) or "").strip()
        if value and not pattern.match(value):
            raise _refuse(name, value, valid)
        return value or None

    def number(name: str, default: int, valid: list[int] | None = None) -> int:
        value = (raw.get(name) or "").strip()
        if not value:
            return default
        if not value.isdigit() or int(value) < 1 or (valid and int(value) not in valid):
            raise _refuse(name, value, [str(v) for v in valid] if valid else "a whole number >= 1")
        return int(value)

    def usd(name: str) -> float | None:
        value = (raw.get(name) or "").strip().replace(",", "").replace("_", "").replace(" ", "")
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            raise _refuse(name, value, "an amount in US dollars, such as 1000000") from None
        if not 0 <= number <= 1e15 or number != number:
            raise _refuse(name, value, "an amount in US dollars between 0 and 1e15")
        return number

    org = (raw.get("org") or "").strip()[:400] or None
    return ListQuery(
        org=org,
        kind=_choice("kind", raw.get("kind"), [k.value for k in DealKind]),
        status=_choice("status", raw.get("status"), [s.value for s in DealStatus]),
        since=text("since", _DATE, "YYYY, YYYY-MM or YYYY-MM-DD"),
        until=text("until", _DATE, "YYYY, YYYY-MM or YYYY-MM-DD"),
        lang=text("lang", _LANG, "a two-letter language code"),
        min_usd=usd("min_usd"),
        max_usd=usd("max_usd"),
        sort=BrowseOrder(_choice("sort", raw.get("sort"), [o.value for o in BrowseOrder]) or "date"),
        direction=_choice("dir", raw.get("dir"), ["asc", "desc"]) or "desc",
        page=min(number("page", 1), 100_000),
        per=number("per", 50, list(PER_PAGE)),
    )


def run(conn: Connection, view: ListQuery) -> Browsed:
    filters = q.DealFilters(org=view.org, kind=view.kind, status=view.status, since=view.since,
                            until=view.until, min_amount=view.min_usd)
    return browse_deals(conn, filters, language=view.lang, max_usd=view.max_usd, order=view.sort,
                        descending=view.direction == "desc", limit=view.per,
                        offset=(view.page - 1) * view.per)


def rows(found: Browsed) -> list[dict[str, Any]]:
    """The shown deals as flat records (the download's rows)."""
    return [{**{k: v for k, v in d.to_json().items() if k in COLUMNS},
             "sources": found.sources.get(d.id, 0)} for d in found.deals]


def pages(view: ListQuery, total: int) -> dict[str, Any]:
    """The pager: first/last shown, previous/next links, and a few page numbers around."""
    last_page = max(1, math.ceil(total / view.per))
    first = (view.page - 1) * view.per + 1 if total else 0
    shown_last = min(total, view.page * view.per)
    near = sorted({1, last_page, *range(max(1, view.page - 2), min(last_page, view.page + 2) + 1)})
    return {"first": first, "last": shown_last, "total": total, "page": view.page,
            "pages": last_page,
            "previous": view.url(page=view.page - 1) if view.page > 1 else None,
            "next": view.url(page=view.page + 1) if view.page < last_page else None,
            "numbers": [{"n": n, "href": view.url(page=n), "current": n == view.page} for n in near]}


def to_csv(records: list[dict[str, Any]]) -> str:
    """CSV with plain numbers (``60000000000``, not ``60,000,000,000``) and a header."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: _plain(record.get(k)) for k in COLUMNS})
    return out.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value


def to_json(view: ListQuery, found: Browsed) -> str:
    return json.dumps({"items": rows(found), "total": found.total, "page": view.page,
                       "per": view.per, "filters": view.params()}, ensure_ascii=False)
