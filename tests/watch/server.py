"""A real HTTP server on 127.0.0.1 whose answers the tests set, and which logs every request.

``Site.route(path, ...)`` sets what a path answers: a status, headers and a
body, an optional pause before answering (a slow host), or a function of the
request headers (for conditional GET). ``Site.log`` lists ``(path, headers,
monotonic time)`` of every request, robots.txt included.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Site:
    routes: dict[str, Callable[[dict[str, str]], Answer]] = field(default_factory=dict)
    pauses: dict[str, float] = field(default_factory=dict)
    log: list[tuple[str, dict[str, str], float]] = field(default_factory=list)
    base: str = ""

    def route(self, path: str, body: bytes | str = b"", status: int = 200,
              headers: dict[str, str] | None = None, pause: float = 0.0) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        answer = (status, {"Content-Type": "text/html; charset=utf-8", **(headers or {})}, data)
        self.routes[path] = lambda _headers: answer
        self.pauses[path] = pause

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.log]

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            headers = {k.lower(): v for k, v in self.headers.items()}
            site.log.append((self.path, headers, time.monotonic()))
            answer = site.routes.get(self.path)
            if site.pauses.get(self.path):
                time.sleep(site.pauses[self.path])
            status, extra, body = answer(headers) if answer else (404, {}, b"not found")
            try:
                self.send_response(status)
                for key, value in extra.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve() -> Iterator[Site]:
    """A site served on a free port of 127.0.0.1 for the duration of the block."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def rss(items: list[tuple[str, str]], base: str) -> str:
    """An RSS 2.0 feed listing ``(guid, path)`` items, linked on ``base``."""
    entries = "".join(
        f"<item><title>Item {guid}</title><link>{base}{path}</link><guid>{guid}</guid>"
        f"<pubDate>Mon, 12 Jan 2026 09:00:00 GMT</pubDate></item>" for guid, path in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"<link>{base}/</link>{entries}</channel></rss>")
