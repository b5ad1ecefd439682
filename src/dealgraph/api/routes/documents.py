"""``/api/documents``: the articles read, one article, and ingesting a new one."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from sqlalchemy import func, select

from dealgraph.api.models import (
    ArticleIn,
    DocumentDetail,
    DocumentSummary,
    Health,
    Ingested,
    PageOf,
)
from dealgraph.errors import InputError
from dealgraph.records import Document
from dealgraph.serve.deps import ConnDep, EngineDep, PageDep, ReadAccess, SettingsDep, WriteAccess
from dealgraph.serve.errors import errors_for
from dealgraph.store import query
from dealgraph.store.tables import documents

router = APIRouter(tags=["documents"])


@router.get("/health", response_model=Health, responses=errors_for())
def health(conn: ConnDep) -> Any:
    """Whether the server can read its ledger, and how many articles it holds."""
    total = conn.execute(select(func.count()).select_from(documents)).scalar() or 0
    return {"status": "ok", "documents": int(total)}


@router.get("/documents", response_model=PageOf[DocumentSummary], responses=errors_for(),
            dependencies=[ReadAccess])
def list_documents(conn: ConnDep, page: PageDep) -> Any:
    """Articles, most recently published first."""
    rows, total = query.documents(conn, page.limit, page.offset)
    return {"items": [DocumentSummary.model_validate(r.to_json()) for r in rows], "total": total,
            "limit": page.limit, "offset": page.offset}


@router.get("/documents/{document_id}", response_model=DocumentDetail,
            responses=errors_for(404), dependencies=[ReadAccess])
def get_document(conn: ConnDep, document_id: Annotated[int, Path(ge=1, le=2**62)]) -> Any:
    """One article: its text, the spans found in it, its claims, copies and origins."""
    return DocumentDetail.model_validate(query.document(conn, document_id).to_json())


def to_document(article: ArticleIn, max_chars: int) -> Document:
    """The :class:`Document` for a posted article; refuses text over ``max_chars``."""
    if len(article.text) > max_chars:
        raise InputError(f"article text is over {max_chars} characters", input="text")
    day = None
    if article.date:
        try:
            day = dt.date.fromisoformat(article.date)
        except ValueError:
            raise InputError("not a calendar date", input="date") from None
    key = article.key or "api-" + hashlib.sha256(article.text.encode()).hexdigest()[:16]
    return Document(id=key, text=article.text, title=article.title, date=day,
                    date_source="argument" if day else None, url=article.url,
                    lang=article.lang, origin="POST /api/documents")


@router.post("/documents", response_model=Ingested, status_code=201,
             responses=errors_for(400, 403, 429), dependencies=[WriteAccess])
def post_document(request: Request, article: ArticleIn, settings: SettingsDep,
                  engine: EngineDep) -> Any:
    """Read one article, extract its claims and store it (needs the token).

    A copy of an article already stored is not stored twice: the answer then has
    status ``duplicate`` and the stored article's id.
    """
    from dealgraph.ingest import ingest_document

    return ingest_document(engine, settings, to_document(article, settings.max_chars))
