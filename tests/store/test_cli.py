"""The ledger's commands: exit codes, formats, and the exact error text."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from dealgraph.cli import main
from dealgraph.ingest import ingest_items
from dealgraph.store.engine import open_engine
from dealgraph.store.writes import Ledger
from tests.store.builders import FakeExtractor, borealis_story, document


@pytest.fixture
def ledger(tmp_path: object) -> str:
    path = str(tmp_path / "ledger.db")  # type: ignore[operator]
    articles = borealis_story()
    ingest_items([document(a) for a in articles], Ledger(open_engine(path)),
                 FakeExtractor(articles))
    return path


def run(*args: str) -> tuple[int, str, str]:
    # wide enough that Rich does not wrap the cells the tests look for
    result = CliRunner(env={"COLUMNS": "400"}).invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_timeline_json_lists_deals_with_claims_and_conflicts(ledger: str) -> None:
    code, out, _ = run("timeline", "Borealis Capital", "acme", "--db", ledger, "--format", "json")
    assert code == 0
    (deal,) = json.loads(out)
    assert set(deal) >= {"investor", "target", "kind", "status", "min", "max", "currency",
                         "claims", "conflicts"}
    assert set(deal["claims"][0]) >= {"date", "status", "min", "max", "currency", "source",
                                      "document", "quote"}
    assert [c["status"] for c in deal["claims"]][3:5] == ["denied", "announced"]
    assert deal["conflicts"]


def test_timeline_table_shows_quotes_and_conflicts(ledger: str) -> None:
    code, out, _ = run("timeline", "Acme Robotics", "--db", ledger, "--format", "table")
    assert code == 0
    assert "conflicts" in out and "denied" in out and "(copy)" in out and "(rewrite)" in out


def test_deals_csv_and_filters(ledger: str) -> None:
    code, out, _ = run("deals", "--db", ledger, "--format", "csv", "--status", "announced")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["investor"] for r in rows] == ["Borealis Capital"]
    code, out, _ = run("deals", "--db", ledger, "--format", "json", "--since", "2027-01-01")
    assert code == 0 and json.loads(out) == []


def test_org_json_has_money_in(ledger: str) -> None:
    code, out, _ = run("org", "acme", "--db", ledger, "--format", "json")
    (profile,) = json.loads(out)
    assert code == 0 and profile["money_in"][0]["investor"] == "Borealis Capital"


def test_unknown_org_exits_1_with_one_error_line(ledger: str) -> None:
    code, out, err = run("org", "Globex", "--db", ledger, "--format", "json")
    assert code == 1 and out == ""
    assert err == "Error: Globex: no organisation called 'Globex' in the ledger\n"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "graphml", "ftm"])
def test_export_writes_each_format(ledger: str, fmt: str) -> None:
    code, out, _ = run("export", "--format", fmt, "--db", ledger)
    assert code == 0 and out.strip()


def test_ingest_counts_new_duplicate_failed(tmp_path: object, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    import dealgraph.extract.pipeline as pipeline

    articles = borealis_story()
    monkeypatch.setattr(pipeline, "Extractor", lambda settings=None: FakeExtractor(articles))
    folder = tmp_path / "in"  # type: ignore[operator]
    folder.mkdir()
    for a in articles:
        (folder / f"{a.key}.txt").write_text(a.text, encoding="utf-8")
    (folder / "empty.txt").write_text("   ", encoding="utf-8")
    db = str(tmp_path / "ledger.db")  # type: ignore[operator]
    code, out, err = run("ingest", str(folder), "--db", db, "--format", "json")
    (summary,) = json.loads(out)
    assert summary["new"] + summary["duplicate"] == len(articles)
    assert summary["duplicate"] >= 1  # "same" repeats the wire's text
    assert code == (1 if summary["failed"] else 0)
    code, out, _ = run("ingest", str(folder), "--db", db, "--format", "json")
    assert json.loads(out)[0]["new"] == 0
