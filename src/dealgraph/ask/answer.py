"""Answering a parsed question from the ledger, through the store's query functions.

Each intent reads the deals it needs (:mod:`dealgraph.store.query`: organisation
resolution, deal histories with their verdict and conflicts; :mod:`dealgraph.store.
citations`: articles and passages) and returns an :class:`Answer`: the ledger's
current reading, then the claims behind it, strongest source first. Nothing is
guessed: when no deal answers, the answer says "not in the ledger" and gives the
nearest deals or organisations; a question that is not about deals gets the best
sentences of the full-text index, marked as search results.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import combinations
from typing import Any

from sqlalchemy import Connection

from dealgraph.ask.model import Answer, Citation, ConflictNote, Hit, Nearest, Reading
from dealgraph.ask.parse import Question, parse
from dealgraph.nlp.kb import default_kb
from dealgraph.nlp.sentences import split_sentences
from dealgraph.nlp.usd import rate_table
from dealgraph.records import SourceKind
from dealgraph.store import query
from dealgraph.store.citations import (
    ClaimSource,
    claim_sources,
    claims_naming_parties,
    passages,
    valuation_currencies,
)
from dealgraph.store.name_index import name_index
from dealgraph.store.query import DealFilters, Sort
from dealgraph.store.query.rows import Claim as ClaimRow
from dealgraph.store.query.rows import Deal as DealRow
from dealgraph.store.query.rows import DealHistory as DealTimeline
from dealgraph.stories.credibility import RANK
from dealgraph.wording import wording

#: Claims cited for the one deal a question is about, and for each deal of a list.
CITED_ONE, CITED_EACH = 6, 2
LISTED = 10
LARGEST = 5
HITS = 5
_NONE_RANK = max(RANK.values())


@cache
def usd_rates() -> dict[str, float]:
    """US dollars per unit of each currency (the latest year of the reference rates,
    ``data/rates/usd.yaml``), to rank deals told in different currencies."""
    table = rate_table()
    return {"USD": 1.0, **{code: 1 / years[max(years)] for code, years in table.years.items()}}


def ask(conn: Connection, text: str, lang: str | None = None,
        today: dt.date | None = None) -> Answer:
    """Parse ``text`` and answer it from the ledger behind ``conn``."""
    return answer(conn, parse(text, lang, today))


def answer(conn: Connection, q: Question) -> Answer:
    """The answer to ``q``, its sources named in the question's language."""
    return _labelled(_answer(conn, q))


def _answer(conn: Connection, q: Question) -> Answer:
    if q.intent is None:
        return _search(conn, q)
    orgs, unknown = _resolve(conn, q)
    if q.intent == "changes":
        return _changes(conn, q, orgs)
    if q.intent == "largest":
        return _largest(conn, q, orgs)
    if not orgs:
        reason = _t(q, "unknown_org", name=unknown[0]) if unknown else _t(q, "no_org")
        return _none(conn, q, reason, [], unknown)
    if q.intent == "investors":
        return _counterparties(conn, q, orgs[-1], as_target=True)
    if q.intent == "targets":
        return _counterparties(conn, q, orgs[0], as_target=False)
    if q.intent == "valuation":
        return _valuation(conn, q, orgs)
    return _deal(conn, q, orgs, unknown)


# -- who is asked about ---------------------------------------------------------------


