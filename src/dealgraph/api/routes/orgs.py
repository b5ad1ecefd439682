"""``/api/orgs``: organisations, and one organisation's money in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from dealgraph.api.models import OrgDetail, OrgSummary, PageOf
from dealgraph.serve.deps import ConnDep, PageDep, ReadAccess
from dealgraph.serve.errors import errors_for
from dealgraph.store import query

router = APIRouter(tags=["organisations"], dependencies=[ReadAccess])


@router.get("/orgs", response_model=PageOf[OrgSummary], responses=errors_for())
def list_orgs(conn: ConnDep, page: PageDep) -> PageOf[OrgSummary]:
    """Organisations by name, with how many deals they make and receive."""
    rows, total = query.orgs(conn, page.limit, page.offset)
    return PageOf[OrgSummary](items=[OrgSummary.model_validate(r.to_json()) for r in rows],
                              total=total, limit=page.limit, offset=page.offset)


@router.get("/orgs/{name}", response_model=OrgDetail, responses=errors_for(404))
def get_org(conn: ConnDep,
            name: Annotated[str, Path(max_length=400,
                                      description="Name, alias, ticker or description")],
            ) -> OrgDetail:
    """One organisation: money in and out (each deal with its range, totals only where
    amounts cannot overlap) and counterparties. An unknown name is a 404 listing the
    closest names."""
    return OrgDetail.model_validate(query.org(conn, name).to_json())
