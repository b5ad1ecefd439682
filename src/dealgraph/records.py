"""The records passed from one stage to the next.

An article travels as a :class:`Document` (from ``sources/``), is annotated with
:class:`Mention`, :class:`Amount`, :class:`Quantity` and :class:`DateMention` values
(from ``nlp/``), yields :class:`Claim` values (from ``extract/``) and leaves the
extraction engine as one :class:`Record`, whose :meth:`Record.to_dict` is the
per-article JSON object described by the evaluation schema.

Every value found in an article carries its character span ``[start, end)`` in
``Document.text`` so that a reader can always go back to the words it came from.
All records are frozen: a stage never edits what an earlier stage produced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypedDict


class DealKind(StrEnum):
    """What sort of money movement a claim is about."""

    INVESTMENT = "investment"
    FUNDING_ROUND = "funding_round"
    ACQUISITION = "acquisition"
    PARTNERSHIP = "partnership"
    PURCHASE_COMMITMENT = "purchase_commitment"


class DealStatus(StrEnum):
    """Where a deal stands according to one claim (see the evaluation schema)."""

    RUMORED = "rumored"
    IN_TALKS = "in_talks"
    PLANNED = "planned"
    ANNOUNCED = "announced"
    CONFIRMED = "confirmed"
    UNDER_REVIEW = "under_review"
    STALLED = "stalled"
    REJECTED = "rejected"
    DENIED = "denied"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class EntityKind(StrEnum):
    ORG = "org"
    PERSON = "person"


class OrgCategory(StrEnum):
    """What an organisation of the knowledge base is (its ``category``, an enum of
    ``data/schemas/kb.schema.json``)."""

    AEROSPACE = "aerospace"
    AI_STARTUP = "ai_startup"
    AIRLINE = "airline"
    ANALYST_FIRM = "analyst_firm"
    ASSET_MANAGER = "asset_manager"
    AUTO_SUPPLIER = "auto_supplier"
    AUTOMAKER = "automaker"
    BANK = "bank"
    BIGTECH = "bigtech"
    BROADCASTER = "broadcaster"
    CENTRAL_BANK = "central_bank"
    CHEMICALS = "chemicals"
    CHIP_EQUIPMENT = "chip_equipment"
    CHIPMAKER = "chipmaker"
    CLOUD = "cloud"
    COMPANY = "company"  # a listed company whose sector the knowledge base does not say
    CONGLOMERATE = "conglomerate"
    CONSTRUCTION = "construction"
    CONSULTING = "consulting"
    CONSUMER = "consumer"
    DATACENTER = "datacenter"
    DEFENSE = "defense"
    ELECTRONICS = "electronics"
    ENERGY = "energy"
    EXCHANGE = "exchange"
    HARDWARE = "hardware"
    INDUSTRIAL = "industrial"
    INSURER = "insurer"
    INVESTOR = "investor"
    LAB = "lab"
    LUXURY = "luxury"
    MEDIA_COMPANY = "media_company"
    MINING = "mining"
    NEWSPAPER = "newspaper"
    PENSION_FUND = "pension_fund"
    PHARMA = "pharma"
    PLATFORM = "platform"
    PRIVATE_EQUITY = "private_equity"
    REGULATOR = "regulator"
    RETAILER = "retailer"
    SOCIAL = "social"
    SOFTWARE = "software"
    SOVEREIGN_FUND = "sovereign_fund"
    STEEL = "steel"
    TELECOM = "telecom"
    UTILITY = "utility"
    VC = "vc"
    WIRE = "wire"


#: Categories whose organisations report deals rather than make them: a mention of
#: one is a source ("a rapporté le Wall Street Journal"), never a party.
PUBLICATIONS = frozenset({OrgCategory.WIRE, OrgCategory.NEWSPAPER, OrgCategory.BROADCASTER})
#: Categories that are never a deal's party: publications, regulators and the firms
#: whose analysts comment on deals.
NOT_PARTIES = PUBLICATIONS | {OrgCategory.REGULATOR, OrgCategory.ANALYST_FIRM}


class SourceKind(StrEnum):
    """Who a claim is attributed to, from most to least credible."""

    PARTY = "party"  # one of the deal's own parties or its people
    PUBLICATION = "publication"  # a named newspaper or wire
    ORGANISATION = "organisation"  # another named organisation (regulator, bank...)
    PERSON = "person"  # a named person who is not a party's spokesperson
    UNNAMED = "unnamed"  # "people familiar with the matter"
    ANALYSTS = "analysts"
    NONE = "none"  # the article asserts it on its own


#: The source name a claim gets when its article names no one: "people familiar with
#: the matter" are "unnamed sources", "analysts said" is "analysts". The ledger stores
#: these labels in English; every interface writes them in its reader's language
#: (``source_kinds`` in ``data/ui/<lang>.yaml``), as it does statuses and kinds.
GENERIC_SOURCES: dict[SourceKind, str] = {
    SourceKind.UNNAMED: "unnamed sources",
    SourceKind.ANALYSTS: "analysts",
}


class DatePrecision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> DatePrecision:
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    def iso(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def latest(self) -> dt.date:
        """The last calendar day this date can denote (used to order timelines)."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            nxt = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(self.year, self.month, self.day)

    @classmethod
    def from_date(cls, day: dt.date) -> PartialDate:
        return cls(day.year, day.month, day.day)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Inverse of :meth:`iso`; raises ValueError on anything else."""
        parts = text.split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
            raise ValueError(f"not a YYYY[-MM[-DD]] date: {text!r}")
        nums = [int(p) for p in parts]
        if nums[0] < 1:
            raise ValueError(f"year out of range: {text!r}")
        if len(nums) == 3:
            dt.date(nums[0], nums[1], nums[2])  # validates the day
        elif len(nums) == 2 and not 1 <= nums[1] <= 12:
            raise ValueError(f"month out of range: {text!r}")
        return cls(*nums)


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read from its source, before any language processing.

    ``date`` is the publication date when known, and ``date_source`` says where it
    came from (``"header"``, ``"html-meta"``, ``"jsonl"``, ``"argument"``...).
    """

    id: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    date_source: str | None = None
    url: str | None = None
    site: str | None = None
    lang: str | None = None
    origin: str | None = None  # the path or URL it was read from, for messages


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Amount:
    """A money amount as an interval in its own currency (never converted).

    ``min``/``max`` are ``None`` where the text leaves that side open
    ("jusqu'à 100 milliards" has no lower bound). ``currency`` is an ISO 4217 code,
    or ``None`` when neither the phrase nor its context names one.
    """

    text: str
    start: int
    end: int
    min: float | None
    max: float | None
    currency: str | None
    approximate: bool = False
    per_share: bool = False  # "20 dlrs a share": a price, not a deal size


