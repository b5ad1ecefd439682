"""``/api/orgs``: organisations, and one organisation's money in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from dealgraph.api.models import OrgDetail, OrgSummary, PageOf
from dealgraph.serve.deps import ConnDep, PageDep, ReadAccess
from dealgraph.serve.errors import errors_for
from dealgraph.store import queries_web as q

router = APIRouter(tags=["organisations"], dependencies=[ReadAccess])


@router.get("/orgs", response_model=PageOf[OrgSummary], responses=errors_for())
def list_orgs(conn: ConnDep, page: PageDep) -> PageOf[OrgSummary]:
    """Organisations by name, with how many deals they make and receive."""
    rows, total = q.list_orgs(conn, page.limit, page.offset)
    return PageOf[OrgSummary](items=[OrgSummary.model_validate(r) for r in rows], total=total,
                              limit=page.limit, offset=page.offset)


@router.get("/orgs/{name}", response_model=OrgDetail, responses=errors_for(404))
def get_org(conn: ConnDep,
            name: Annotated[str, Path(max_length=400, description="Canonical name")]) -> OrgDetail:
    """One organisation: money in and out, counterparties and the claims about it."""
    return OrgDetail.model_validate(q.get_org(conn, name))