def _resolve(conn: Connection, q: Question) -> tuple[list[str], list[str]]:
    """The ledger's organisations the question names, in question order, and the
    names it asks about that the ledger does not hold.

    Knowledge-base names first (as extraction resolves them), then runs of
    capitalised words that are a name, alias or ticker of the ledger, or the first
    words of one ("Zee"); words in small letters ("bpost") only when nothing else
    names an organisation, and only for an organisation whose name is written in
    small letters (the word "fonds" is no company called "Fonds"). When nothing
    names one, the capitalised names asked about are the ones the ledger lacks
    ("Pasqal").
    """
    index = name_index(conn)
    found: list[tuple[int, str]] = []
    unknown: list[str] = []
    for n in q.named:
        name = index.find(n.name) or index.find(n.text)
        if name is None:
            unknown.append(n.name)
        else:
            found.append((n.start, name))
    used: list[str] = []
    capitalised = [c for c in q.candidates if not c.islower()]
    whole = {c for c in capitalised if not any(c != o and c in o for o in capitalised)}
    small = [c for c in q.candidates if c.islower()]
    for group in (capitalised, small):
        if group is small and (found or unknown):
            break
        for cand in group:
            if any(cand in u for u in used):
                continue
            # a part of a longer run ("Banque" of "Banque Nationale du Canada") must be
            # an organisation's own name, not one of the aliases articles gave it
            name = index.find(cand) if cand in whole or index.is_name(cand) else None
            if name is not None and cand.islower() and not name.islower():
                name = None
            if name is None and not cand.islower():
                known = default_kb().lookup(cand)  # an alias the ledger never met
                if known is not None:
                    name = index.find(known.name) or index.find(known.id)
            if name is None and not cand.islower():
                starting = index.starting(cand)
                name = starting[0] if starting else None
            if name is not None:
                used.append(cand)
                found.append((q.text.find(cand), name))
    if not found and not unknown:
        # the question's first word is capitalised for being first: named last
        unknown = sorted((c for c in capitalised if c in whole and not c[0].isdigit()),
                         key=q.text.startswith)
    ordered = [name for _, name in sorted(found)]
    return list(dict.fromkeys(ordered)), unknown


def _timelines(conn: Connection, org: str, other: str | None = None) -> list[DealTimeline]:
    """The deals of ``org`` (with ``other``, if given) under every name the ledger
    holds it by; a deal's parties are the names it was stored under."""
    found: dict[int, DealTimeline] = {}
    for a in name_index(conn).group(org):
        for b in (name_index(conn).group(other) if other else [None]):
            for d in query.timeline(conn, a, b):
                found[d.deal.id] = d
    return list(found.values())


# -- one deal ---------------------------------------------------------------------------


def _deal(conn: Connection, q: Question, orgs: list[str], unknown: list[str]) -> Answer:
    kind = "sources" if q.intent == "sources" else "deal"
    if unknown:  # a party the ledger does not know: no deal of it can be read
        return _none(conn, q, _t(q, "unknown_org", name=unknown[0]), orgs, unknown)
    if len(orgs) >= 2:
        deals: list[DealTimeline] = []
        for a, b in combinations(orgs, 2):
            deals += _timelines(conn, a, b)
        if not deals:
            return _none(conn, q, _t(q, "no_deal_between", a=orgs[0], b=orgs[1]), orgs, [])
        chosen = max(deals, key=lambda d: _weight(d, q, None))
    else:
        deals = _timelines(conn, orgs[0])
        if not deals:
            return _none(conn, q, _t(q, "no_deal_of", a=orgs[0]), orgs, [])
        members = name_index(conn).group(orgs[0])
        chosen = max(deals, key=lambda d: _weight(d, q, members))
    limit = 12 if kind == "sources" else CITED_ONE
    reading = _reading(conn, chosen, limit)
    return Answer(q.text, q.lang, q.intent, kind, subject=_pair(chosen.deal), year=q.year,
                  readings=[reading])


def _weight(d: DealTimeline, q: Question, org: Sequence[str] | None) -> tuple[Any, ...]:
    """How well a deal fits the question: the year asked, the money asked, the kind
    of deal its words name, the side the one organisation named stands on, then
    how much the ledger says of it."""
    in_year = q.year is None or any(_year_of(c) == q.year for c in d.claims)
    has_amount = q.intent != "amount" or d.deal.min is not None or d.deal.max is not None
    kind = not q.kinds or d.deal.kind in q.kinds
    side = 0
    if org is not None and q.receives:
        side = 2 if d.deal.target in org and not d.deal.investor else 1 if d.deal.target in org else 0
    counted = sum(1 for c in d.claims if c.counted)
    return (in_year, has_amount, kind, side, counted, _latest(d.claims) or "")


def _year_of(c: ClaimRow) -> int | None:
    when = c.date or c.published
    return int(when[:4]) if when else None


def _latest(claims: Sequence[ClaimRow]) -> str | None:
    dates = [c.date or c.published for c in claims]
    known = [d for d in dates if d]
    return max(known) if known else None


def _pair(d: DealRow) -> str:
    return f"{d.investor or '?'} → {d.target or '?'}"


