"""The server-rendered pages: home, organisation, deal, article, graph and search.

Each route reads through :mod:`dealgraph.store.query` (the same rows as the CLI and
the JSON API, organisations resolved the same way) and renders one
template; there is no front-end build, and the only script is the deal chart.
Pages obey the same read guard as the JSON API.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from dealgraph.records import DealKind, DealStatus
from dealgraph.serve.deps import ConnDep, ReadAccess
from dealgraph.store import query as q
from dealgraph.store.query.browse import BrowseOrder, source_languages
from dealgraph.web import deals_list
from dealgraph.web.api_docs import describe
from dealgraph.web.graph_layout import busiest, neighbourhood
from dealgraph.web.graph_layout import layout as graph_layout
from dealgraph.web.highlight import Mark, blocks, locate
from dealgraph.web.render import reader_language, render
from dealgraph.web.timeline import layout as timeline_layout
from dealgraph.wording import COOKIE, languages, wording

router = APIRouter(include_in_schema=False, dependencies=[ReadAccess])
#: The most deals the graph draws at once.
GRAPH_LIMIT = 300
#: Search results per list and page, and the most counted.
SEARCH_PAGE, SEARCH_CAP = 20, 1000
Id = Annotated[int, Path(ge=1, le=2**62)]


def _page(request: Request, name: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(request, name, **context))


@router.get("/", response_class=HTMLResponse)
def home(request: Request, conn: ConnDep) -> HTMLResponse:
    return _page(request, "home.html", latest_claims=q.latest_claims(conn, 10),
                 largest_deals=q.largest(conn, 10), conflicts=q.disputed(conn, 10))


@router.get("/language/{code}")
def choose_language(code: Annotated[str, Path(max_length=8)],
                    next: Annotated[str, Query(max_length=2000)] = "/") -> RedirectResponse:
    """Keep the reader's choice of language in a cookie and go back where they were.

    Only a path on this site is followed (``/x``, never ``//host`` or a full
    URL), so the switch cannot be used to send a reader elsewhere.
    """
    target = next if next.startswith("/") and not next.startswith(("//", "/\\")) else "/"
    answer = RedirectResponse(target, status_code=303)
    if code in languages():
        answer.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="lax", httponly=True)
    return answer


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The JSON API's routes, drawn from ``/openapi.json`` with no asset from elsewhere."""
    return _page(request, "docs.html", api=describe(request.app.openapi()))


@router.get("/orgs/{name}", response_class=HTMLResponse)
def org(request: Request, conn: ConnDep,
        name: Annotated[str, Path(max_length=400)]) -> HTMLResponse:
    data = q.org(conn, name)
    claims, _ = q.claims(conn, q.DealFilters(org=data.name), limit=200)
    return _page(request, "org.html", org=data, claims=claims)


def sources(claims: list[Any]) -> list[dict[str, Any]]:
    """Each article a deal's claims come from, once, in the order first cited."""
    seen: dict[Any, dict[str, Any]] = {}
    for c in claims:
        get = c.get if isinstance(c, dict) else (lambda k, c=c: getattr(c, k, None))
        doc = get("document_id")
        if doc not in seen:
            seen[doc] = {"document_id": doc, "title": get("title"), "document": get("document"),
                         "publication": get("publication") or get("source"),
                         "source_kind": None if get("publication") else get("source_kind"),
                         "published": get("published"), "relation": get("relation")}
    return list(seen.values())


def _list_query(request: Request) -> deals_list.ListQuery:
    return deals_list.parse(dict(request.query_params))


@router.get("/deals", response_class=HTMLResponse)
def deals(request: Request, conn: ConnDep) -> HTMLResponse:
    """Every deal: filters, sorting and page in the URL, with the total count."""
    view = _list_query(request)
    found = deals_list.run(conn, view)
    return _page(request, "deals.html", view=view, found=found,
                 pager=deals_list.pages(view, found.total),
                 languages=source_languages(conn),
                 kinds=[k.value for k in DealKind], statuses=[s.value for s in DealStatus],
                 orders=[o.value for o in BrowseOrder], per_page=deals_list.PER_PAGE,
                 csv_url=view.url("/deals.csv"), json_url=view.url("/deals.json"))


