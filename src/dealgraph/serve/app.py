"""The application factory: one FastAPI app serving the JSON API and the pages.

``create_app(settings)`` opens the store named by ``settings.db``, mounts the
JSON API under ``/api/`` (documented at ``/docs`` and ``/openapi.json``), the
server-rendered pages and their static files, and installs, in this order from
the outside in: the response cache of :mod:`dealgraph.serve.cache` (GET answers
kept until the ledger changes), the body-size guard, then the error handlers of
:mod:`dealgraph.serve.errors`. Nothing here reads the environment: the CLI builds
the settings and passes them in.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from dealgraph import __version__
from dealgraph.config import Settings
from dealgraph.serve import errors
from dealgraph.serve.cache import ResponseCache
from dealgraph.serve.limits import BodyLimit
from dealgraph.serve.security import SecurityHeaders, WriteLimit

DESCRIPTION = """\
Query the ledger of deal claims read from business news: articles, organisations,
deals and their timelines, claims with their evidence, and full-text search.

Lists are paginated with `limit` and `offset`. Every error has the same body,
`{"error": {"code", "message", "input"}}`. Writing (`POST /api/documents`) needs
`Authorization: Bearer <token>`; reads need it too when the server closes them.
"""


def open_store(settings: Settings) -> Any:
    """The store's engine for ``settings.db``, created and migrated if needed."""
    from dealgraph.store.engine import open_engine

    return open_engine(settings.db)


def healthz(request: Request) -> JSONResponse:
    """Readiness: 200 once the language models are loaded (writes answer at full speed),
    503 while they are not, so that a load balancer or a script waits for it."""
    from dealgraph.ingest import extractor_ready

    ready = extractor_ready(request.app.state.settings)
    return JSONResponse({"status": "ready" if ready else "loading", "models": ready},
                        status_code=200 if ready else 503)


def create_app(settings: Settings, engine: Any | None = None, cache: bool = True) -> FastAPI:
    """Build the application for ``settings`` (``engine`` overrides ``settings.db``).

    ``cache=False`` leaves out the response cache (to measure the application alone).
    """
    from dealgraph.api.routes import router as api_router
    from dealgraph.store.version import LedgerVersion
    from dealgraph.web.ask import router as ask_router
    from dealgraph.web.pages import router as pages_router
    from dealgraph.web.render import STATIC

    app = FastAPI(
        title="dealgraph",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json",
        docs_url=None,  # /docs is a page of our own (web/api_docs.py): no CDN script
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine if engine is not None else open_store(settings)
    errors.install(app)
    app.add_api_route("/healthz", healthz, methods=["GET"], include_in_schema=False)
    app.include_router(api_router, prefix="/api")
    app.include_router(pages_router)
    app.include_router(ask_router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.add_middleware(BodyLimit, max_body=settings.max_body)
    if cache:
        app.state.ledger_version = LedgerVersion(app.state.engine)
        app.add_middleware(ResponseCache, version=app.state.ledger_version,
                           token=settings.token, closed=settings.close_reads)
    # Outermost: a flood of writes is turned away before any work, and every
    # answer, cached or refused, carries the security headers.
    app.add_middleware(WriteLimit)
    app.add_middleware(SecurityHeaders)
    return app
