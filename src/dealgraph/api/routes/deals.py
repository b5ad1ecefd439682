"""``/api/deals``, ``/api/claims`` and ``/api/timeline``: the ledger itself.

Every organisation a client names (``org``, ``investor``, ``target``, ``a``,
``b``) is resolved as the CLI resolves it; an unknown one is a 404 whose
message lists the closest names.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.exceptions import RequestValidationError

from dealgraph.api.models import ClaimOut, DealDetail, DealOut, PageOf, TimelineOut
from dealgraph.records import DealKind, DealStatus, PartialDate
from dealgraph.serve.deps import ConnDep, PageDep, ReadAccess
from dealgraph.serve.errors import errors_for
from dealgraph.store import query

router = APIRouter(tags=["deals"], dependencies=[ReadAccess])

Name = Annotated[str | None, Query(max_length=400, description="Name, alias or ticker")]
DatePrefix = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                         description="YYYY, YYYY-MM or YYYY-MM-DD")]


def get_filters(
    investor: Name = None,
    target: Name = None,
    org: Annotated[str | None, Query(max_length=400, description="Either party")] = None,
    status: DealStatus | None = None,
    kind: DealKind | None = None,
    currency: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
    min_amount: Annotated[float | None, Query(ge=0, le=1e15,
                                              description="In US dollars")] = None,
    since: DatePrefix = None,
    until: DatePrefix = None,
    sort: query.Sort = query.Sort.LARGEST,
) -> query.DealFilters:
    """The filters of ``dealgraph deals``, as query parameters."""
    for name, value in (("since", since), ("until", until)):
        if value is not None:
            try:
                PartialDate.parse(value)
            except ValueError:
                raise RequestValidationError([{"loc": ("query", name), "type": "value_error",
                                               "msg": "not a calendar date", "input": value}]) from None
    return query.DealFilters(investor, target, org, status.value if status else None,
                             kind.value if kind else None, currency, min_amount, since, until,
                             sort)


FiltersDep = Annotated[query.DealFilters, Depends(get_filters)]


def _page(model: Any, rows: list[Any], total: int, limit: int, offset: int) -> Any:
    return {"items": [model.model_validate(r.to_json()) for r in rows], "total": total,
            "limit": limit, "offset": offset}


@router.get("/deals", response_model=PageOf[DealOut], responses=errors_for(404))
def list_deals(conn: ConnDep, page: PageDep, filters: FiltersDep) -> Any:
    """Deals (one per investor, target and kind), largest first unless ``sort=recent``."""
    rows, total = query.deals(conn, filters, page.limit, page.offset)
    return _page(DealOut, rows, total, page.limit, page.offset)


@router.get("/deals/{deal_id}", response_model=DealDetail, responses=errors_for(404))
def get_deal(conn: ConnDep, deal_id: Annotated[int, Path(ge=1, le=2**62)]) -> Any:
    """One deal, every claim about it (oldest event first) and its conflicts."""
    return DealDetail.model_validate(query.deal(conn, deal_id).to_json())


@router.get("/claims", response_model=PageOf[ClaimOut], responses=errors_for(404))
def list_claims(conn: ConnDep, page: PageDep, filters: FiltersDep) -> Any:
    """Claims, newest first, with the sentence each one is read from."""
    rows, total = query.claims(conn, filters, page.limit, page.offset)
    return _page(ClaimOut, rows, total, page.limit, page.offset)


@router.get("/timeline", response_model=TimelineOut, responses=errors_for(404))
def timeline(conn: ConnDep,
             a: Annotated[str, Query(min_length=1, max_length=400, description="One party")],
             b: Annotated[str | None, Query(min_length=1, max_length=400,
                                            description="The other (default: anyone)")] = None,
             ) -> Any:
    """The deals between two organisations, in either direction, earliest first, each
    with its claims in timeline order and its conflicts (as ``dealgraph timeline``)."""
    found = query.timeline(conn, a, b)
    return TimelineOut.model_validate({
        "a": query.resolve_org(conn, a), "b": query.resolve_org(conn, b) if b else None,
        "deals": [h.to_json() for h in found]})
