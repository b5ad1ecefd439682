"""An ASGI guard that refuses request bodies over the configured size.

It runs before FastAPI parses anything: a declared ``Content-Length`` above the
limit is refused at once, and a body sent without one (chunked) is read up to
the limit and refused as soon as it goes past it. The body read is then replayed
to the application, so handlers see an ordinary request.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from dealgraph.serve.errors import envelope

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps(envelope(code, message)).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode())],
    })
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Wrap ``app`` so that no request body over ``max_body`` bytes reaches it."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = None
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                declared = value
        if declared is not None:
            try:
                size = int(declared)
                if size < 0:
                    raise ValueError(size)
            except ValueError:
                await _refuse(send, 400, "bad_request", "Content-Length is not a number")
                return
            if size > self.max_body:
                await _refuse(send, 413, "too_large",
                              f"request body of {size} bytes is over the limit of "
                              f"{self.max_body} bytes")
                return
            if size == 0:
                await self.app(scope, receive, send)
                return
        # Buffer the body (bounded) so that a client lying about its length, or
        # streaming without one, is cut off before the application sees a byte.
        chunks: list[bytes] = []
        total = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_body:
                await _refuse(send, 413, "too_large",
                              f"request body is over the limit of {self.max_body} bytes")
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
