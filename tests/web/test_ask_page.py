"""The question box on every page and the answer page it leads to."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_every_page_has_the_question_box(client: TestClient) -> None:
    for path in ("/", "/search?q=Nvidia", "/graph"):
        page = client.get(path)
        assert page.status_code == 200
        assert 'action="/ask"' in page.text and 'id="site-ask"' in page.text


def test_the_answer_page_cites_each_sentence_and_links_its_article(client: TestClient) -> None:
    page = client.get("/ask", params={"q": "Is the Nvidia investment in OpenAI stalled?"})
    assert page.status_code == 200
    html = page.text
    assert 'data-kind="deal"' in html and 'lang="en"' in html
    assert "Nvidia plans to invest up to $100 billion in OpenAI." in html
    assert 'href="/documents/' in html and 'href="/deals/' in html


def test_the_answer_page_escapes_what_articles_say(client: TestClient) -> None:
    page = client.get("/ask", params={"q": "Who says Nvidia invests in OpenAI?"})
    assert page.status_code == 200
    assert "<script>" not in page.text.split("<body>", 1)[1].replace("<script type", "")


def test_nothing_in_the_ledger_is_said_and_the_nearest_deals_linked(client: TestClient) -> None:
    page = client.get("/ask", params={"q": "Combien Amazon a-t-il investi dans Nvidia ?"})
    assert page.status_code == 200
    assert "Pas dans le registre" in page.text
    assert 'href="/deals/' in page.text


def test_an_empty_question_shows_the_help(client: TestClient) -> None:
    page = client.get("/ask")
    assert page.status_code == 200 and "site-ask" in page.text
