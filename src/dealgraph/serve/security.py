"""What the server does to stay safe when clients are hostile.

- :class:`SecurityHeaders` puts on every answer (pages, API, errors, static
  files, cached answers) a Content-Security-Policy that allows scripts, styles
  and frames only from the server itself (no inline script, no framing of our
  pages by anyone), ``X-Content-Type-Options: nosniff`` and a referrer policy.
  CORS stays closed: no answer carries ``Access-Control-Allow-Origin``, so
  another site's scripts cannot read the ledger through a visitor's browser.
- :class:`WriteLimit` gives each client (by address) a bucket of writes that
  refills at a steady rate; a client that empties it gets 429 with
  ``Retry-After`` until it refills, while every other client goes on writing.
  Clients on this machine (loopback) are not limited: they could write the
  ledger file directly anyway, and local feeders and benchmarks post fast.
- :func:`check_exposure` refuses to serve on an address other machines can
  reach when no token guards the writes, unless the operator says ``--public``.
"""

from __future__ import annotations

import ipaddress
import json
import threading
import time
from collections import OrderedDict

from dealgraph.errors import ConfigError
from dealgraph.serve.errors import envelope
from dealgraph.serve.limits import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)
#: Writes a client may make at once, and how many per second refill its bucket.
WRITE_BURST = 30
WRITE_RATE = 1.0
#: Clients remembered at most (the least recently seen are forgotten first).
CLIENTS = 10_000
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class SecurityHeaders:
    """Wrap ``app`` so that every HTTP answer carries :data:`HEADERS`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", ())}
                message["headers"] = [*message.get("headers", ()),
                                      *(h for h in HEADERS if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, with_headers)


class Buckets:
    """A token bucket per client: ``take(client)`` is True while the client has writes left."""

    def __init__(self, burst: int = WRITE_BURST, rate: float = WRITE_RATE,
                 clients: int = CLIENTS) -> None:
        self.burst = burst
        self.rate = rate
        self.clients = clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, client: str, now: float | None = None) -> float:
        """0 if the client may write now (one write is taken), else seconds to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            level, then = self._buckets.pop(client, (float(self.burst), now))
            level = min(float(self.burst), level + (now - then) * self.rate)
            wait = 0.0
            if level >= 1:
                level -= 1
            else:
                wait = (1 - level) / self.rate
            self._buckets[client] = (level, now)
            while len(self._buckets) > self.clients:
                self._buckets.popitem(last=False)
        return wait


class WriteLimit:
    """Wrap ``app`` so that each client's writes are limited by a :class:`Buckets`."""

    def __init__(self, app: ASGIApp, buckets: Buckets | None = None) -> None:
        self.app = app
        self.buckets = buckets or Buckets()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in WRITES:
            await self.app(scope, receive, send)
            return
        client = str((scope.get("client") or ("unknown", 0))[0])
        wait = 0.0 if is_loopback(client) else self.buckets.take(client)
        if not wait:
            await self.app(scope, receive, send)
            return
        body = json.dumps(envelope("too_many_writes",
                                   f"too many writes from this client: retry in {wait:.0f} s",
                                   None)).encode()
        await send({"type": "http.response.start", "status": 429, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(max(1, round(wait))).encode())]})
        await send({"type": "http.response.body", "body": body})


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, token: str | None, public: bool) -> None:
    """Raise :class:`ConfigError` when serving on ``host`` would expose an unguarded ledger."""
    if is_loopback(host) or token or public:
        return
    raise ConfigError(
        f"refusing to serve on {host}, an address other machines can reach, without a token",
        input="--host", hint="set DEALGRAPH_TOKEN, or pass --public to serve it anyway")
