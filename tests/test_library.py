"""The Python API: ``dealgraph.extract(text, date=None, lang=None) -> Record``."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import dealgraph
from dealgraph.records import DealStatus, Record

TEXT = "Nvidia a investi 5 milliards de dollars dans Intel vendredi, a annoncé la société."


def test_extract_returns_a_record_with_spans_into_the_text() -> None:
    record = dealgraph.extract(TEXT, date="2026-01-31")
    assert isinstance(record, Record) and record.lang == "fr"
    [claim] = record.claims
    assert (claim.investor, claim.target, claim.status) == ("Nvidia", "Intel", DealStatus.COMPLETED)
    assert claim.date is not None and claim.date.iso() == "2026-01-30"  # the Friday before
    assert record.text[claim.evidence.start: claim.evidence.end] == claim.evidence.text
    for amount in record.amounts:
        assert record.text[amount.start: amount.end] == amount.text


def test_extract_accepts_a_date_object_and_a_forced_language() -> None:
    record = dealgraph.extract(TEXT, date=dt.date(2026, 1, 31), lang="fr")
    assert record.to_dict()["date"] == "2026-01-31"
    assert record.to_dict()["date_source"] == "argument"


def test_extract_without_date_leaves_relative_dates_unresolved() -> None:
    record = dealgraph.extract(TEXT)
    assert record.claims[0].date is None


def test_user_knowledge_base_adds_an_organisation(tmp_path: Path) -> None:
    kb = tmp_path / "mine.yaml"
    kb.write_text(
        'version: "1"\nsource: "test"\norgs:\n'
        "  - {id: quillon, name: Quillon Robotics, aliases: [Quillon], category: ai_startup}\n",
        encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("Nvidia a annoncé lundi qu'elle avait investi 2 milliards de dollars dans "
                    "la société Quillon Robotics, selon un communiqué publié par les deux "
                    "entreprises. Quillon n'a pas souhaité commenter.", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "dealgraph", "extract", "--kb", str(kb),
                             str(text)], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    names = {o["name"]: o for o in json.loads(result.stdout)["orgs"]}
    assert "Quillon Robotics" in names and names["Quillon Robotics"]["id"] == "quillon"