def _deals(conn: Connection, org: str | None, since: dt.date | None,
           limit: int | None = None) -> list[DealRow]:
    """Deals of ``org`` (or all) whose latest news is on or after ``since``, latest first."""
    filters = DealFilters(org=org, since=since.isoformat() if since else None, sort=Sort.RECENT)
    return query.deals(conn, filters, limit=limit)[0]


# -- lists of deals ---------------------------------------------------------------------


def _counterparties(conn: Connection, q: Question, org: str, as_target: bool) -> Answer:
    kind = "investors" if as_target else "targets"
    members = name_index(conn).group(org)

    def fits(d: DealTimeline) -> bool:
        mine, theirs = (d.deal.target, d.deal.investor) if as_target else (d.deal.investor, d.deal.target)
        return mine in members and bool(theirs)

    deals = [d for d in _timelines(conn, org) if fits(d)]
    if not deals:
        return _none(conn, q, _t(q, "no_deal_of", a=org), [org], [])
    deals.sort(key=lambda d: (-sum(1 for c in d.claims if c.counted),
                              _latest(d.claims) or ""), reverse=False)
    readings = _readings(conn, deals[:LISTED], CITED_EACH)
    return Answer(q.text, q.lang, q.intent, kind, subject=org, readings=readings)


def _valuation(conn: Connection, q: Question, orgs: list[str]) -> Answer:
    for org in reversed(orgs):
        members = name_index(conn).group(org)
        deals = [d for d in _timelines(conn, org) if d.deal.target in members
                 and any(c.valuation for c in d.claims)]
        if not deals:
            continue
        best = max(deals, key=lambda d: max((c.date or c.published or "")
                                            for c in d.claims if c.valuation))
        reading = _reading(conn, best, CITED_ONE, prefer_valuation=True)
        return Answer(q.text, q.lang, q.intent, "valuation", subject=org, readings=[reading])
    return _none(conn, q, _t(q, "no_valuation", org=orgs[-1]), orgs, [])


def _largest(conn: Connection, q: Question, orgs: list[str]) -> Answer:
    rates = usd_rates()
    scopes: list[str | None] = [orgs[0]] if orgs else [None]
    rows: list[DealRow] = []
    for org in scopes:
        rows += _deals(conn, org, q.since)
    if q.year is not None:
        rows = [r for r in rows if _spans_year(r, q.year)]
    priced = [r for r in rows if r.currency in rates and (r.max or r.min)]
    priced.sort(key=lambda r: -(r.max or r.min or 0.0) * rates[r.currency or "USD"])
    chosen: list[DealTimeline] = []
    # a figure several investors gave together is one sum: listed once
    for row in query.one_per_figure(priced)[:LARGEST * 6]:
        timeline = query.deal(conn, row.id)
        if q.year is not None:
            # the deal's money must be told in the year asked, not only its story
            told = [c for c in timeline.claims if _year_of(c) == q.year
                    and (c.min is not None or c.max is not None)]
            if not told:
                continue
        chosen.append(timeline)
        if len(chosen) == LARGEST:
            break
    readings = _readings(conn, chosen, CITED_EACH, prefer_amount=True)
    if not readings:
        scope = _scope(q, orgs)
        return _none(conn, q, _t(q, "nothing_largest", scope=scope), orgs, [])
    return Answer(q.text, q.lang, q.intent, "largest", subject=orgs[0] if orgs else None,
                  since=q.since.isoformat() if q.since else None, year=q.year,
                  readings=readings)


def _spans_year(r: DealRow, year: int) -> bool:
    first, last = r.first_date, r.last_date
    if not first or not last:
        return False
    return int(first[:4]) <= year <= int(last[:4])


def _scope(q: Question, orgs: list[str]) -> str:
    if orgs:
        return _t(q, "scope_org", org=orgs[0])
    if q.year is not None:
        return _t(q, "scope_year", year=q.year)
    if q.since is not None:
        return _t(q, "scope_since", date=q.since.isoformat())
    return ""


