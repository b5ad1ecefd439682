"""What an answer holds: the ledger's reading of deals, the claims that ground it
(each cited with its article and exact sentence), conflicts, the nearest things
when nothing answers, and search results for questions that are not about deals.

Plain dataclasses: the CLI prints them as text or JSON, the API serves
:meth:`Answer.to_dict`, the web page renders them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: What kind of answer a question gets.
KINDS = ("deal", "sources", "investors", "targets", "valuation", "largest", "changes",
         "none", "search")


@dataclass(frozen=True, slots=True)
class Citation:
    """One claim behind an answer: who says what, where, in which words."""

    claim_id: int
    document_id: int | None
    document: str  # the article's id in its source
    title: str | None
    outlet: str | None
    published: str | None
    link: str | None  # the article's page in the ledger's web pages
    url: str | None  # where it was published
    quote: str  # the exact evidence sentence
    status: str
    source: str | None
    source_kind: str | None
    date: str | None
    min: float | None
    max: float | None
    currency: str | None
    valuation: float | None
    valuation_currency: str | None  # the currency the valuation was written in
    counted: bool  # False for a reprint, whose claims add no weight
    #: ``source`` in the answer's language: "unnamed sources" is stored in English
    #: and written "sources non nommées" for a French question; None when unattributed
    source_label: str | None = None


@dataclass(frozen=True, slots=True)
class ConflictNote:
    kind: str  # "status" or "amount"
    a: Citation
    b: Citation


@dataclass(slots=True)
class Reading:
    """A deal as the ledger reads it now, with the claims behind it."""

    deal_id: int
    investor: str | None
    target: str | None
    kind: str
    status: str | None
    since: str | None  # when the current status began, as far as the claims tell
    min: float | None
    max: float | None
    currency: str | None
    date: str | None  # the latest news of it
    valuation: float | None = None
    citations: list[Citation] = field(default_factory=list)
    conflicts: list[ConflictNote] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Hit:
    """A search result: the best sentence of an article for the question's words."""

    document_id: int
    document: str
    title: str | None
    outlet: str | None
    published: str | None
    link: str
    url: str | None
    sentence: str


@dataclass(frozen=True, slots=True)
class Nearest:
    """Something close to what was asked: a deal of an organisation named, or an
    organisation whose name resembles one asked about."""

    label: str
    deal_id: int | None = None
    organisation: str | None = None


@dataclass(slots=True)
class Answer:
    question: str
    lang: str
    intent: str | None
    kind: str
    subject: str | None = None  # the organisation or pair the answer is about
    since: str | None = None
    year: int | None = None
    reason: str | None = None  # why nothing answers, when kind is "none"
    readings: list[Reading] = field(default_factory=list)
    nearest: list[Nearest] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)

    @property
    def citations(self) -> list[Citation]:
        """Every cited claim, reading by reading."""
        return [c for r in self.readings for c in r.citations]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
