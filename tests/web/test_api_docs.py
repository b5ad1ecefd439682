"""/docs is drawn by the server from /openapi.json, with no script or style from elsewhere."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def test_docs_list_every_route_of_the_openapi_document(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    page = client.get("/docs")
    assert page.status_code == 200
    for path, item in spec["paths"].items():
        for method in item:
            assert f"{method.upper()} {path}" in page.text, (method, path)
    assert "limit" in page.text and "DealOut" in page.text


def test_docs_load_nothing_from_another_host(client: TestClient) -> None:
    html = client.get("/docs").text
    for attr in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not attr.startswith(("http:", "https:", "//")), attr