def _changes(conn: Connection, q: Question, orgs: list[str]) -> Answer:
    since = q.since or (dt.date(q.year, 1, 1) if q.year else None)
    if since is None:
        since = dt.date.today() - dt.timedelta(days=7)
    scopes: list[str | None] = [orgs[0]] if orgs else [None]
    rows: list[DealRow] = []
    for org in scopes:
        rows += _deals(conn, org, since)
    readings = []
    for row in rows:
        timeline = query.deal(conn, row.id)
        fresh = _fresh(timeline.claims, since)
        if not fresh:
            continue
        # only what is new is cited: an old sentence of the same deal says nothing
        # of what changed
        readings.append(_reading(conn, timeline, CITED_EACH, only=fresh))
        if len(readings) == LISTED:
            break
    if not readings:
        return _none(conn, q, _t(q, "nothing_since", date=since.isoformat()), orgs, [])
    return Answer(q.text, q.lang, q.intent, "changes", subject=orgs[0] if orgs else None,
                  since=since.isoformat(), readings=readings)


def _fresh(claims: Sequence[ClaimRow], since: dt.date) -> list[ClaimRow]:
    """The claims told on or after ``since`` (a date known to the month or the year
    counts when its month or year reaches ``since``); failing any, the undated ones,
    which the ledger dates by their article's neighbours and which then brought
    the deal into the period."""
    start = since.isoformat()
    dated = [c for c in claims if c.date or c.published]
    fresh = [c for c in dated if (when := c.date or c.published or "") >= start[:len(when)]]
    return fresh or [c for c in claims if not (c.date or c.published)]


# -- a deal's reading and its citations ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Facts:
    """What citations need beyond the claims, read for many deals at once: which
    claims name a party in their sentence, each claim's article, valuations' currency."""

    named: set[int]
    sources: dict[int, ClaimSource]
    priced: dict[int, str]


def _facts(conn: Connection, deals: Sequence[DealTimeline]) -> _Facts:
    ids = [c.id for d in deals for c in d.claims]
    return _Facts(claims_naming_parties(conn, ids), claim_sources(conn, ids),
                  valuation_currencies(conn, [c.id for d in deals for c in d.claims
                                              if c.valuation]))


def _readings(conn: Connection, deals: Sequence[DealTimeline], limit: int,
              **how: Any) -> list[Reading]:
    facts = _facts(conn, deals)
    return [_reading(conn, d, limit, facts=facts, **how) for d in deals]


def _reading(conn: Connection, d: DealTimeline, limit: int, prefer_amount: bool = False,
             prefer_valuation: bool = False, only: Sequence[ClaimRow] | None = None,
             facts: _Facts | None = None) -> Reading:
    claims = d.claims
    facts = facts or _facts(conn, [d])
    pool = [c for c in (only if only is not None else claims) if c.id in facts.named]
    chosen = _strongest(pool, prefer_amount, prefer_valuation)[:limit]
    cite = {c.id: _citation(c, facts.sources, facts.priced) for c in claims
            if c.id in facts.sources}
    valued = [c for c in _strongest(claims, False, True) if c.valuation]
    notes = [ConflictNote(x["kind"], cite[x["claims"][0]], cite[x["claims"][1]])
             for x in d.conflicts if all(i in cite for i in x["claims"][:2])]
    return Reading(
        deal_id=d.deal.id, investor=d.deal.investor, target=d.deal.target, kind=d.deal.kind,
        status=d.deal.status, since=_since(claims, d.deal.status), min=d.deal.min, max=d.deal.max,
        currency=d.deal.currency, date=_latest(claims),
        valuation=valued[0].valuation if valued else None,
        citations=[cite[c.id] for c in chosen if c.id in cite],
        conflicts=notes)


def _strongest(claims: Iterable[ClaimRow], prefer_amount: bool,
               prefer_valuation: bool) -> list[ClaimRow]:
    """Claims strongest source first: counted ones before reprints, a party's own
    word before a publication before unnamed sources, then the most recent; one
    citation per sentence."""
    def key(c: ClaimRow) -> tuple[Any, ...]:
        when = c.date or c.published or ""
        return (prefer_valuation and not c.valuation,
                prefer_amount and c.min is None and c.max is None,
                not c.counted, _rank(c.source_kind),
                "".join(chr(0x10FFFF - ord(ch)) for ch in when))
    seen: set[tuple[str, str]] = set()
    out = []
    for c in sorted(claims, key=key):
        sig = (c.document, c.quote)
        if sig in seen:
            continue
        seen.add(sig)
        out.append(c)
    return out


def _rank(kind: str | None) -> int:
    """The credibility rank of a source kind (0 the most credible)."""
    try:
        return RANK[SourceKind(kind or "none")]
    except ValueError:
        return _NONE_RANK


