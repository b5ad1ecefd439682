"""Fetching over HTTP as a polite crawler does.

* robots.txt is read once per host (through Protego) and obeyed for pages;
  a host whose robots.txt answers 4xx allows everything, one that cannot be
  reached or answers 5xx allows nothing for now (as RFC 9309 says);
* one request at a time per host, at least ``delay`` seconds apart (longer if
  its robots.txt asks for a Crawl-delay), also when several threads share the
  client (the watcher asks its feeds at once): each host has its own lock;
* a timeout on every request, a cap on the bytes read, redirects followed by
  hand up to a limit, a loop named as such.

Errors are :class:`FetchError`, ``passing`` when a later try may succeed
(timeouts, network faults, 5xx) and final otherwise.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from dealgraph import __version__

USER_AGENT = f"dealgraph/{__version__} (news reader; polite: robots.txt, one request per host)"
#: The longest Crawl-delay obeyed; a host asking more is still asked that often.
MAX_CRAWL_DELAY = 60.0
ROBOTS_TTL = 24 * 3600.0


class FetchError(Exception):
    def __init__(self, message: str, *, passing: bool) -> None:
        super().__init__(message)
        self.message = message
        self.passing = passing


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    delay: float = 1.0  # seconds between two requests to one host
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def charset(self) -> str | None:
        value = str(self.headers.get("content-type") or "")
        for part in value.split(";")[1:]:
            key, _, val = part.partition("=")
            if key.strip().lower() == "charset" and val.strip():
                return val.strip().strip("\"'").lower()
        return None

    @property
    def media_type(self) -> str | None:
        value = str(self.headers.get("content-type") or "")
        return value.split(";")[0].strip().lower() or None


@dataclass
class _Robots:
    rules: Protego | None  # None: everything allowed
    allow_all: bool
    fetched_at: float


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass
class PoliteClient:
    """An HTTP client that keeps its manners across every request it makes."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        self._client = httpx.Client(timeout=self.policy.timeout, follow_redirects=False,
                                    headers={"User-Agent": self.policy.user_agent})
        self._next_at: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.RLock] = {}  # held for a host's request and robots.txt

    def close(self) -> None:
        self._client.close()

    # -- manners --------------------------------------------------------------

    def _host(self, origin: str) -> threading.RLock:
        """The lock a thread holds while it asks ``origin`` (one request at a time per host)."""
        with self._lock:
            return self._hosts.setdefault(origin, threading.RLock())

    def _wait_turn(self, origin: str) -> None:
        wait = self._next_at.get(origin, 0.0) - self.clock()
        if wait > 0:
            self.sleep(wait)

    def _done(self, origin: str) -> None:
        delay = self.policy.delay
        robots = self._robots.get(origin)
        if robots is not None and robots.rules is not None:
            asked = robots.rules.crawl_delay(self.policy.user_agent)
            if asked:
                delay = max(delay, min(float(asked), MAX_CRAWL_DELAY))
        self._next_at[origin] = self.clock() + delay

    def _robots_for(self, origin: str) -> _Robots:
        known = self._robots.get(origin)
        if known is not None and self.clock() - known.fetched_at < ROBOTS_TTL:
            return known
        try:
            answer = self._request(f"{origin}/robots.txt", {})
            status, body = answer.status, answer.body
        except FetchError:
            status, body = 503, b""
        if 200 <= status < 300:
            robots = _Robots(Protego.parse(body.decode("utf-8", "replace")), False, self.clock())
        elif 400 <= status < 500:
            robots = _Robots(None, True, self.clock())
        else:  # unreachable or failing: assume nothing is allowed, ask again next time
            robots = _Robots(None, False, self.clock() - ROBOTS_TTL)
        self._robots[origin] = robots
        return robots

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets this client fetch ``url``."""
        origin = _origin(url)
        with self._host(origin):  # read once per host, whichever thread asks first
            robots = self._robots_for(origin)
        if robots.rules is None:
            return robots.allow_all
        return bool(robots.rules.can_fetch(url, self.policy.user_agent))

    # -- requests -------------------------------------------------------------

    def _request(self, url: str, headers: dict[str, str]) -> Fetched:
        origin = _origin(url)
        with self._host(origin):
            return self._request_alone(url, origin, headers)

    def _request_alone(self, url: str, origin: str, headers: dict[str, str]) -> Fetched:
        self._wait_turn(origin)
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.policy.max_bytes:
                    raise FetchError(self._too_big(), passing=False)
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.policy.max_bytes:
                        raise FetchError(self._too_big(), passing=False)
                return Fetched(str(response.url), response.status_code, response.headers, bytes(body))
        except httpx.TimeoutException:
            raise FetchError(f"timed out after {self.policy.timeout:g} s", passing=True) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"network error: {type(exc).__name__}: {exc}", passing=True) from None
        finally:
            self._done(origin)

    def _too_big(self) -> str:
        return f"answer is over the {self.policy.max_bytes / 1e6:g} MB limit"

    def get(self, url: str, headers: dict[str, str] | None = None, *,
            obey_robots: bool = True) -> Fetched:
        """GET ``url``, following redirects (each hop checked against robots.txt
        when ``obey_robots``). Any final status is returned; faults raise :class:`FetchError`."""
        seen = [url]
        current = url
        while True:
            if obey_robots and not self.allowed(current):
                raise FetchError(f"disallowed by robots.txt ({current})", passing=False)
            answer = self._request(current, headers or {})
            location = answer.headers.get("location")
            if answer.status not in (301, 302, 303, 307, 308) or not location:
                return answer
            current = urljoin(current, location)
            if current in seen:
                raise FetchError(f"redirect loop ({' -> '.join([*seen, current])})", passing=False)
            seen.append(current)
            if len(seen) > self.policy.max_redirects + 1:
                raise FetchError(f"more than {self.policy.max_redirects} redirects", passing=False)
