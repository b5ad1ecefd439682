"""``/api/ask``: a question about deals, answered from the ledger with citations."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from dealgraph.ask import ask as answer_question
from dealgraph.ask import render
from dealgraph.ask.parse import MAX_QUESTION
from dealgraph.serve.deps import ConnDep, ReadAccess
from dealgraph.serve.errors import errors_for

router = APIRouter(tags=["ask"], dependencies=[ReadAccess])


class CitationOut(BaseModel):
    """One claim behind an answer: its article and exact evidence sentence."""

    claim_id: int
    document_id: int | None = None
    document: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    link: str | None = None
    url: str | None = None
    quote: str
    status: str
    source: str | None = None
    source_kind: str | None = None
    source_label: str | None = Field(
        default=None, description="The source in the answer's language: a source the article "
        "names no one for ('unnamed sources', 'analysts') is written in its words; null when "
        "the article says it on its own")
    date: str | None = None
    min: float | None = None
    max: float | None = None
    currency: str | None = None
    valuation: float | None = None
    valuation_currency: str | None = None
    counted: bool


class ConflictOut(BaseModel):
    kind: str
    a: CitationOut
    b: CitationOut


class ReadingOut(BaseModel):
    """A deal as the ledger reads it now, and the claims behind it, strongest first."""

    deal_id: int
    investor: str | None = None
    target: str | None = None
    kind: str
    status: str | None = None
    since: str | None = None
    min: float | None = None
    max: float | None = None
    currency: str | None = None
    date: str | None = None
    valuation: float | None = None
    citations: list[CitationOut]
    conflicts: list[ConflictOut]


class HitOut(BaseModel):
    document_id: int
    document: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    link: str
    url: str | None = None
    sentence: str


class NearestOut(BaseModel):
    label: str
    deal_id: int | None = None
    organisation: str | None = None


class AnswerOut(BaseModel):
    """The answer, in the question's language: ``kind`` says what it holds ("none" is
    "not in the ledger" with ``nearest``; "search" holds search results in ``hits``)."""

    question: str
    lang: str
    intent: str | None = None
    kind: str
    subject: str | None = None
    since: str | None = None
    year: int | None = None
    reason: str | None = None
    readings: list[ReadingOut]
    nearest: list[NearestOut]
    hits: list[HitOut]
    text: str


@router.get("/ask", response_model=AnswerOut, responses=errors_for(400))
def ask(conn: ConnDep,
        q: Annotated[str, Query(max_length=MAX_QUESTION, description="The question")] = "",
        lang: Annotated[Literal["fr", "en"] | None,
                        Query(description="The question's language (default: guessed)")] = None
        ) -> AnswerOut:
    """Answer a question about deals from the ledger, in the question's language.

    The answer is the ledger's current reading (status, amount in its currency,
    date), then the claims behind it, strongest source first, each with its
    article and exact sentence; conflicts are listed. ``text`` is the same answer
    written out for people.
    """
    found = answer_question(conn, q, lang)
    return AnswerOut.model_validate({**found.to_dict(), "text": render(found)})
