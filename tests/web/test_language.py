"""The interface in French or English: chosen by the browser, switched, kept in a cookie."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(autouse=True)
def no_kept_language(client: TestClient) -> Iterator[None]:
    """The shared client must not carry one test's language cookie into another."""
    client.cookies.clear()
    yield
    client.cookies.clear()


def test_the_browser_language_chooses_the_interface(client: TestClient) -> None:
    fr = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    en = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="fr">' in fr.text and "Dernières affirmations" in fr.text
    assert '<html lang="en">' in en.text and "Latest claims" in en.text


def test_the_switch_keeps_the_choice_in_a_cookie_and_returns_to_the_page(client: TestClient) -> None:
    answer = client.get("/language/fr", params={"next": "/deals/1"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/deals/1"
    assert "dealgraph_lang=fr" in answer.headers["set-cookie"]
    page = client.get("/deals/1", headers={"Accept-Language": "en",
                                           "Cookie": "dealgraph_lang=fr"})
    assert '<html lang="fr">' in page.text


def test_the_switch_never_leaves_the_site(client: TestClient) -> None:
    for elsewhere in ("//example.org/x", "https://example.org/", "/\\example.org"):
        answer = client.get("/language/fr", params={"next": elsewhere}, follow_redirects=False)
        assert answer.headers["location"] == "/", elsewhere


def test_cached_pages_are_kept_per_language(client: TestClient) -> None:
    first = client.get("/graph", headers={"Accept-Language": "fr"}).text
    second = client.get("/graph", headers={"Accept-Language": "en"}).text
    assert '<html lang="fr">' in first and '<html lang="en">' in second


def test_dates_and_amounts_are_written_for_the_reader(client: TestClient) -> None:
    fr = client.get("/deals/1", headers={"Accept-Language": "fr"}).text
    en = client.get("/deals/1", headers={"Accept-Language": "en"}).text
    assert "Md$" in fr and "$100B" in en
