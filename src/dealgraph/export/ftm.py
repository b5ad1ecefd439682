"""FollowTheMoney entities, so the ledger loads into Aleph.

Organisations become ``Company`` (tickers in ``ticker``), people ``Person``,
articles ``Article``; an investment, acquisition or funding round becomes an
``Ownership`` (owner -> asset), a partnership or purchase commitment an
``UnknownLink``; each deal cites the articles it rests on in ``proof``. Ids are
derived from the ledger's own keys, so two exports of one ledger agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from followthemoney import model
from sqlalchemy import Connection

from dealgraph.store import query
from dealgraph.store.query.rows import Deal

OWNERSHIP_KINDS = frozenset({"investment", "acquisition", "funding_round"})
#: Statuses after which a deal's last claim dates its end.
ENDED = frozenset({"completed", "cancelled", "rejected"})
#: FtM's ``language`` type takes ISO 639-3 codes.
LANGUAGES = {"fr": "fra", "en": "eng", "de": "deu", "es": "spa", "it": "ita"}


def _id(entity: Any) -> str:
    if not entity.id:  # pragma: no cover - make_id always got a non-empty key
        raise ValueError(f"entity without an id: {entity!r}")
    return str(entity.id)


def entities(conn: Connection) -> Iterator[Any]:
    """Every entity of the ledger as an FtM proxy, referenced ones before referrers."""
    ids: dict[str, str] = {}
    for o in query.organisations(conn):
        e = model.make_entity("Company")
        e.make_id("dealgraph-org", o.key)
        e.add("name", o.name)
        e.add("alias", o.aliases)
        e.add("ticker", o.tickers)
        ids[o.name] = _id(e)
        yield e
    for p in query.people(conn):
        e = model.make_entity("Person")
        e.make_id("dealgraph-person", p.key)
        e.add("name", p.name)
        e.add("alias", p.aliases)
        yield e
    cited: dict[int, str] = {}
    for d in query.articles(conn):
        e = model.make_entity("Article")
        e.make_id("dealgraph-document", d.content_hash)
        e.add("title", d.title or d.key)
        e.add("sourceUrl", d.url)
        e.add("publishedAt", d.published)
        e.add("language", LANGUAGES.get(d.language or ""))
        e.add("publisher", d.publication)
        cited[d.id] = _id(e)
        yield e
    for history in query.all_histories(conn):
        proof = sorted({cited[c.document_id] for c in history.claims})
        yield from _deal(history.deal, ids, proof)


def _party(name: str | None, ids: dict[str, str]) -> tuple[str | None, Any]:
    """The id of the party, making a Company for one the ledger only knows by name."""
    if not name:
        return None, None
    if name in ids:
        return ids[name], None
    e = model.make_entity("Company")
    e.make_id("dealgraph-org-name", name)
    e.add("name", name)
    ids[name] = _id(e)
    return ids[name], e


def _deal(d: Deal, ids: dict[str, str], proof: list[str]) -> Iterator[Any]:
    investor, new_investor = _party(d.investor, ids)
    target, new_target = _party(d.target, ids)
    yield from (e for e in (new_investor, new_target) if e is not None)
    amount = _amount(d.min, d.max, d.currency)
    if amount and d.shared:
        # the figure is several investors' together, not this investor's own
        amount += f" together with {_names(d.shared_with)}" if d.shared_with else " (shared)"
    if d.kind in OWNERSHIP_KINDS and investor and target:
        e = model.make_entity("Ownership")
        e.add("owner", investor)
        e.add("asset", target)
        e.add("ownershipType", d.kind.replace("_", " "))
    elif investor or target:
        e = model.make_entity("UnknownLink")
        e.add("subject", investor or target)
        e.add("object", target if investor else None)
        e.add("role", d.kind.replace("_", " "))
    else:
        return
    e.make_id("dealgraph-deal", d.investor or "", d.target or "", d.kind)
    e.add("status", d.status)
    e.add("startDate", d.first_date)  # as written: "2023" stays a year
    e.add("endDate", d.last_date if d.status in ENDED else None)
    e.add("summary", f"{d.kind.replace('_', ' ')}: {d.status or 'unknown'}"
                     + (f", {amount}" if amount else "")
                     + (f"; {d.conflicts} conflicting claim(s)" if d.conflicts else ""))
    e.add("proof", proof)
    yield e


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _amount(lo: float | None, hi: float | None, currency: str | None) -> str:
    if lo is None and hi is None:
        return ""
    unit = f" {currency}" if currency else ""
    if lo is not None and hi is not None and lo == hi:
        return f"{lo:,.0f}{unit}"
    if lo is None:
        return f"up to {hi:,.0f}{unit}"
    if hi is None:
        return f"more than {lo:,.0f}{unit}"
    return f"{lo:,.0f}-{hi:,.0f}{unit}"


def write_ftm(conn: Connection, out: TextIO) -> int:
    """FtM entities as JSON lines (the format ``ftm`` and Aleph read)."""
    n = 0
    for e in entities(conn):
        out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n