@router.get("/deals.csv")
def deals_csv(request: Request, conn: ConnDep) -> Response:
    """Exactly the deals ``/deals`` shows for the same parameters, as CSV."""
    view = _list_query(request)
    found = deals_list.run(conn, view)
    return Response(deals_list.to_csv(deals_list.rows(found)), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="deals.csv"'})


@router.get("/deals.json")
def deals_json(request: Request, conn: ConnDep) -> Response:
    """Exactly the deals ``/deals`` shows for the same parameters, as JSON with the total."""
    view = _list_query(request)
    found = deals_list.run(conn, view)
    return Response(deals_list.to_json(view, found), media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="deals.json"'})


@router.get("/deals/{deal_id}", response_class=HTMLResponse)
def deal(request: Request, conn: ConnDep, deal_id: Id) -> HTMLResponse:
    data = q.deal(conn, deal_id)
    words = wording(reader_language(request))
    return _page(request, "deal.html", deal=data.deal, claims=data.claims,
                 conflicts=data.conflicts, sources=sources(data.claims),
                 tl=timeline_layout(data.claims, words))


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document(request: Request, conn: ConnDep, document_id: Id) -> HTMLResponse:
    doc = q.document(conn, document_id)
    text = doc.text
    marks = [Mark(m.start, m.end, "org" if m.entity_kind == "org" else "person",
                  m.name or m.entity_key) for m in doc.mentions]
    marks += [Mark(a.start, a.end, "amount", a.text) for a in doc.amounts]
    sentences = []
    for claim in doc.claims:
        span = locate(text, claim.evidence_start, claim.evidence_end, claim.quote)
        if span:
            sentences.append((span[0], span[1], f"claim-{claim.id}"))
    return _page(request, "document.html", doc=doc, blocks=blocks(text, sentences, marks),
                 heading=heading(doc.title, text, doc.key), outlet=outlet(doc.url))


def heading(title: str | None, text: str, key: str | None) -> str:
    """The article's title; without one, its first words (an id tells a reader nothing)."""
    if title and title.strip():
        return title.strip()
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if not first:
        return key or "?"
    return first if len(first) <= 90 else first[:88].rsplit(" ", 1)[0] + "…"


def outlet(url: str | None) -> str | None:
    """The site an article's URL points to (``www.`` dropped), the outlet when none is named."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


@router.get("/graph", response_class=HTMLResponse)
def graph(request: Request, conn: ConnDep) -> HTMLResponse:
    """Who invests in whom: one organisation's neighbourhood by default, filters in the URL.

    Without ``org`` the busiest organisation is the centre; ``org=`` left empty
    draws the largest deals of the whole ledger (up to ``GRAPH_LIMIT``).
    """
    raw = dict(request.query_params)
    view = deals_list.parse({k: raw.get(k) for k in ("kind", "status", "since", "until")})
    depth = 2 if raw.get("depth") == "2" else 1
    filters = q.DealFilters(kind=view.kind, status=view.status, since=view.since, until=view.until)
    found, _ = q.deals(conn, filters, limit=GRAPH_LIMIT * 4)
    named = [d for d in found if d.investor and d.target]
    if "org" in raw:
        centre = q.resolve_org(conn, raw["org"].strip()[:400]) if raw["org"].strip() else None
    else:
        centre = busiest(named)
    shown = neighbourhood(named, centre, depth)[:GRAPH_LIMIT]
    return _page(request, "graph.html", graph=graph_layout(shown, centre), centre=centre,
                 view=view, depth=depth, deals=shown, kinds=[k.value for k in DealKind],
                 statuses=[s.value for s in DealStatus])


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, conn: ConnDep,
           q_: Annotated[str, Query(alias="q", max_length=q.MAX_QUERY)] = "",
           page: Annotated[int, Query(ge=1, le=SEARCH_CAP // SEARCH_PAGE)] = 1) -> HTMLResponse:
    """Deals, organisations and articles matching ``q``, each list a page of
    ``SEARCH_PAGE`` with its total (counted up to ``SEARCH_CAP``, said as "1000+")."""
    found = q.search(conn, q_, SEARCH_CAP)
    start = (page - 1) * SEARCH_PAGE
    sections = {}
    for name, items in (("deals", found.deals), ("orgs", found.orgs),
                        ("documents", found.documents)):
        sections[name] = {"items": items[start:start + SEARCH_PAGE], "total": len(items),
                          "capped": len(items) >= SEARCH_CAP, "first": start + 1,
                          "last": min(len(items), start + SEARCH_PAGE)}
    longest = max(len(found.deals), len(found.orgs), len(found.documents))
    pages = max(1, -(-longest // SEARCH_PAGE))
    link = {n: f"/search?{urlencode({'q': q_, 'page': n})}" for n in (page - 1, page + 1)}
    return _page(request, "search.html", q=q_, sections=sections, page=page, pages=pages,
                 previous=link[page - 1] if page > 1 else None,
                 next=link[page + 1] if page < pages else None)
