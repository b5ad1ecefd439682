"""The response cache: kept per URL, dropped by any write, validators, closed reads.

The first half drives :class:`ResponseCache` around a tiny counting application
with a version the test moves by hand; the second runs the real application
over a copy of the hand-built ledger and writes to it, through the API and
behind the server's back.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dealgraph.config import Settings
from dealgraph.serve.app import create_app
from dealgraph.serve.cache import ResponseCache

TOKEN = "cache-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


class Counting:
    """An ASGI app answering ``path?query #n`` (n counts its calls), or a chosen status."""

    def __init__(self) -> None:
        self.calls = 0
        self.status = 200
        self.chunks = 1

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.calls += 1
        body = f"{scope['path']}?{scope['query_string'].decode()} #{self.calls}".encode()
        await send({"type": "http.response.start", "status": self.status,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        step = -(-len(body) // self.chunks)
        parts = [body[i:i + step] for i in range(0, len(body), step)]
        for i, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part,
                        "more_body": i < len(parts) - 1})


@pytest.fixture
def inner() -> Counting:
    return Counting()


@pytest.fixture
def version() -> list[int]:
    return [1]


def wrapped(inner: Counting, version: list[int], **options: Any) -> TestClient:
    return TestClient(ResponseCache(inner, lambda: version[0], **options))  # type: ignore[arg-type]


def test_repeated_get_is_answered_once(inner: Counting, version: list[int]) -> None:
    client = wrapped(inner, version)
    first, second = client.get("/deals/1"), client.get("/deals/1")
    assert first.text == second.text == "/deals/1? #1"
    assert inner.calls == 1
    assert second.headers["content-type"] == "text/plain; charset=utf-8"
    assert second.headers["content-length"] == str(len(second.content))


@pytest.mark.parametrize("a, b", [
    ("/api/deals?limit=1", "/api/deals?limit=2"),
    ("/api/deals?limit=1", "/api/deals"),
    ("/api/search?q=amazon", "/api/search?q=openai"),
    ("/api/search?q=amazon&limit=5", "/api/search?limit=5&q=amazon"),
    ("/deals/1", "/deals/2"),
])
def test_different_urls_are_kept_apart(inner: Counting, version: list[int], a: str,
                                       b: str) -> None:
    client = wrapped(inner, version)
    first_a, first_b = client.get(a).text, client.get(b).text
    assert first_a != first_b
    assert (client.get(a).text, client.get(b).text) == (first_a, first_b)
    assert inner.calls == 2


def test_new_version_drops_everything(inner: Counting, version: list[int]) -> None:
    client = wrapped(inner, version)
    client.get("/deals/1")
    version[0] = 2
    assert client.get("/deals/1").text.endswith("#2")
    assert client.get("/deals/1").text.endswith("#2")


@pytest.mark.parametrize("status", [404, 401, 422, 500, 503])
def test_errors_are_never_kept(inner: Counting, version: list[int], status: int) -> None:
    inner.status = status
    client = wrapped(inner, version)
    client.get("/deals/9")
    assert client.get("/deals/9").status_code == status
    assert inner.calls == 2


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "HEAD"])
def test_only_get_is_kept(inner: Counting, version: list[int], method: str) -> None:
    client = wrapped(inner, version)
    client.request(method, "/api/documents")
    client.request(method, "/api/documents")
    assert inner.calls == 2


@pytest.mark.parametrize("path", ["/api/health", "/static/style.css"])
def test_health_and_static_files_pass_through(inner: Counting, version: list[int],
                                              path: str) -> None:
    client = wrapped(inner, version)
    client.get(path)
    client.get(path)
    assert inner.calls == 2


def test_answer_sent_in_chunks_is_kept_whole(inner: Counting, version: list[int]) -> None:
    inner.chunks = 3
    client = wrapped(inner, version)
    assert client.get("/deals/1").text == "/deals/1? #1"
    assert client.get("/deals/1").text == "/deals/1? #1"
    assert inner.calls == 1


def test_oversized_answer_passes_through_unkept(inner: Counting, version: list[int]) -> None:
    inner.chunks = 4
    client = wrapped(inner, version, max_entry=5)
    assert client.get("/deals/123456").text == "/deals/123456? #1"
    assert client.get("/deals/123456").text == "/deals/123456? #2"


def test_least_recently_used_goes_first(inner: Counting, version: list[int]) -> None:
    client = wrapped(inner, version, max_entries=2)
    client.get("/a"), client.get("/b"), client.get("/a"), client.get("/c")  # evicts /b
    calls = inner.calls
    client.get("/a"), client.get("/c")
    assert inner.calls == calls
    client.get("/b")
    assert inner.calls == calls + 1


