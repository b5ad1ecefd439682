"""The current reading and its conflicts, end to end, on articles written for these tests.

Each story is a few short articles (``fixtures/stories``), ingested with the real
pipeline into a fresh ledger and read back through the CLI, as a user would:

- a completion a party states is not undone by a vaguer later mention;
- a report that a deal stalled makes a stalled deal, which ``deals --status`` finds;
- two sources that disagree on the amount make one conflict, however often one of
  them repeats itself, told as "A says X; B says Y";
- "neither company confirmed" is no confirmation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dealgraph.cli import main

STORIES = Path(__file__).parent / "fixtures" / "stories"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("written") / "ledger.db")
    result = CliRunner().invoke(main, ["ingest", str(STORIES), "--db", db, "--format", "json",
                                       "--quiet"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["new"] == len(list(STORIES.glob("*.txt")))
    return db


def timeline(db: str, a: str, b: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["timeline", a, b, "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    deals = json.loads(result.stdout)
    [deal] = [d for d in deals if d["investor"] == a and d["target"] == b]
    return deal  # type: ignore[no-any-return]


def test_a_stated_completion_outlasts_a_later_rumour(ledger: str) -> None:
    deal = timeline(ledger, "Halvorsen Tools", "Pellworth")
    statuses = [c["status"] for c in deal["claims"]]
    assert statuses[0] == "completed" and statuses[-1] == "in_talks"  # the blog's line is kept
    assert (deal["status"], deal["max"]) == ("completed", 2.25e10)
    assert deal["conflicts"] == []  # three months apart: news, not a disagreement


def test_a_reported_stall_is_a_stalled_deal(ledger: str) -> None:
    result = CliRunner().invoke(main, ["deals", "--status", "stalled", "--db", ledger])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["investor"], r["target"], r["status"]) for r in rows] == [
        ("Quorvane", "Lindqvist Robotics", "stalled")]


def test_two_sources_disagreeing_on_the_amount_make_one_conflict(ledger: str) -> None:
    deal = timeline(ledger, "Amazon", "Anthropic")
    assert len(deal["claims"]) == 3
    assert [x["description"] for x in deal["conflicts"]] == [
        "Reuters says 10,000,000,000 USD (2026-04-02); "
        "Bloomberg says 50,000,000,000 USD (2026-04-03)"]


def test_neither_company_confirming_is_no_confirmation(ledger: str) -> None:
    deal = timeline(ledger, "Orbis Capital", "Tavel Systems")
    assert "confirmed" not in {c["status"] for c in deal["claims"]}
    assert deal["status"] == "announced"
