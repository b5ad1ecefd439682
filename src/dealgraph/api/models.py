"""Response models of the JSON API: the shapes the OpenAPI document promises."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")
SHARED = "The amount is that of several investors together, not this one's own"


class PageOf(BaseModel, Generic[T]):
    """One page of a list: ``items`` from ``offset``, out of ``total``."""

    items: list[T]
    total: int
    limit: int
    offset: int


class DocumentSummary(BaseModel):
    id: int
    key: str
    title: str | None = None
    published: str | None = None
    url: str | None = None
    publication: str | None = None
    language: str | None = None
    copy_of: int | None = None
    derived_from: int | None = None


class MentionOut(BaseModel):
    entity_key: str
    entity_kind: str
    text: str
    start: int
    end: int
    name: str | None = None


class AmountOut(BaseModel):
    text: str
    min: float | None = None
    max: float | None = None
    currency: str | None = None
    usd_min: float | None = None
    usd_max: float | None = None
    start: int
    end: int


class ClaimOut(BaseModel):
    """One statement about a deal and the sentence of the article that makes it.

    ``date`` is the claim's own date as written (``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``), else its article's publication date: ``dated_by`` says which.
    """

    id: int
    deal_id: int
    document_id: int
    investor: str | None = Field(description="Canonical name; null for unnamed investors")
    target: str | None = None
    kind: str
    status: str
    min: float | None = None
    max: float | None = None
    currency: str | None = None
    usd_min: float | None = Field(default=None, description="The amount in US dollars")
    usd_max: float | None = None
    shared: bool = Field(default=False, description=SHARED)
    per_share: float | None = Field(default=None, description="A price per share")
    valuation: float | None = None
    date: str | None = None
    date_precision: str | None = None
    dated_by: str | None = Field(default=None, description="claim, article or null")
    source: str | None = None
    source_kind: str | None = None
    document: str = Field(description="The article's id in its source")
    title: str | None = None
    url: str | None = None
    published: str | None = None
    quote: str
    evidence_start: int
    evidence_end: int
    cue: str | None = None
    position: int = 0
    relation: str | None = Field(default=None, description="near_duplicate, derived or null")
    counted: bool = Field(default=True, description="False for a copy, which adds no weight")


class LinkOut(BaseModel):
    id: int
    title: str | None = None
    published: str | None = None
    relation: str


class DocumentDetail(DocumentSummary):
    text: str
    mentions: list[MentionOut] = Field(default_factory=list)
    amounts: list[AmountOut] = Field(default_factory=list)
    claims: list[ClaimOut] = Field(default_factory=list)
    copies: list[LinkOut] = Field(default_factory=list, description="Articles copying this one")
    origins: list[LinkOut] = Field(default_factory=list, description="Articles this one copies")


class DealOut(BaseModel):
    id: int
    investor: str | None = Field(description="Canonical name; null for unnamed investors")
    target: str | None = None
    kind: str
    status: str | None = None
    min: float | None = None
    max: float | None = None
    currency: str | None = None
    usd_min: float | None = Field(default=None, description="The amount in US dollars")
    usd_max: float | None = None
    shared: bool = Field(default=False, description=SHARED)
    shared_with: list[str] = Field(default_factory=list,
                                   description="The other investors a shared amount is told for")
    first_date: str | None = Field(default=None, description="As written: YYYY[-MM[-DD]]")
    last_date: str | None = None
    claims: int = 0
    conflicts: int = 0


class ConflictOut(BaseModel):
    kind: str = Field(description="status or amount")
    claims: list[int]
    description: str


class DealDetail(DealOut):
    """A deal's current reading, every claim about it (oldest event first) and its conflicts."""

    claims: list[ClaimOut] = Field(default_factory=list)  # type: ignore[assignment]
    conflicts: list[ConflictOut] = Field(default_factory=list)  # type: ignore[assignment]


class OrgSummary(BaseModel):
    name: str
    key: str
    category: str | None = None
    tickers: list[str] = Field(default_factory=list)
    deals_in: int = 0
    deals_out: int = 0


class Counterparty(BaseModel):
    name: str | None
    deals: int


class TotalOut(BaseModel):
    """Deals' amounts added up in US dollars, or why not: ``overlap`` (two amounts may
    be one sum told twice), ``currencies`` (an amount without a rate), ``shared`` (a
    figure of several investors together, this one's part unknown), ``no_amount``."""

    min: float | None = None
    max: float | None = None
    currency: str | None = None
    deals: int = 0
    reason: str | None = None


class OrgDetail(BaseModel):
    name: str
    key: str
    category: str | None = None
    aliases: list[str] = Field(default_factory=list)
    tickers: list[str] = Field(default_factory=list)
    money_in: list[DealOut]
    money_out: list[DealOut]
    total_in: TotalOut
    total_out: TotalOut
    counterparties: list[Counterparty]


class TimelineOut(BaseModel):
    """The deals between ``a`` and ``b`` (canonical names), each with its claims and conflicts."""

    a: str
    b: str | None = None
    deals: list[DealDetail]


class OrgHit(BaseModel):
    name: str
    category: str | None = None


class SearchOut(BaseModel):
    q: str
    documents: list[DocumentSummary]
    orgs: list[OrgHit]
    deals: list[DealOut]


class ArticleIn(BaseModel):
    """An article to ingest: its text, and what is known about it."""

    text: str = Field(min_length=1, description="The article's body")
    title: str | None = Field(default=None, max_length=2000)
    date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                             description="Publication date, YYYY-MM-DD")
    url: str | None = Field(default=None, max_length=2000)
    key: str | None = Field(default=None, max_length=400, description="Id in its source")
    lang: str | None = Field(default=None, max_length=8)


class Ingested(BaseModel):
    id: int | None = Field(description="The stored article (null when refused as a copy)")
    status: str = Field(description="stored, duplicate or failed")
    claims: int = 0


class Health(BaseModel):
    status: str
    documents: int
