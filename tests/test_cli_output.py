"""The ledger commands write amounts as people do in tables and as plain numbers in CSV,
refuse bad choices with the valid ones, and report ingest progress."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.store.builders import FakeExtractor, borealis_story
from tests.store.test_cli import ledger, run

__all__ = ["ledger"]


def test_tables_write_amounts_as_people_do_and_csv_writes_plain_numbers(ledger: str) -> None:
    code, out, _ = run("deals", "--db", ledger, "--format", "table")
    assert code == 0 and re.search(r"[$€£]\d", out), out
    assert not re.search(r"\d{1,3}(,\d{3}){2,}", out), "no raw integers with separators"
    code, out, _ = run("deals", "--db", ledger, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    numbers = [r["max"] for r in rows if r["max"]]
    assert numbers and all(n.isdigit() for n in numbers), numbers


def test_a_french_terminal_reads_french_amounts(ledger: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LC_ALL", "fr_FR.UTF-8")
    code, out, _ = run("deals", "--db", ledger, "--format", "table")
    assert code == 0 and re.search(r"\d\u00a0(M|Md)[$€£]", out), out


def test_a_bad_choice_lists_the_valid_ones(ledger: str) -> None:
    code, _, err = run("deals", "--db", ledger, "--status", "bogus")
    assert code == 2 and "'bogus' is not one of" in err and "announced" in err and "in_talks" in err
    code, _, err = run("deals", "--db", ledger, "--kind", "merger")
    assert code == 2 and "acquisition" in err


def test_org_lists_its_deals_with_ids_dates_status_and_amounts(ledger: str) -> None:
    code, out, _ = run("org", "acme", "--db", ledger, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows
    assert all(r["id"].isdigit() and r["status"] and r["last_date"] for r in rows)


def test_ingest_logs_progress_off_a_terminal_and_quiet_silences_it(
        tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import dealgraph.extract.pipeline as pipeline

    articles = borealis_story()
    monkeypatch.setattr(pipeline, "Extractor", lambda settings=None: FakeExtractor(articles))
    folder = tmp_path / "in"  # type: ignore[operator]
    folder.mkdir()
    for a in articles:
        (folder / f"{a.key}.txt").write_text(a.text, encoding="utf-8")
    db = str(tmp_path / "ledger.db")  # type: ignore[operator]
    code, out, err = run("ingest", str(folder), "--db", db, "--format", "json")
    total = len(articles)
    assert f"ingest: done: {total}/{total} articles (100%)" in err and "/s" in err
    assert json.loads(out)[0]["new"] + json.loads(out)[0]["duplicate"] == total
    code, out, err = run("ingest", str(folder), "--db", db, "--format", "json", "--quiet")
    assert err == "" and json.loads(out)[0]["new"] == 0
