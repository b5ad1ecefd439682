"""``/api/deals``, ``/api/claims`` and ``/api/timeline``: the ledger itself."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from dealgraph.api.models import ClaimOut, DealDetail, DealOut, PageOf, TimelineOut
from dealgraph.records import DealKind, DealStatus
from dealgraph.serve.deps import ConnDep, PageDep, ReadAccess
from dealgraph.serve.errors import errors_for
from dealgraph.store import queries_web as q

router = APIRouter(tags=["deals"], dependencies=[ReadAccess])

Name = Annotated[str | None, Query(max_length=400)]
DatePrefix = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                         description="YYYY, YYYY-MM or YYYY-MM-DD")]


@dataclass(frozen=True)
class DealFilters:
    """The filters of ``dealgraph deals``, as query parameters."""

    investor: str | None = None
    target: str | None = None
    org: str | None = None
    status: str | None = None
    kind: str | None = None
    currency: str | None = None
    min_amount: float | None = None
    since: str | None = None
    until: str | None = None


def get_filters(
    investor: Name = None,
    target: Name = None,
    org: Annotated[str | None, Query(max_length=400, description="Either party")] = None,
    status: DealStatus | None = None,
    kind: DealKind | None = None,
    currency: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$")] = None,
    min_amount: Annotated[float | None, Query(ge=0, le=1e15)] = None,
    since: DatePrefix = None,
    until: DatePrefix = None,
) -> DealFilters:
    return DealFilters(investor, target, org, status.value if status else None,
                       kind.value if kind else None, currency, min_amount, since, until)


FiltersDep = Annotated[DealFilters, Depends(get_filters)]


def _page(model: Any, rows: list[dict[str, Any]], total: int, limit: int, offset: int) -> Any:
    return {"items": [model.model_validate(r) for r in rows], "total": total,
            "limit": limit, "offset": offset}


@router.get("/deals", response_model=PageOf[DealOut], responses=errors_for())
def list_deals(conn: ConnDep, page: PageDep, filters: FiltersDep) -> Any:
    """Deals (one per investor, target and kind), largest first."""
    rows, total = q.list_deals(conn, asdict(filters), page.limit, page.offset)
    return _page(DealOut, rows, total, page.limit, page.offset)


@router.get("/deals/{deal_id}", response_model=DealDetail, responses=errors_for(404))
def get_deal(conn: ConnDep, deal_id: Annotated[int, Path(ge=1, le=2**62)]) -> Any:
    """One deal and every claim about it, oldest event first."""
    return DealDetail.model_validate(q.get_deal(conn, deal_id))


@router.get("/claims", response_model=PageOf[ClaimOut], responses=errors_for())
def list_claims(conn: ConnDep, page: PageDep, filters: FiltersDep) -> Any:
    """Claims, newest first, with the sentence each one is read from."""
    rows, total = q.list_claims(conn, asdict(filters), page.limit, page.offset)
    return _page(ClaimOut, rows, total, page.limit, page.offset)


@router.get("/timeline", response_model=TimelineOut, responses=errors_for())
def timeline(conn: ConnDep,
             a: Annotated[str, Query(min_length=1, max_length=400, description="One party")],
             b: Annotated[str, Query(min_length=1, max_length=400, description="The other")],
             ) -> Any:
    """Every claim between two organisations, in either direction, oldest first."""
    return TimelineOut.model_validate({"a": a, "b": b, "claims": q.timeline(conn, a, b)})