@dataclass(frozen=True, slots=True)
class Quantity:
    """A non-money quantity (10 GW, 20,000 GPUs, 300 million users)."""

    text: str
    start: int
    end: int
    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in the text, resolved against the publication date."""

    text: str
    start: int
    end: int
    value: PartialDate
    since: bool = False  # "depuis 2019" / "since 2019": the start of a period


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical organisation or person from the knowledge base (or found by NER)."""

    id: str
    name: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()
    ticker: str | None = None
    tickers: tuple[str, ...] = ()
    category: str | None = None  # an OrgCategory value (chipmaker, cloud, lab, wire...)
    org: str | None = None  # for a person: the id of the organisation they speak for
    known: bool = True  # False for entities found only by statistical NER


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that refers to an entity, and how it was recognised."""

    text: str
    start: int
    end: int
    entity: Entity
    via: str  # "name", "alias", "ticker", "description", "surname", "ner", "pattern", "parse"

    @property
    def names(self) -> bool:
        """Whether the words are a name of the entity, not a phrase that describes it
        ("la startup", "le géant de Redmond"): only names become aliases."""
        return self.via != "description"


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says so: ``name`` is the immediate source, ``chain`` the sources it cites.

    "Reuters, citing the WSJ, citing people familiar" is name="Reuters",
    chain=("Wall Street Journal", "people familiar with the matter").
    """

    name: str
    kind: SourceKind
    text: str
    start: int
    end: int
    chain: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """One statement about a deal, with the sentence that makes it."""

    investor: str | None
    target: str | None
    kind: DealKind
    status: DealStatus
    evidence: Sentence
    min: float | None = None
    max: float | None = None
    currency: str | None = None
    valuation: float | None = None
    per_share: float | None = None  # a price per share, in ``currency``: never the amount
    date: PartialDate | None = None
    source: Attribution | None = None
    amount: Amount | None = None
    cue: str | None = None  # the words that set the status, for explanations
    order: int = 0  # position in the article's narrative
    embedded: bool = False  # told inside another claim ("denied reports that...")
    lead: bool = False  # a round's participant that leads it
    shared: bool = False  # the amount is that of several investors together, not this one's


