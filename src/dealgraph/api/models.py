"""Response models of the JSON API: the shapes the OpenAPI document promises."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


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
    minimum: float | None = None
    maximum: float | None = None
    currency: str | None = None
    start: int
    end: int


class ClaimOut(BaseModel):
    """One statement about a deal and the sentence of the article that makes it."""

    id: int
    deal_id: int
    document_id: int
    investor: str | None = None
    target: str | None = None
    kind: str
    status: str
    minimum: float | None = None
    maximum: float | None = None
    currency: str | None = None
    valuation: float | None = None
    date: str | None = None
    date_precision: str | None = None
    source: str | None = None
    source_kind: str | None = None
    quote: str
    evidence_start: int
    evidence_end: int
    cue: str | None = None
    position: int = 0
    document_title: str | None = None
    published: str | None = None


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
    investor: str | None = None
    target: str | None = None
    kind: str
    status: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    currency: str | None = None
    first_date: str | None = None
    last_date: str | None = None
    claims: int = 0
    conflicts: int = 0


class DealDetail(DealOut):
    history: list[ClaimOut] = Field(default_factory=list, description="Claims, oldest first")


class OrgSummary(BaseModel):
    name: str
    category: str | None = None
    tickers: str | None = None
    deals_in: int = 0
    deals_out: int = 0


class Counterparty(BaseModel):
    name: str
    deals: int


class OrgDetail(BaseModel):
    name: str
    key: str
    aliases: str | None = None
    tickers: str | None = None
    category: str | None = None
    money_in: list[DealOut]
    money_out: list[DealOut]
    counterparties: list[Counterparty]
    timeline: list[ClaimOut]


class TimelineOut(BaseModel):
    a: str
    b: str
    claims: list[ClaimOut]


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