def test_etag_revalidation_gives_304(inner: Counting, version: list[int]) -> None:
    client = wrapped(inner, version)
    first = client.get("/deals/1")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    again = client.get("/deals/1", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = client.get("/deals/1", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200
    version[0] = 2  # the ledger moved: same URL, new body, new tag
    moved = client.get("/deals/1", headers={"If-None-Match": etag})
    assert moved.status_code == 200 and moved.headers["etag"] != etag


def test_failing_probe_bypasses_the_cache(inner: Counting) -> None:
    def broken() -> int:
        raise OSError("disk gone")

    client = TestClient(ResponseCache(inner, broken))  # type: ignore[arg-type]
    client.get("/deals/1")
    assert client.get("/deals/1").text.endswith("#2")


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", "Bearer"])
def test_closed_reads_never_serve_the_cache_without_the_token(
        inner: Counting, version: list[int], header: str | None) -> None:
    client = wrapped(inner, version, token=TOKEN, closed=True)
    client.get("/deals/1", headers=AUTH)
    before = inner.calls
    client.get("/deals/1", headers={"Authorization": header} if header else {})
    assert inner.calls == before + 1  # went to the application, which refuses it
    kept = client.get("/deals/1", headers=AUTH)
    assert inner.calls == before + 1
    assert kept.headers["cache-control"] == "private, no-cache"


# -- the real application over a ledger that changes ---------------------------------------


@pytest.fixture
def ledger(hand_db: str, tmp_path: Path) -> str:
    """A private copy of the hand-built ledger, free to be written."""
    for path in Path(hand_db).parent.glob(Path(hand_db).name + "*"):
        shutil.copy(path, tmp_path / path.name.replace(Path(hand_db).name, "ledger.db"))
    return str(tmp_path / "ledger.db")


@pytest.fixture
def app_client(ledger: str) -> Callable[..., TestClient]:
    def make(**overrides: object) -> TestClient:
        settings = Settings(db=ledger, ner=False).with_overrides(**overrides)
        return TestClient(create_app(settings), raise_server_exceptions=False)

    return make


def test_two_query_strings_give_their_own_answers(app_client: Callable[..., TestClient]) -> None:
    client = app_client()
    one, two = client.get("/api/deals?limit=1"), client.get("/api/deals?limit=2")
    assert (len(one.json()["items"]), len(two.json()["items"])) == (1, 2)
    assert client.get("/api/deals?limit=1").json() == one.json()
    assert client.get("/api/deals?limit=2").json() == two.json()
    assert one.headers["etag"] != two.headers["etag"]


ARTICLE = {
    "text": "Salesforce said on Tuesday it would invest $300 million in Anthropic, "
            "according to a statement.",
    "title": "Salesforce backs Anthropic",
    "date": "2026-02-03",
    "lang": "en",
}


def test_posted_article_shows_at_once(app_client: Callable[..., TestClient]) -> None:
    client = app_client(token=TOKEN)
    before = client.get("/api/documents?limit=1").json()["total"]
    home = client.get("/").text
    assert client.get("/api/documents?limit=1").json()["total"] == before  # from the cache
    posted = client.post("/api/documents", json=ARTICLE, headers=AUTH)
    assert posted.status_code == 201, posted.text
    assert client.get("/api/documents?limit=1").json()["total"] == before + 1
    listed = client.get("/api/documents?limit=50").json()["items"]
    assert posted.json()["id"] in [d["id"] for d in listed]
    assert client.get("/").text != home or posted.json()["claims"] == 0


def test_write_by_another_process_shows_at_once(app_client: Callable[..., TestClient],
                                                ledger: str) -> None:
    client = app_client()
    deal = client.get("/api/deals?limit=1").json()["items"][0]
    assert client.get(f"/api/deals/{deal['id']}").json()["status"] == deal["status"]
    page = client.get(f"/deals/{deal['id']}").text
    # An ingest run beside the server writes through its own connection.
    with sqlite3.connect(ledger) as other:
        other.execute("UPDATE deals SET status = 'cancelled' WHERE id = ?", (deal["id"],))
    assert client.get(f"/api/deals/{deal['id']}").json()["status"] == "cancelled"
    assert client.get(f"/deals/{deal['id']}").text != page


def test_closed_server_answers_401_even_after_caching(
        app_client: Callable[..., TestClient]) -> None:
    client = app_client(token=TOKEN, close_reads=True)
    assert client.get("/api/deals", headers=AUTH).status_code == 200
    assert client.get("/api/deals", headers=AUTH).status_code == 200
    assert client.get("/api/deals").status_code == 401
    assert client.get("/api/deals", headers={"Authorization": "Bearer nope"}).status_code == 401
