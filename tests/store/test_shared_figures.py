"""A figure given for several investors together, end to end: an article written for
this test ("Nvidia, Microsoft and Amazon will together invest up to $60 billion in
Brightwell Energy") read by the real pipeline into a fresh ledger, then read back
through every door.

- each investor's deal carries the figure marked ``shared`` and names the others,
  shown "together with ..." in tables and pages;
- the target's money in counts the figure once, not once per investor, and an
  investor's money out gives no total (its own part is not known);
- the largest deals (the home page, the answer to "what are the largest deals?")
  list the figure once;
- the exports keep the mark.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from dealgraph.cli import main
from dealgraph.config import Settings
from dealgraph.serve.app import create_app
from dealgraph.store import query as q
from dealgraph.store.engine import open_engine

ARTICLES = Path(__file__).parent / "fixtures" / "shared"
TARGET = "Brightwell Energy"
INVESTORS = ["Nvidia", "Microsoft", "Amazon"]  # in the sentence's order


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("shared") / "ledger.db")
    result = CliRunner().invoke(main, ["ingest", str(ARTICLES), "--db", db, "--format", "json",
                                       "--quiet"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def client(ledger: str) -> TestClient:
    return TestClient(create_app(Settings(db=ledger)), raise_server_exceptions=False)


def cli(ledger: str, *args: str) -> Any:
    result = CliRunner().invoke(main, [*args, "--db", ledger, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_each_investor_carries_the_figure_marked_shared_with_the_others(ledger: str,
                                                                        client: TestClient) -> None:
    by_cli = {d["investor"]: d for d in cli(ledger, "deals", "--org", TARGET)}
    by_api = {d["investor"]: d for d in client.get("/api/deals", params={"org": TARGET})
              .json()["items"]}
    assert set(by_cli) == set(by_api) == set(INVESTORS)
    for name in INVESTORS:
        others = [n for n in INVESTORS if n != name]
        for row in (by_cli[name], by_api[name]):
            assert (row["max"], row["currency"], row["shared"]) == (6e10, "USD", True)
            assert row["shared_with"] == others
    history = cli(ledger, "timeline", "Microsoft", TARGET)[0]
    assert [c["shared"] for c in history["claims"]] == [True]
    assert history["shared"] is True and history["conflicts"] == []


def test_tables_and_pages_say_together_with_whom(ledger: str, client: TestClient) -> None:
    result = CliRunner(env={"COLUMNS": "400", "LANG": "C"}).invoke(
        main, ["deals", "--org", TARGET, "--db", ledger, "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "together with Microsoft and Amazon" in result.stdout
    [deal] = [d for d in client.get("/api/deals", params={"org": "Nvidia"}).json()["items"]
              if d["target"] == TARGET]
    page = client.get(f"/deals/{deal['id']}").text
    assert "together with Microsoft and Amazon" in page
    listed = client.get("/deals", params={"org": TARGET}).text
    assert listed.count('<span class="muted shared">together with') == 3
    french = client.get(f"/deals/{deal['id']}", params={"lang": "fr"}).text
    assert "conjointement avec Microsoft et Amazon" in french


def test_totals_never_count_a_shared_figure_once_per_investor(ledger: str) -> None:
    target = cli(ledger, "org", TARGET)[0]
    assert len(target["money_in"]) == 3
    assert target["total_in"] == {"min": 0.0, "max": 6e10, "currency": "USD", "deals": 1,
                                  "reason": None}
    # Microsoft also put $2 billion alone into Fennick Labs; its share of the $60
    # billion is not known, so no sum of its money out is given
    microsoft = cli(ledger, "org", "Microsoft")[0]
    assert {d["target"] for d in microsoft["money_out"]} == {TARGET, "Fennick Labs"}
    assert microsoft["total_out"]["reason"] == "shared"
    assert microsoft["total_out"]["max"] is None


def test_the_largest_deals_list_a_shared_figure_once(ledger: str, client: TestClient) -> None:
    with open_engine(ledger).connect() as conn:
        largest = q.largest(conn, 10)
    assert [d.target for d in largest].count(TARGET) == 1
    assert largest[0].shared_with and {largest[0].investor, *largest[0].shared_with} == set(
        INVESTORS)
    home = client.get("/").text
    start = home.index('class="deals cards"')
    assert home[start:].count(f">{TARGET}</a>") == 1
    asked = client.get("/api/ask", params={"q": "What are the largest deals?", "lang": "en"})
    assert asked.status_code == 200, asked.text
    readings = asked.json()["readings"]
    assert asked.json()["kind"] == "largest"
    assert [r["target"] for r in readings].count(TARGET) == 1


def test_the_exports_keep_the_mark(ledger: str, tmp_path: Path) -> None:
    out = tmp_path / "ledger.jsonl"
    result = CliRunner().invoke(main, ["export", "--db", ledger, "--format", "jsonl",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    shared = {r["investor"]: r["shared_with"] for r in rows if r["shared"]}
    assert shared == {"Nvidia": ["Microsoft", "Amazon"], "Microsoft": ["Nvidia", "Amazon"],
                      "Amazon": ["Nvidia", "Microsoft"]}
    ftm = tmp_path / "ledger.ftm.json"
    result = CliRunner().invoke(main, ["export", "--db", ledger, "--format", "ftm",
                                       "-o", str(ftm)])
    assert result.exit_code == 0, result.output
    summaries = [e["properties"].get("summary", [""])[0]
                 for e in map(json.loads, ftm.read_text().splitlines())]
    assert any("together with Microsoft and Amazon" in s for s in summaries)