class AmountDict(TypedDict):
    text: str
    start: int
    end: int
    min: float | None
    max: float | None
    currency: str | None
    approximate: bool


class DealDict(TypedDict):
    investor: str | None
    target: str | None
    kind: str
    status: str
    min: float | None
    max: float | None
    currency: str | None
    valuation: float | None
    per_share: float | None
    date: str | None
    date_precision: str | None
    source: str | None
    source_kind: str | None
    source_chain: list[str]
    quote: str
    evidence: dict[str, int]
    cue: str | None
    lead: bool
    shared: bool


@dataclass(frozen=True, slots=True)
class Record:
    """Everything extracted from one article: the output of ``dealgraph extract``."""

    document: Document
    lang: str | None
    supported: bool
    text: str = ""  # what every span indexes: the title, a blank line, then the body
    orgs: tuple[Entity, ...] = ()
    people: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    amounts: tuple[Amount, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateMention, ...] = ()
    claims: tuple[Claim, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.document.id

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of the evaluation schema, plus spans and evidence."""
        doc = self.document
        return {
            "id": doc.id,
            "lang": self.lang,
            "supported": self.supported,
            "date": doc.date.isoformat() if doc.date else None,
            "date_source": doc.date_source,
            "title": doc.title,
            "url": doc.url,
            "site": doc.site,
            "orgs": [self._entity_dict(e) for e in self.orgs],
            "people": [self._entity_dict(e) for e in self.people],
            "amounts": [_amount_dict(a) for a in self.amounts],
            "quantities": [
                {"text": q.text, "value": q.value, "unit": q.unit, "start": q.start, "end": q.end}
                for q in self.quantities
            ],
            "deals": [claim_dict(c) for c in self.claims],
            "warnings": list(self.warnings),
        }

    def _entity_dict(self, entity: Entity) -> dict[str, Any]:
        spans: list[dict[str, Any]] = [
            {"text": m.text, "start": m.start, "end": m.end, "via": m.via}
            for m in self.mentions
            if m.entity.id == entity.id
        ]
        written: list[str] = [m.text for m in self.mentions
                              if m.entity.id == entity.id and m.names]
        aliases = sorted({w for w in written if w != entity.name})
        if entity.ticker and entity.ticker in written and entity.ticker not in aliases:
            aliases.append(entity.ticker)
        return {
            "name": entity.name,
            "id": entity.id,
            "aliases": aliases,
            "ticker": entity.ticker,
            "known": entity.known,
            "mentions": spans,
        }


def _amount_dict(a: Amount) -> AmountDict:
    return {
        "text": a.text,
        "start": a.start,
        "end": a.end,
        "min": a.min,
        "max": a.max,
        "currency": a.currency,
        "approximate": a.approximate,
    }


def claim_dict(c: Claim) -> DealDict:
    return {
        "investor": c.investor,
        "target": c.target,
        "kind": c.kind.value,
        "status": c.status.value,
        "min": c.min,
        "max": c.max,
        "currency": c.currency,
        "valuation": c.valuation,
        "per_share": c.per_share,
        "date": c.date.iso() if c.date else None,
        "date_precision": c.date.precision.value if c.date else None,
        "source": c.source.name if c.source else None,
        "source_kind": c.source.kind.value if c.source else None,
        "source_chain": list(c.source.chain) if c.source else [],
        "quote": c.evidence.text,
        "evidence": {"start": c.evidence.start, "end": c.evidence.end},
        "cue": c.cue,
        "lead": c.lead,
        "shared": c.shared,
    }
