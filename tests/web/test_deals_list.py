"""/deals: filters in the URL, sorting, pages with their total, and downloads of what is shown."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dealgraph.config import Settings
from dealgraph.records import Document, Mention, Record
from dealgraph.serve.app import create_app
from tests.api.builders import _claim, _org, build_records

N = 62  # deals in the ledger: two pages of 25 and a short third one


def many_records() -> list[Record]:
    """N articles, each one deal between two made-up companies: amount, date and language vary."""
    out = []
    for i in range(N):
        investor, target = _org(f"inv{i % 7}", f"Investor {i % 7}"), _org(f"tgt{i}", f"Target {i}")
        day = dt.date(2024, 1, 1) + dt.timedelta(days=9 * i)
        lang = "fr" if i % 3 == 0 else "en"
        sentence = f"Investor {i % 7} invests in Target {i}."
        doc = Document(id=f"a{i}", text=sentence, title=f"Story {i}", date=day, lang=lang,
                       url=f"https://example.org/{i}")
        claim = _claim(sentence, sentence, investor.name, target.name,
                       "announced" if i % 2 else "in_talks", float((i + 1) * 1e7),
                       day.isoformat(), "Outlet", 0)
        mentions = (Mention(investor.name, 0, len(investor.name), investor, "name"),)
        out.append(Record(doc, lang, True, text=sentence, orgs=(investor, target),
                          mentions=mentions, claims=(claim,)))
    return out


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = build_records(Path(tmp_path_factory.mktemp("many")) / "many.db", many_records())
    return TestClient(create_app(Settings(db=db)), raise_server_exceptions=False)


def shown(html: str) -> list[int]:
    return [int(part.split('"', 1)[0]) for part in html.split('<tr data-deal="')[1:]]


def test_pages_show_the_total_and_walk_every_deal_once(many: TestClient) -> None:
    seen: list[int] = []
    for page in (1, 2, 3):
        html = many.get("/deals", params={"per": 25, "page": page}).text
        assert f"of {N}" in html
        seen += shown(html)
    assert len(seen) == len(set(seen)) == N
    first = many.get("/deals", params={"per": 25}).text
    assert "1–25 of 62" in first and 'rel="next"' in first and 'rel="prev"' not in first


def test_sorting_by_amount_either_way(many: TestClient) -> None:
    down = many.get("/deals.json", params={"sort": "amount", "per": 100}).json()["items"]
    up = many.get("/deals.json", params={"sort": "amount", "dir": "asc", "per": 100}).json()["items"]
    amounts = [d["max"] for d in down]
    assert amounts == sorted(amounts, reverse=True) and len(amounts) == N
    assert [d["id"] for d in up] == [d["id"] for d in reversed(down)]
    dates = [d["last_date"] for d in many.get("/deals.json", params={"per": 100}).json()["items"]]
    assert dates == sorted(dates, reverse=True)


def test_filters_combine_and_the_total_follows(many: TestClient) -> None:
    answer = many.get("/deals.json", params={"org": "Investor 3", "status": "announced",
                                             "since": "2024-06", "lang": "en", "per": 100}).json()
    items = answer["items"]
    assert items and answer["total"] == len(items)
    for d in items:
        assert d["investor"] == "Investor 3" and d["status"] == "announced"
        assert d["last_date"] >= "2024-06"
    expected = [i for i in range(N) if i % 7 == 3 and i % 2 == 1 and i % 3 != 0
                and (dt.date(2024, 1, 1) + dt.timedelta(days=9 * i)).isoformat() >= "2024-06"]
    assert len(items) == len(expected)


def test_the_downloads_hold_exactly_what_the_page_shows(many: TestClient) -> None:
    params = {"sort": "amount", "dir": "asc", "per": 25, "page": 2, "lang": "fr"}
    page = shown(many.get("/deals", params=params).text)
    rows = list(csv.DictReader(io.StringIO(many.get("/deals.csv", params=params).text)))
    as_json = many.get("/deals.json", params=params).json()
    assert [int(r["id"]) for r in rows] == page == [d["id"] for d in as_json["items"]]
    assert all(r["max"].isdigit() for r in rows), "CSV numbers are plain digits"
    assert as_json["total"] == len([i for i in range(N) if i % 3 == 0])


def test_a_bad_choice_is_refused_with_the_valid_values(many: TestClient) -> None:
    answer = many.get("/deals", params={"status": "bogus"})
    assert answer.status_code == 422
    assert "announced" in answer.text and "in_talks" in answer.text
    assert many.get("/deals.csv", params={"sort": "size"}).status_code == 422
    assert many.get("/deals", params={"status": "", "kind": "", "since": ""}).status_code == 200


def test_the_form_keeps_the_filters_and_every_control_has_a_label(many: TestClient) -> None:
    html = many.get("/deals", params={"status": "announced", "org": "Investor 2"}).text
    assert '<option value="announced" selected>' in html and 'value="Investor 2"' in html
    for control in ("f-org", "f-kind", "f-status", "f-since", "f-until", "f-lang", "f-sort"):
        assert f'<label for="{control}">' in html and f'id="{control}"' in html


def test_the_amount_range_is_in_us_dollars(many: TestClient) -> None:
    answer = many.get("/deals.json", params={"min_usd": "100000000", "max_usd": "200,000,000",
                                             "per": 100}).json()
    amounts = sorted(d["usd_max"] for d in answer["items"])
    # deal i holds (i + 1) * 10 million dollars: i = 9 .. 19
    assert amounts == [float((i + 1) * 1e7) for i in range(9, 20)] and answer["total"] == 11
    assert many.get("/deals", params={"min_usd": "lots"}).status_code == 422
    page = many.get("/deals", params={"min_usd": "100000000"}).text
    assert 'id="f-min" name="min_usd" value="100000000"' in page


def test_search_is_paged_with_its_totals(many: TestClient) -> None:
    first = many.get("/search", params={"q": "Investor"}).text
    assert "1–20 of 62" in first and 'rel="next"' in first
    seen = shown_links = []
    for page in (1, 2, 3, 4):
        html = many.get("/search", params={"q": "Investor", "page": page}).text
        shown_links = [part.split('"', 1)[0] for part in html.split('class="deal-link" href="/deals/')[1:]]
        seen = seen + shown_links
    assert len(seen) == len(set(seen)) == 62
    assert many.get("/search", params={"q": "Investor", "page": 0}).status_code == 422
