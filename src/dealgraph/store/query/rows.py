"""The typed rows every reader of the ledger gets: CLI, API, pages and exports.

One set of field names everywhere: an amount is ``min``/``max`` in its own
``currency`` plus ``usd_min``/``usd_max``; an unnamed party is ``None``; aliases
and tickers are lists; a date is written as precisely as it is known ("2023",
"2025-09", "2026-01-31"). :meth:`Row.to_json` gives the JSON object the CLI
prints and the API serves, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from dealgraph.stories.credibility import Conflict


class Row:
    """A dataclass row that knows its JSON form (dates as ISO text, rows nested)."""

    __slots__ = ()

    def to_json(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


def _plain(value: Any) -> Any:
    if isinstance(value, Row):
        return value.to_json()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True, slots=True)
class Money(Row):
    """An amount: ``min``/``max`` in its own ``currency``, and in US dollars at the rate
    of its date. The one definition every row with an amount starts from."""

    min: float | None
    max: float | None
    currency: str | None
    usd_min: float | None
    usd_max: float | None


@dataclass(frozen=True, slots=True)
class DealMoney(Money):
    """A deal's or a claim's amount, which may be several investors' together
    (``shared``: "A, B and C together will put up to $60B into D")."""

    shared: bool


@dataclass(frozen=True, slots=True)
class Deal(DealMoney):
    """One deal (investor, target, kind) and where it stands now.

    When its amount is ``shared``, ``shared_with`` names the other investors the
    figure is told for: it is theirs together, not this investor's own.
    """

    id: int
    investor: str | None
    target: str | None
    kind: str
    status: str | None
    shared_with: list[str]
    first_date: str | None  # as written: YYYY, YYYY-MM or YYYY-MM-DD
    last_date: str | None
    claims: int
    conflicts: int


@dataclass(frozen=True, slots=True)
class Claim(DealMoney):
    """One statement about a deal, with the article and sentence it comes from.

    ``date`` is the claim's own date, else its article's publication date
    (``dated_by`` says which), so that no output shows a date another leaves null.
    """

    id: int
    deal_id: int
    document_id: int
    investor: str | None
    target: str | None
    kind: str
    status: str
    per_share: float | None  # a price per share, never the deal's amount
    valuation: float | None
    date: str | None
    date_precision: str | None
    dated_by: str | None  # "claim", "article" or None
    source: str | None
    source_kind: str | None
    document: str  # the article's key in its source
    title: str | None
    url: str | None
    published: str | None
    quote: str
    evidence_start: int
    evidence_end: int
    cue: str | None
    position: int
    relation: str | None  # "near_duplicate" or "derived" when the article is not original
    counted: bool  # False for a copy, whose claims add no weight


@dataclass(frozen=True, slots=True)
class DealHistory(Row):
    """A deal with every claim about it in timeline order, and its conflicts."""

    deal: Deal
    claims: list[Claim]
    conflicts: list[Conflict]

    def to_json(self) -> dict[str, Any]:
        return {**self.deal.to_json(), "claims": [c.to_json() for c in self.claims],
                "conflicts": [dict(c) for c in self.conflicts]}


@dataclass(frozen=True, slots=True)
class Total(Row):
    """Money of several deals added up in US dollars, or why it cannot be.

    ``min``/``max`` (``currency`` is ``USD``) are ``None`` with a ``reason`` when they cannot be added:
    ``overlap`` (two amounts may be the same money told twice), ``currencies``,
    ``shared`` (a figure of several investors together, whose part is this one's is
    unknown) or ``no_amount``.
    """

    min: float | None
    max: float | None
    currency: str | None
    deals: int
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Counterparty(Row):
    name: str | None
    deals: int


@dataclass(frozen=True, slots=True)
class OrgSummary(Row):
    name: str
    key: str
    category: str | None
    tickers: list[str]
    deals_in: int
    deals_out: int


@dataclass(frozen=True, slots=True)
class Org(Row):
    """One organisation: its names, money in and out with totals, counterparties."""

    name: str
    key: str
    category: str | None
    aliases: list[str]
    tickers: list[str]
    money_in: list[Deal]
    money_out: list[Deal]
    total_in: Total
    total_out: Total
    counterparties: list[Counterparty]


@dataclass(frozen=True, slots=True)
class DocumentSummary(Row):
    id: int
    key: str
    title: str | None
    published: str | None
    url: str | None
    publication: str | None
    language: str | None
    copy_of: int | None
    derived_from: int | None


@dataclass(frozen=True, slots=True)
class Mention(Row):
    entity_key: str
    entity_kind: str
    text: str
    start: int
    end: int
    name: str | None


@dataclass(frozen=True, slots=True)
class Amount(Money):
    """A money amount as written in an article, with its span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Link(Row):
    id: int
    title: str | None
    published: str | None
    relation: str


@dataclass(frozen=True, slots=True)
class DocumentDetail(DocumentSummary):
    """An article with its analysed text (which every span indexes) and what it yields."""

    text: str
    mentions: list[Mention] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    copies: list[Link] = field(default_factory=list)
    origins: list[Link] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class OrgHit(Row):
    name: str
    category: str | None


@dataclass(frozen=True, slots=True)
class Found(Row):
    """What a search finds: articles, organisations and deals."""

    documents: list[DocumentSummary]
    orgs: list[OrgHit]
    deals: list[Deal]


@dataclass(frozen=True, slots=True)
class OrgNames(Row):
    """An organisation as stored: its names, for exports and graphs."""

    name: str
    key: str
    category: str | None
    aliases: list[str]
    tickers: list[str]


@dataclass(frozen=True, slots=True)
class Person(Row):
    name: str
    key: str
    aliases: list[str]
    speaks_for: str | None


@dataclass(frozen=True, slots=True)
class ArticleRef(Row):
    """An article as exports cite it; ``content_hash`` identifies it across ledgers."""

    id: int
    key: str
    title: str | None
    url: str | None
    published: str | None
    language: str | None
    publication: str | None
    content_hash: str
