"""Pages render the ledger, and article text written by strangers stays text on every one."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

PAGES = ["/", "/orgs/Nvidia", "/orgs/OpenAI", "/deals/1", "/documents/3", "/documents/1",
         "/graph", "/search?q=Nvidia", "/search?q=invests", "/search?q=%3Cscript%3E"]


class Elements(HTMLParser):
    """Every start tag and its attributes, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("url", PAGES)
def test_markup_in_articles_is_shown_as_text(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    parser = Elements()
    parser.feed(response.text)
    for tag, attrs in parser.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert tag not in {"img", "b", "iframe"}, (tag, attrs)
        if tag == "script":  # only ours: the chart file or its JSON data
            assert str(attrs.get("src")).startswith("/static/") or attrs.get(
                "type") == "application/json", attrs


def test_article_page_shows_hostile_title_escaped(client: TestClient) -> None:
    html = client.get("/documents/3").text
    assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_time_axis_is_drawn_on_the_server_with_sources_escaped(client: TestClient) -> None:
    html = client.get("/deals/1").text
    chart = html.split('<svg class="chart"', 1)[1].split("</svg>", 1)[0]
    assert chart.count('class="point status-') == html.count('class="step"') >= 2
    assert "Reuters &lt;script&gt;" in chart and "<script" not in chart


def test_deal_page_lists_statuses_in_event_order(client: TestClient) -> None:
    html = client.get("/deals/1").text
    steps = [part.split('"', 1)[0] for part in html.split('class="step" data-status="')[1:]]
    assert steps[:2] == ["planned", "stalled"]


def test_article_page_anchors_each_claim_sentence(client: TestClient) -> None:
    html = client.get("/documents/1").text
    assert 'class="claim-sentence" id="claim-1"' in html
    assert '<mark class="amount" title="$100 billion">$100 billion</mark>' in html


def test_title_offsets_hold_for_claims_in_titled_articles(client: TestClient) -> None:
    html = client.get("/documents/2").text
    assert 'id="claim-3">Amazon is in talks' in html or 'id="claim-3"><mark' in html


def test_org_page_has_money_out_and_counterparties(client: TestClient) -> None:
    html = client.get("/orgs/Nvidia").text
    assert "Money out" in html and 'href="/orgs/OpenAI"' in html


def test_search_page_reaches_the_deal(client: TestClient) -> None:
    html = client.get("/search", params={"q": "Amazon"}).text
    assert 'href="/deals/2"' in html


@pytest.mark.parametrize("url", ["/deals/999", "/documents/999", "/orgs/Nobody"])
def test_missing_things_get_the_html_404_page(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404 and "Not found" in response.text


def test_bad_page_id_is_a_4xx_page(client: TestClient) -> None:
    response = client.get("/deals/abc")
    assert response.status_code == 422 and "<html" in response.text


def test_static_files_are_served(client: TestClient) -> None:
    assert client.get("/static/chart.js").status_code == 200
    assert "text/css" in client.get("/static/style.css").headers["content-type"]


def test_an_article_without_title_shows_its_first_words_and_its_outlet() -> None:
    from dealgraph.web.pages import heading, outlet

    assert heading(None, "\n  Mistral AI lève 600 millions d'euros.\nSuite.", "k1") == \
        "Mistral AI lève 600 millions d'euros."
    assert heading("  ", "", "wire-42") == "wire-42"
    long = heading(None, "word " * 40, None)
    assert len(long) <= 90 and long.endswith("…")
    assert outlet("https://www.reuters.com/markets/deals/x") == "reuters.com"
    assert outlet(None) is None


def test_article_page_links_to_its_original(client: TestClient) -> None:
    html = client.get("/documents/1").text
    assert 'rel="noopener noreferrer nofollow"' in html or "Original article" not in html
