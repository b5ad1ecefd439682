"""``/api/search``: articles, organisations and deals matching some words."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from dealgraph.api.models import SearchOut
from dealgraph.serve.deps import ConnDep, PageDep, ReadAccess
from dealgraph.serve.errors import errors_for
from dealgraph.store import query

router = APIRouter(tags=["search"], dependencies=[ReadAccess])


@router.get("/search", response_model=SearchOut, responses=errors_for())
def search(conn: ConnDep, page: PageDep,
           q_: Annotated[str, Query(alias="q", max_length=query.MAX_QUERY,
                                    description="Words to look for")] = "") -> SearchOut:
    """Full-text search over articles, and name search over organisations and deals.

    Words are searched literally: quotes, ``%`` and full-text operators are text.
    ``limit`` caps each of the three lists.
    """
    found = query.search(conn, q_, page.limit)
    return SearchOut.model_validate({"q": q_, **found.to_json()})
