"""The one place where failures become HTTP responses.

Every error an API client sees has the same shape,
``{"error": {"code": ..., "message": ..., "input": ..., "suggestions": [...]}}``
(``suggestions``: the stored names closest to an unknown one, else empty),
whatever raised it:
a :class:`~dealgraph.errors.DealgraphError` from the library, a request that
fails validation, an unknown route or a refused token. Browsers asking for a
page (anything outside ``/api/``) get a small HTML page saying the same thing.
Unexpected exceptions are logged with their traceback and answered with a 500
that reveals nothing of the internals.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from dealgraph.errors import (
    ConfigError,
    DealgraphError,
    InputError,
    KnowledgeError,
    NotFound,
    StoreError,
    UnsupportedLanguage,
)

log = logging.getLogger("dealgraph.api")

#: Most specific first: the first class an error is an instance of sets its status.
STATUS_OF: tuple[tuple[type[DealgraphError], int], ...] = (
    (NotFound, 404),
    (UnsupportedLanguage, 422),
    (InputError, 400),
    (StoreError, 503),
    (KnowledgeError, 500),
    (ConfigError, 500),
)

#: Codes for plain HTTP statuses raised by the framework or by the guards.
HTTP_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    411: "length_required",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
}


class ErrorBody(BaseModel):
    code: str
    message: str
    input: str | None = None
    suggestions: list[str] = Field(
        default_factory=list,
        description="For a name nobody stored: the closest stored names (\"did you mean\")")


class ErrorEnvelope(BaseModel):
    """The body of every error response of the JSON API."""

    error: ErrorBody


def envelope(code: str, message: str, input: str | None = None,
             suggestions: Sequence[str] = ()) -> dict[str, Any]:
    """The JSON error object, for the handlers here and for the ASGI guards."""
    return {"error": {"code": code, "message": message, "input": input,
                      "suggestions": list(suggestions)}}


def status_for(exc: DealgraphError) -> int:
    """The HTTP status of a library error (500 for kinds not listed)."""
    for cls, status in STATUS_OF:
        if isinstance(exc, cls):
            return status
    return 500


def wants_json(request: Request) -> bool:
    """API routes answer JSON; pages answer HTML unless the client asks for JSON only."""
    if request.url.path.startswith("/api/") or request.url.path in {"/api", "/openapi.json"}:
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    input: str | None = None,
    headers: dict[str, str] | None = None,
    suggestions: Sequence[str] = (),
) -> Response:
    """One error, as the JSON envelope or as the HTML error page."""
    if wants_json(request):
        return JSONResponse(envelope(code, message, input, suggestions), status_code=status,
                            headers=headers)
    from dealgraph.web.render import render_error

    return HTMLResponse(
        render_error(request, status, message, input, suggestions), status_code=status,
        headers=headers
    )


def _validation_message(exc: RequestValidationError) -> tuple[str, str | None]:
    """A short sentence for the first validation problem, and where it is."""
    errors = exc.errors()
    if not errors:
        return "invalid request", None
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    message = str(first.get("msg", "invalid value"))
    if first.get("type") == "json_invalid":
        message = "the request body is not valid JSON"
    extra = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    return message + extra, where or None


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into one response shape."""

    @app.exception_handler(DealgraphError)
    async def library_error(request: Request, exc: DealgraphError) -> Response:
        status = status_for(exc)
        if status >= 500:
            log.error("%s", exc)
        message = f"{exc.message} ({exc.hint})" if exc.hint else exc.message
        return error_response(request, status, exc.code, message, exc.input,
                              suggestions=getattr(exc, "suggestions", ()))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        message, where = _validation_message(exc)
        return error_response(request, 422, "invalid_request", message, where)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "error" if exc.status_code >= 500 else "bad_request")
        if exc.status_code == 404 and exc.detail in (None, "Not Found"):
            message = f"nothing at {request.url.path}"
        else:
            message = str(exc.detail)
        return error_response(
            request, exc.status_code, code, message, None, headers=dict(exc.headers or {})
        )

    @app.exception_handler(SQLAlchemyError)
    async def store_error(request: Request, exc: SQLAlchemyError) -> Response:
        # Pool exhaustion or a locked file under load is the server's state, not a bug
        # in the request: say so with a 503 the client may retry.
        log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        return error_response(request, 503, StoreError.code,
                              "the ledger cannot be read right now; try again",
                              headers={"Retry-After": "1"})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "internal", "internal error; it has been logged")


#: The error responses every API operation may give, for the OpenAPI document.
COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorEnvelope, "description": "The token is missing or wrong"},
    413: {"model": ErrorEnvelope, "description": "Request body too large"},
    422: {"model": ErrorEnvelope, "description": "Invalid parameters or body"},
    503: {"model": ErrorEnvelope, "description": "The ledger cannot be read"},
}


def errors_for(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The common error responses plus ``statuses``, for a route's ``responses=``."""
    described = {
        400: "Bad input",
        403: "Writes are disabled or the token is wrong",
        404: "No such resource",
        405: "Method not allowed",
        429: "Too many writes from this client: wait for Retry-After seconds",
    }
    out = dict(COMMON_ERRORS)
    for status in statuses:
        out[status] = {"model": ErrorEnvelope, "description": described.get(status, "Error")}
    return out
