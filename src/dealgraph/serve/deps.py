"""The dependencies API routes and pages declare: settings, store, access, paging.

Each is an ``Annotated`` alias, so a route says ``settings: SettingsDep`` and
FastAPI does the rest; the OpenAPI document learns about the bearer token and
the paging parameters from here.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection

from dealgraph.config import Settings

#: The largest page a client may ask for, whatever the configured default.
MAX_PAGE = 500
#: Offsets past this are refused rather than handed to the database.
MAX_OFFSET = 1_000_000

bearer = HTTPBearer(auto_error=False, description="The token of DEALGRAPH_TOKEN")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_engine(request: Request) -> Any:
    """The store's engine, opened once by the application factory."""
    return request.app.state.engine


EngineDep = Annotated[Any, Depends(get_engine)]


def token_matches(expected: str | None, given: str | None) -> bool:
    """True when a token is configured and ``given`` equals it (in constant time)."""
    if not expected or given is None:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def require_read(settings: SettingsDep, credentials: Credentials) -> None:
    """Reads are open unless ``close_reads`` is set; then the token is required."""
    if not settings.close_reads or not settings.token:
        return
    if credentials is None:
        raise HTTPException(401, "reads require the token: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    if not token_matches(settings.token, credentials.credentials):
        raise HTTPException(401, "the token is wrong", headers={"WWW-Authenticate": "Bearer"})


def require_write(settings: SettingsDep, credentials: Credentials) -> None:
    """Writes need the configured token; with no token configured they are disabled."""
    if not settings.token:
        raise HTTPException(403, "writes are disabled: the server has no DEALGRAPH_TOKEN")
    if credentials is None:
        raise HTTPException(401, "writes require the token: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    if not token_matches(settings.token, credentials.credentials):
        raise HTTPException(403, "the token is wrong")


ReadAccess = Depends(require_read)
WriteAccess = Depends(require_write)


@dataclass(frozen=True, slots=True)
class Page:
    """Which slice of a list to return."""

    limit: int
    offset: int


def get_page(
    settings: SettingsDep,
    limit: Annotated[int | None, Query(ge=1, le=MAX_PAGE, description="Items per page")] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")] = 0,
) -> Page:
    return Page(limit=limit or min(settings.page_size, MAX_PAGE), offset=offset)


PageDep = Annotated[Page, Depends(get_page)]


def get_connection(engine: EngineDep) -> Iterator[Connection]:
    """A read connection for the length of one request."""
    with engine.connect() as conn:
        yield conn


ConnDep = Annotated[Connection, Depends(get_connection)]
