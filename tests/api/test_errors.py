"""Every failure answers one JSON envelope with a 4xx: never a 500 on bad input."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from dealgraph.errors import (
    DealgraphError,
    InputError,
    KnowledgeError,
    NotFound,
    StoreError,
    UnsupportedLanguage,
)
from dealgraph.serve.errors import status_for


def assert_envelope(response: object, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "input", "suggestions"}
    assert isinstance(body["error"]["suggestions"], list)
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(("exc", "status"), [
    (NotFound("x"), 404), (UnsupportedLanguage("x"), 422), (InputError("x"), 400),
    (StoreError("x"), 503), (KnowledgeError("x"), 500), (DealgraphError("x"), 500),
])
def test_library_errors_map_to_one_status_each(exc: DealgraphError, status: int) -> None:
    assert status_for(exc) == status


@pytest.mark.parametrize("url", ["/api/documents/999", "/api/deals/999",
                                 "/api/orgs/Nobody%20Inc", "/api/timeline?a=Nobody%20Inc",
                                 "/api/deals?org=Nobody%20Inc"])
def test_unknown_id_is_404_envelope_naming_it(client: TestClient, url: str) -> None:
    error = assert_envelope(client.get(url), 404, "not_found")
    assert error["input"] in url.replace("%20", " ")


def test_unknown_api_route_is_404_json(client: TestClient) -> None:
    assert_envelope(client.get("/api/no/such/thing"), 404, "not_found")


def test_unknown_page_is_friendly_html_404(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Not found" in response.text and "/no/such/page" in response.text


def test_wrong_method_is_405_envelope(client: TestClient) -> None:
    assert_envelope(client.delete("/api/deals"), 405, "method_not_allowed")


@pytest.mark.parametrize("query", [
    "limit=0", "limit=-1", "limit=501", "limit=abc", "offset=-5", "offset=1e9",
    "offset=99999999999999999999", "status=bogus", "kind=loan", "since=yesterday",
    "since=0000-00-00", "until=2026-02-30", "since=2026-13",
    "currency=dollars", "min_amount=-1",
])
def test_bad_list_parameters_are_422_envelope(client: TestClient, query: str) -> None:
    error = assert_envelope(client.get(f"/api/deals?{query}"), 422, "invalid_request")
    assert error["input"] and error["input"].startswith("query.")


@pytest.mark.parametrize("url", ["/api/deals/abc", "/api/deals/0", "/api/documents/-1",
                                 "/api/deals/99999999999999999999999", "/api/timeline?b=X"])
def test_bad_path_or_missing_parameter_is_422(client: TestClient, url: str) -> None:
    assert_envelope(client.get(url), 422, "invalid_request")


def test_large_offset_is_an_empty_page_not_an_error(client: TestClient) -> None:
    body = client.get("/api/deals?offset=100000").json()
    assert body["items"] == [] and body["total"] == 2


@pytest.mark.parametrize("q", [
    '"', "'", "'; DROP TABLE documents; --", "%", "_", "\\", "NEAR(", "NEAR(a b)", "*",
    "-", "a OR b", "title:x", "^", '"unterminated', "((", "\x00", "é" * 200, "🙂",
])
def test_weird_searches_are_harmless(client: TestClient, q: str) -> None:
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200, response.text
    assert response.json()["q"] == q
    page = client.get("/search", params={"q": q})
    assert page.status_code == 200
    assert client.get("/api/health").json()["documents"] == 3  # nothing dropped


def test_percent_is_searched_literally_not_as_wildcard(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "%"}).json()
    assert found["documents"] == [] and found["orgs"] == [] and found["deals"] == []


def test_search_finds_by_word_and_by_party(client: TestClient) -> None:
    found = client.get("/api/search", params={"q": "amazon"}).json()
    assert [d["investor"] for d in found["deals"]] == ["Amazon"]
    assert [d["key"] for d in found["documents"]] == ["two"]


def test_overlong_search_is_422(client: TestClient) -> None:
    assert_envelope(client.get("/api/search", params={"q": "x" * 201}), 422, "invalid_request")


# -- writes and tokens --------------------------------------------------------------------

TOKEN = "s3cret-token"


@pytest.fixture
def writer(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(token=TOKEN, max_body=2000)


def test_writes_are_disabled_without_a_configured_token(client: TestClient) -> None:
    response = client.post("/api/documents", json={"text": "x"},
                           headers={"Authorization": "Bearer anything"})
    assert "DEALGRAPH_TOKEN" in assert_envelope(response, 403, "forbidden")["message"]


def test_write_without_token_is_401(writer: TestClient) -> None:
    response = writer.post("/api/documents", json={"text": "x"})
    assert_envelope(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}x", "Bearer ", f"Basic {TOKEN}",
                                    f"Bearer {TOKEN[:-1]}", "Bearer"])
def test_write_with_wrong_token_is_refused(writer: TestClient, header: str) -> None:
    response = writer.post("/api/documents", json={"text": "x"},
                           headers={"Authorization": header})
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"error"}


AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2", b'{"text": 5}', b"{}",
                                  b'{"text": ""}', b'{"text": "x", "date": "2026-13-45"}',
                                  b'{"text": "x", "date": "yesterday"}', b"\xff\xfe"])
def test_malformed_article_is_4xx_envelope(writer: TestClient, body: bytes) -> None:
    response = writer.post("/api/documents", content=body,
                           headers={**AUTH, "Content-Type": "application/json"})
    assert 400 <= response.status_code < 500, response.text
    assert set(response.json()) == {"error"}


def test_oversized_body_is_413_before_parsing(writer: TestClient) -> None:
    response = writer.post("/api/documents", content=b"{" + b" " * 5000 + b"}",
                           headers={**AUTH, "Content-Type": "application/json"})
    assert "2000" in assert_envelope(response, 413, "too_large")["message"]


def test_oversized_streamed_body_without_length_is_413(writer: TestClient) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(10):
            yield b" " * 500

    response = writer.post("/api/documents", content=chunks(),
                           headers={**AUTH, "Content-Type": "application/json"})
    assert_envelope(response, 413, "too_large")


def test_lying_content_length_is_400(writer: TestClient) -> None:
    response = writer.post("/api/documents", content=b"{}",
                           headers={**AUTH, "Content-Length": "nope"})
    assert response.status_code == 400


# -- closed reads -------------------------------------------------------------------------


@pytest.fixture
def closed(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client(token=TOKEN, close_reads=True)


@pytest.mark.parametrize("url", ["/api/deals", "/api/documents/1", "/api/search?q=a", "/",
                                 "/deals/1"])
def test_closed_reads_need_the_token(closed: TestClient, url: str) -> None:
    assert closed.get(url).status_code == 401
    assert closed.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert closed.get(url, headers=AUTH).status_code == 200


def test_reads_are_open_by_default(client: TestClient) -> None:
    assert client.get("/api/deals").status_code == 200