def _since(claims: Sequence[ClaimRow], status: str | None) -> str | None:
    """When the current status began: the earliest date of the last run of claims
    (in timeline order) that tell it."""
    if status is None:
        return None
    start = None
    for c in reversed(claims):
        if c.status != status:
            if start is not None:
                break
            continue
        start = c.date or c.published or start
    return start


def _citation(c: ClaimRow, sources: dict[int, Any], priced: dict[int, str]) -> Citation:
    src = sources[c.id]
    valued_in = priced.get(c.id) or c.currency if c.valuation else None
    return Citation(
        claim_id=c.id, document_id=src.document_id, document=c.document, title=c.title,
        outlet=src.outlet, published=c.published, link=f"/documents/{src.document_id}",
        url=c.url, quote=c.quote, status=c.status, source=c.source,
        source_kind=c.source_kind, date=c.date, min=c.min, max=c.max,
        currency=c.currency, valuation=c.valuation, valuation_currency=valued_in,
        counted=c.counted)


def _labelled(found: Answer) -> Answer:
    """Each citation's source in the answer's language (:meth:`Wording.source`)."""
    words = wording(found.lang)

    def label(c: Citation) -> Citation:
        return replace(c, source_label=words.source(c.source, c.source_kind))

    for r in found.readings:
        r.citations = [label(c) for c in r.citations]
        r.conflicts = [ConflictNote(n.kind, label(n.a), label(n.b)) for n in r.conflicts]
    return found


# -- nothing answers -----------------------------------------------------------------------


def _none(conn: Connection, q: Question, reason: str, orgs: Sequence[str],
          unknown: Sequence[str]) -> Answer:
    """"Not in the ledger", with the nearest deals of the organisations named and
    the organisations whose names resemble those the ledger lacks."""
    from dealgraph.ask.render import kind_name, status_name, template

    nearest: list[Nearest] = []
    for org in orgs:
        for n in _deals(conn, org, None, limit=3):
            pair = f"{n.investor or template(q.lang, 'unnamed')} → {n.target or '?'}"
            label = f"{pair} ({kind_name(q.lang, n.kind)}, {status_name(q.lang, n.status)})"
            nearest.append(Nearest(label, deal_id=n.id))
    if unknown:
        names = name_index(conn).names
        for name in unknown:
            for close in difflib.get_close_matches(name, names, n=3, cutoff=0.75):
                nearest.append(Nearest(close, organisation=close))
    return Answer(q.text, q.lang, q.intent, "none", reason=reason,
                  nearest=nearest[:8])


# -- not about deals ---------------------------------------------------------------------


def _search(conn: Connection, q: Question) -> Answer:
    words = list(q.words)
    hits: list[Hit] = []
    found = passages(conn, words, limit=HITS)
    # a word found in few of the articles says more than one found in all of them
    weights = {w: 1.0 / (1 + sum(1 for p in found if w in p.text.casefold())) for w in words}
    names = _names_asked(q)
    for p in found:
        sentence = _best_sentence(p.text, weights, names)
        if sentence:
            hits.append(Hit(p.document_id, p.key, p.title, p.outlet, p.published,
                            f"/documents/{p.document_id}", p.url, sentence))
    return Answer(q.text, q.lang, None, "search", hits=hits)


def _names_asked(q: Question) -> re.Pattern[str] | None:
    """The names the question asks about (organisations it names, its capitalised
    words), as one pattern of whole words; None when it names nothing."""
    names = {n.text for n in q.named} | {c for c in q.candidates if not c.islower()}
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _best_sentence(text: str, weights: dict[str, float],
                   names: re.Pattern[str] | None = None) -> str | None:
    """The sentence holding the most (and the rarest) of the question's words; when
    the question names something, only a sentence that names it: "the factory" of
    another company's article says nothing of the one asked about."""
    best, score = None, 0.0
    for s in split_sentences(text):
        if names is not None and names.search(s.text) is None:
            continue
        folded = s.text.casefold()
        n = sum(w for word, w in weights.items() if word in folded)
        if n > score:
            best, score = s.text, n
    return best


def _t(q: Question, which: str, **fields: Any) -> str:
    from dealgraph.ask.render import template

    return template(q.lang, which).format(**fields)
