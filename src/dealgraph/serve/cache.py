"""An in-process cache of the answers to GET requests, dropped whenever the ledger changes.

Pages and API reads are pure functions of the URL and of the ledger's content,
and the ledger changes rarely (an ingest, a ``POST /api/documents``) while it is
read often. :class:`ResponseCache` is an ASGI wrapper that keeps successful GET
answers keyed by the full URL (scheme, host, path and query string), tagged
with the ledger version of :class:`dealgraph.store.version.LedgerVersion`: when
the version moves, by a write in this process or in any other, every entry is
dropped at the next request. Entries are bounded in number and in bytes and the
least recently used go first.

Every answer it handles carries a strong ``ETag`` (a hash of the body) and
``Cache-Control: no-cache``, so a browser may keep a page but asks again, and
gets a bodiless 304 when nothing changed. When the server closes reads, only
requests bearing the right token are answered from the cache; the others go
through to the application, which refuses them.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from dealgraph.serve.deps import token_matches
from dealgraph.wording import choose_language, cookie_value

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Headers = list[tuple[bytes, bytes]]

#: Paths never cached: the health check must reach the ledger, static files have
#: their own validators, and the docs page is built by the framework.
UNCACHED_PREFIXES = ("/api/health", "/healthz", "/static/")
#: Response headers the cache sets itself (dropped from the application's answer).
_OWN_HEADERS = {b"etag", b"cache-control", b"content-length"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One stored answer: status, headers (without length and validators), body, ETag."""

    status: int
    headers: Headers
    body: bytes
    etag: bytes


class ResponseCache:
    """Wrap ``app`` so that GET answers are kept until the ledger changes.

    ``version`` returns the ledger's current version (cheap: it is called once
    per GET). ``token`` and ``closed`` say whether reads need a token.
    ``max_entries`` and ``max_bytes`` bound the cache; an answer larger than
    ``max_entry`` bytes is passed through unbuffered and not kept.
    """

    def __init__(self, app: ASGIApp, version: Callable[[], Any], token: str | None = None,
                 closed: bool = False, max_entries: int = 4096, max_bytes: int = 64_000_000,
                 max_entry: int = 2_000_000) -> None:
        self.app = app
        self.version = version
        self.token = token
        self.closed = bool(closed and token)
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.max_entry = max_entry
        self.entries: OrderedDict[tuple[Any, ...], Entry] = OrderedDict()
        self.size = 0
        self.seen_version: Any = None
        self.hits = 0
        self.misses = 0
        self.control = b"private, no-cache" if self.closed else b"no-cache"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET"
                or scope["path"].startswith(UNCACHED_PREFIXES)):
            await self.app(scope, receive, send)
            return
        headers = _request_headers(scope)
        if self.closed and not self._authorised(headers.get(b"authorization")):
            await self.app(scope, receive, send)
            return
        try:
            version = self.version()
        except Exception:
            # The ledger cannot be probed: forget everything, let the application
            # answer (and report the store's state in its own words).
            self.clear()
            await self.app(scope, receive, send)
            return
        if version != self.seen_version:
            self.clear()
            self.seen_version = version
        key = (scope.get("scheme", "http"), headers.get(b"host", b""), scope.get("root_path", ""),
               scope["path"], scope.get("query_string", b""), _language(headers))
        entry = self.entries.get(key)
        if entry is not None:
            self.hits += 1
            self.entries.move_to_end(key)
            await self._answer(entry, headers.get(b"if-none-match"), send)
            return
        self.misses += 1
        await self._fill(key, version, scope, receive, send, headers.get(b"if-none-match"))

    def clear(self) -> None:
        """Drop every entry."""
        self.entries.clear()
        self.size = 0

    def _authorised(self, header: bytes | None) -> bool:
        if header is None:
            return False
        scheme, _, given = header.decode("latin-1").partition(" ")
        return scheme.lower() == "bearer" and token_matches(self.token, given.strip())

    async def _fill(self, key: tuple[Any, ...], version: Any, scope: Scope, receive: Receive,
                    send: Send, if_none_match: bytes | None) -> None:
        """Run the application, keeping its answer if it is a complete, small 200."""
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        passing = False  # True once the answer is known not to be kept

        async def capture(message: Message) -> None:
            nonlocal start, size, passing
            if passing:
                await send(message)
                return
            if message["type"] == "http.response.start":
                start = message
                if message["status"] != 200 or _has(message, b"set-cookie"):
                    passing = True
                    await send(message)
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunk = message.get("body", b"")
            chunks.append(chunk)
            size += len(chunk)
            if size > self.max_entry:
                passing = True
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks),
                            "more_body": bool(message.get("more_body", False))})
                return
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in _OWN_HEADERS]
            entry = Entry(200, headers, body, _etag(body))
            # Kept under the version read before the application ran: if a write
            # landed meanwhile, the next request sees a newer version and drops it.
            if version == self.seen_version:
                self._keep(key, entry)
            await self._answer(entry, if_none_match, send)

        await self.app(scope, receive, capture)

    def _keep(self, key: tuple[Any, ...], entry: Entry) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self.entries[key] = entry
        self.size += len(entry.body)
        while self.entries and (len(self.entries) > self.max_entries
                                or self.size > self.max_bytes):
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped.body)

    async def _answer(self, entry: Entry, if_none_match: bytes | None, send: Send) -> None:
        validators = [(b"etag", entry.etag), (b"cache-control", self.control)]
        if self.closed:
            validators.append((b"vary", b"Authorization"))
        if if_none_match is not None and _matches(if_none_match, entry.etag):
            await send({"type": "http.response.start", "status": 304, "headers": validators})
            await send({"type": "http.response.body", "body": b""})
            return
        headers = [*entry.headers, *validators,
                   (b"content-length", str(len(entry.body)).encode())]
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        await send({"type": "http.response.body", "body": entry.body})


def _request_headers(scope: Scope) -> dict[bytes, bytes]:
    """The request headers the cache reads (names are lower-case in ASGI)."""
    wanted = {b"host", b"authorization", b"if-none-match", b"cookie", b"accept-language"}
    return {k: v for k, v in scope.get("headers", ()) if k in wanted}


def _language(headers: dict[bytes, bytes]) -> str:
    """The interface language a page is written in for these headers (part of the key:
    the same URL reads in French or English)."""
    cookie = headers.get(b"cookie")
    accept = headers.get(b"accept-language")
    if cookie is None and accept is None:
        return ""
    return choose_language(None, cookie_value(cookie.decode("latin-1") if cookie else None),
                           accept.decode("latin-1") if accept else None)


def _has(message: Message, name: bytes) -> bool:
    return any(k.lower() == name for k, _ in message.get("headers", ()))


def _etag(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def _matches(if_none_match: bytes, etag: bytes) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (or is ``*``)."""
    if if_none_match.strip() == b"*":
        return True
    tags = {t.strip().removeprefix(b"W/") for t in if_none_match.split(b",")}
    return etag in tags
