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



def test_sources_the_article_names_no_one_for_are_said_in_the_reader_language(
        tmp_path_factory: pytest.TempPathFactory) -> None:
    from dealgraph.config import Settings
    from dealgraph.serve.app import create_app
    from tests.api.builders import build_records
    from tests.store.builders import Article, Said, record

    said = Said("Borealis Capital is in talks to invest up to $500 million in Acme Robotics, "
                "people familiar with the matter said on Monday.", "Borealis Capital",
                "Acme Robotics", "in_talks", max=5e8, date="2026-03-02",
                source="unnamed sources", source_kind="unnamed")  # as extraction stores it
    db = build_records(tmp_path_factory.mktemp("story") / "story.db",
                       [record(Article("talks", [said], "2026-03-02", "https://wire.example/t", "Wire"))])
    client = TestClient(create_app(Settings(db=db)), raise_server_exceptions=False)
    for path in ("/deals/1", "/orgs/Acme Robotics", "/"):
        fr = client.get(path, headers={"Accept-Language": "fr"})
        en = client.get(path, headers={"Accept-Language": "en"})
        assert fr.status_code == en.status_code == 200, path
        assert "sources non nommées" in fr.text and "unnamed sources" not in fr.text, path
        assert "unnamed sources" in en.text, path
