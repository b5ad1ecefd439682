"""The same questions asked through the three doors (the CLI, the JSON API and the web
pages) give the same deals, and the same "did you mean" for a name nobody stored."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select

from dealgraph.cli import main
from dealgraph.config import Settings
from dealgraph.ingest import ingest_items
from dealgraph.serve.app import create_app
from dealgraph.store import tables as t
from dealgraph.store.engine import open_engine
from dealgraph.store.writes import Ledger
from tests.store.builders import Article, FakeExtractor, Said, document

ARTICLES = [
    Article("chips", [Said("Nvidia will invest up to $100 billion in OpenAI, it said.", "Nvidia",
                           "OpenAI", "announced", max=1e11, date="2025-09-22",
                           source="Nvidia", source_kind="party")], "2025-09-22"),
    Article("cloud", [Said("Microsoft has put $13 billion into OpenAI since 2019.",
                           "Microsoft", "OpenAI", "completed", min=1.3e10, max=1.3e10,
                           date="2023")], "2025-10-01"),
    Article("shop", [Said("Amazon is in talks to invest $50 billion in OpenAI, people "
                          "familiar with the matter said.", "Amazon", "OpenAI", "in_talks",
                          min=5e10, max=5e10, date="2026-01-29")], "2026-01-29"),
    Article("robots", [Said("Borealis Capital agreed to invest $350 million in Acme Robotics.",
                            "Borealis Capital", "Acme Robotics", "announced", min=3.5e8,
                            max=3.5e8, date="2026-03-20")], "2026-03-21"),
    Article("arms", [Said("Nvidia completed a $20 million investment in Acme Robotics.",
                          "Nvidia", "Acme Robotics", "completed", min=2e7, max=2e7,
                          date="2026-03")], "2026-03-30"),
]

NVIDIA = {("Nvidia", "OpenAI"), ("Nvidia", "Acme Robotics")}
QUESTIONS = [
    ("Nvidia", NVIDIA),
    ("nvidia", NVIDIA),
    ("NVDA.O", NVIDIA),  # its ticker
    ("le géant de Redmond", {("Microsoft", "OpenAI")}),  # a description
    ("OPENAI", {("Nvidia", "OpenAI"), ("Microsoft", "OpenAI"), ("Amazon", "OpenAI")}),
    ("acme robotics", {("Borealis Capital", "Acme Robotics"), ("Nvidia", "Acme Robotics")}),
    ("Borealis", {("Borealis Capital", "Acme Robotics")}),  # the first word of one name
]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("doors") / "doors.db")
    ingest_items([document(a) for a in ARTICLES], Ledger(open_engine(db)),
                 FakeExtractor(ARTICLES))
    return db


@pytest.fixture(scope="module")
def client(ledger: str) -> TestClient:
    return TestClient(create_app(Settings(db=ledger)), raise_server_exceptions=False)


def by_cli(ledger: str, client: TestClient, name: str) -> set[int]:
    result = CliRunner().invoke(main, ["deals", "--org", name, "--db", ledger,
                                       "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return {d["id"] for d in json.loads(result.stdout)}


def by_api(ledger: str, client: TestClient, name: str) -> set[int]:
    response = client.get("/api/deals", params={"org": name, "limit": 500})
    assert response.status_code == 200, response.text
    return {d["id"] for d in response.json()["items"]}


def by_page(ledger: str, client: TestClient, name: str) -> set[int]:
    response = client.get(f"/orgs/{quote(name)}")
    assert response.status_code == 200, response.text
    return {int(i) for i in re.findall(r'href="/deals/(\d+)"', response.text)}


DOORS: dict[str, Callable[[str, TestClient, str], set[int]]] = {
    "cli": by_cli, "api": by_api, "page": by_page}


def pairs(ledger: str, ids: set[int]) -> set[tuple[str, str]]:
    d = t.deals
    with open_engine(ledger).connect() as conn:
        rows = conn.execute(select(d.c.investor, d.c.target).where(d.c.id.in_(ids))).all()
    return {(r.investor, r.target) for r in rows}


@pytest.mark.parametrize("door", sorted(DOORS))
@pytest.mark.parametrize(("name", "expected"), QUESTIONS)
def test_each_door_gives_the_same_deals(ledger: str, client: TestClient, door: str, name: str,
                                        expected: set[tuple[str, str]]) -> None:
    ids = DOORS[door](ledger, client, name)
    assert len(ids) == len(expected)
    assert pairs(ledger, ids) == expected


@pytest.mark.parametrize("door", sorted(DOORS))
def test_each_door_offers_the_closest_names_for_an_unknown_one(
        ledger: str, client: TestClient, door: str) -> None:
    typed = "Nvidya"
    if door == "cli":
        result = CliRunner().invoke(main, ["org", typed, "--db", ledger, "--format", "json"])
        assert result.exit_code == 1 and result.stdout == ""
        said = result.stderr
        assert said.startswith("Error: Nvidya: ") and said.count("\n") == 1
    elif door == "api":
        response = client.get(f"/api/orgs/{typed}")
        assert response.status_code == 404
        error = response.json()["error"]
        assert error["code"] == "not_found" and error["input"] == typed
        said = error["message"]
        assert error["suggestions"] == ["Nvidia"]  # the names as data, beside the sentence
    else:
        response = client.get(f"/orgs/{typed}")
        assert response.status_code == 404 and "text/html" in response.headers["content-type"]
        said = response.text
        # each name offered is a link to its organisation
        assert re.findall(r'class="suggestions">[^<]*<a href="([^"]+)">', said) == ["/orgs/Nvidia"]
    assert "did you mean Nvidia?" in said


def test_a_name_found_nowhere_gets_no_suggestion_in_any_door(
        ledger: str, client: TestClient) -> None:
    typed = "Zzyzx Holdings"
    result = CliRunner().invoke(main, ["org", typed, "--db", ledger, "--format", "json"])
    assert result.exit_code == 1 and "did you mean" not in result.stderr
    error = client.get(f"/api/orgs/{quote(typed)}").json()["error"]
    assert error["code"] == "not_found" and error["suggestions"] == []
    assert 'class="suggestions"' not in client.get(f"/orgs/{quote(typed)}").text
