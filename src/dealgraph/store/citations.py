"""What a citation needs beyond a deal's timeline: the article's id and outlet, and
passages of text for questions that are not about deals.

Kept apart from :mod:`dealgraph.store.queries` so that the question answerer
(:mod:`dealgraph.ask`) reads the ledger through small, named functions; every
function takes an open connection and returns plain values.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple

from sqlalchemy import Connection, func, or_, select

from dealgraph.store import tables as t
from dealgraph.store.query import search
from dealgraph.store.writes import SEP


class ClaimSource(NamedTuple):
    """The article a claim comes from, as a citation shows it."""

    document_id: int
    outlet: str | None


class Passage(NamedTuple):
    document_id: int
    key: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    text: str


def claim_sources(conn: Connection, claim_ids: Collection[int]) -> dict[int, ClaimSource]:
    """Claim id -> the id and outlet of its article, in one query."""
    if not claim_ids:
        return {}
    c, d = t.claims, t.documents
    rows = conn.execute(select(c.c.id, d.c.id.label("doc"), d.c.publication)
                        .join(d, d.c.id == c.c.document_id)
                        .where(c.c.id.in_(list(claim_ids))))
    return {r.id: ClaimSource(r.doc, r.publication) for r in rows}


def organisations_named(conn: Connection, names: Collection[str]) -> dict[str, str]:
    """Lower-cased name -> canonical name, for the ``names`` that are exactly the name
    or the knowledge-base id of an organisation of the ledger (one query)."""
    wanted = sorted({n.casefold() for n in names if n.strip()})
    if not wanted:
        return {}
    o = t.organisations
    found: dict[str, str] = {}
    rows = conn.execute(select(o.c.name, o.c.key).where(or_(
        func.lower(o.c.name).in_(wanted), func.lower(o.c.key).in_(wanted))))
    for r in rows:
        for form in (r.name, r.key):
            if form and form.casefold() in wanted:
                found.setdefault(form.casefold(), str(r.name))
    return found


def organisation_names(conn: Connection, limit: int = 20000) -> list[str]:
    """Canonical names and aliases of the ledger's organisations (for nearest names)."""
    o = t.organisations
    names: list[str] = []
    for r in conn.execute(select(o.c.name, o.c.aliases).limit(limit)):
        names.append(str(r.name))
        names += [a for a in (r.aliases or "").split(SEP) if a]
    return names


def passages(conn: Connection, words: Sequence[str], limit: int = 5) -> list[Passage]:
    """Articles matching all of ``words`` (else the most words, one at a time), best
    first, with their text: the full-text index answers, the caller picks sentences."""
    hits = search(conn, " ".join(words), limit=limit).documents if words else []
    if not hits and len(words) > 1:
        # no article has them all: rank by the words each has, the rarer the better
        counts: dict[int, float] = {}
        for word in words:
            matched = search(conn, word, limit=limit * 20).documents
            for hit in matched:
                counts[hit.id] = counts.get(hit.id, 0.0) + 1.0 / len(matched)
        best = sorted(counts, key=lambda i: -counts[i])[:limit]
        order = {doc: n for n, doc in enumerate(best)}
        ids = best
    else:
        ids = [h.id for h in hits]
        order = {doc: n for n, doc in enumerate(ids)}
    if not ids:
        return []
    d = t.documents
    texts = conn.execute(select(d.c.id, d.c.key, d.c.title, d.c.publication, d.c.url,
                                d.c.published, d.c.text).where(d.c.id.in_(ids)))
    found = [Passage(r.id, r.key, r.title, r.publication, r.url,
                     r.published.isoformat() if r.published else None, r.text) for r in texts]
    return sorted(found, key=lambda p: order[p.document_id])


def claims_naming_parties(conn: Connection, claim_ids: Collection[int]) -> set[int]:
    """The claims whose evidence sentence itself names their investor or target (by
    any mention the extraction resolved there: name, alias, ticker, description).

    A sentence that names neither ("the start-up denied it") supports its deal only
    through the sentences around it, so it is no citation on its own.
    """
    if not claim_ids:
        return set()
    c, m, o = t.claims, t.mentions, t.organisations
    rows = conn.execute(
        select(c.c.id).distinct()
        .join(m, (m.c.document_id == c.c.document_id) & (m.c.start >= c.c.evidence_start)
              & (m.c.end <= c.c.evidence_end))
        .join(o, o.c.key == m.c.entity_key)
        .where(c.c.id.in_(list(claim_ids)), or_(o.c.name == c.c.investor, o.c.name == c.c.target)))
    return {int(r.id) for r in rows}


def organisations_starting(conn: Connection, word: str, limit: int = 5) -> list[str]:
    """Organisations whose name begins with the word(s) ``word`` ("Zee" -> "Zee
    Entertainment Enterprises"), shortest name first."""
    o = t.organisations
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute(select(o.c.name).where(o.c.name.like(f"{escaped} %", escape="\\"))
                        .order_by(func.length(o.c.name)).limit(limit))
    return [str(r.name) for r in rows]


def same_organisation(conn: Connection, name: str) -> list[str]:
    """``name`` and the other organisations of the ledger that may be the same one:
    those called by one of its aliases ("Origin Energy", alias "Origin" -> also
    "Origin"), those that have it as an alias, and those whose name begins with it
    ("Zee" -> "Zee Entertainment Enterprises"). The ledger may hold one company under
    several names until they are merged."""
    o = t.organisations
    row = conn.execute(select(o.c.aliases).where(o.c.name == name).limit(1)).first()
    aliases = [a for a in ((row.aliases if row else None) or "").split(SEP) if a.strip()]
    others = organisations_named(conn, aliases) if aliases else {}
    wanted = name.casefold()
    pattern = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    owners = [str(r.name) for r in conn.execute(
        select(o.c.name, o.c.aliases).where(o.c.aliases.like(pattern, escape="\\")))
        if wanted in {a.strip().casefold() for a in (r.aliases or "").split(SEP)}]
    return list(dict.fromkeys([name, *others.values(), *owners,
                               *organisations_starting(conn, name)]))


def valuation_currencies(conn: Connection, claim_ids: Collection[int]) -> dict[int, str]:
    """Claim id -> the currency of the amount its valuation was read from (the
    amount of its article equal to the valuation), for claims whose own amount
    gives no currency."""
    if not claim_ids:
        return {}
    c, a = t.claims, t.amounts
    rows = conn.execute(
        select(c.c.id, a.c.currency)
        .join(a, (a.c.document_id == c.c.document_id)
              & ((a.c.minimum == c.c.valuation) | (a.c.maximum == c.c.valuation)))
        .where(c.c.id.in_(list(claim_ids)), c.c.valuation.is_not(None), a.c.currency.is_not(None)))
    found: dict[int, str] = {}
    for r in rows:
        found.setdefault(int(r.id), str(r.currency))
    return found
