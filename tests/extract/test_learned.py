"""The learned claim layer: its features, its model file, its decisions and its training.

The decisions are checked with small hand-made weight files, never the shipped model, so
that a retrained model cannot make them pass or fail by chance.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dealgraph.config import Settings
from dealgraph.errors import KnowledgeError
from dealgraph.extract import learned
from dealgraph.extract.learned import MODEL, Model, features, load_model, refine, validate
from dealgraph.extract.pipeline import Extractor
from dealgraph.records import Document, Record
from dealgraph.sources.reader import read_inputs
from tests.conftest import ROOT

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Rules alone give this article three claims: Microsoft in Mistral AI twice (the plan, then
# the partnership of last year) and Nvidia in Mistral AI.
DOC = next(d for d in read_inputs([str(FIXTURES / "learned" / "en_microsoft_mistral.txt")])
           if isinstance(d, Document))


@pytest.fixture(scope="module")
def rules_record() -> Record:
    return Extractor(Settings(ner=False, learned=False)).extract(DOC)


def model_file(tmp_path: Path, validity: dict[str, float], bias: float = 0.0, threshold: float = 0.5,
               status: dict[str, Any] | None = None) -> Path:
    data = {
        "version": "test", "source": "written by hand for tests/extract/test_learned.py",
        "validity": {"bias": bias, "threshold": threshold, "weights": validity},
        "status": status or {"classes": [], "bias": {}, "threshold": 1.0, "scope": "none",
                             "weights": {}},
    }
    path = tmp_path / f"claims-{len(list(tmp_path.iterdir()))}.json"  # load_model caches by path
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def loaded(path: Path) -> Model:
    model = load_model(path)
    assert model is not None
    return model


def test_the_article_gives_the_rules_several_claims(rules_record: Record) -> None:
    pairs = [(c.investor, c.target) for c in rules_record.claims]
    assert len(pairs) >= 2 and ("Microsoft", "Mistral AI") in pairs and ("Nvidia", "Mistral AI") in pairs


def test_features_are_a_pure_function_of_the_record(rules_record: Record) -> None:
    again = Extractor(Settings(ner=False, learned=False)).extract(DOC)
    for first, second in zip(rules_record.claims, again.claims, strict=True):
        f1 = features(rules_record, first)
        assert f1 == features(rules_record, first) == features(again, second)
        assert f1["kind:" + first.kind.value] == 1.0 and f1["status:" + first.status.value] == 1.0


def test_features_name_no_company(rules_record: Record) -> None:
    """Names are masked: a weight learned on one article's companies would not generalise."""
    names = {e.name.lower() for e in rules_record.orgs} | {"microsoft", "mistral", "nvidia"}
    for claim in rules_record.claims:
        keys = " ".join(features(rules_record, claim)).lower()
        assert not [n for n in names if n in keys], keys


def test_shipped_model_follows_its_schema_and_names_its_source() -> None:
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    validate(data, str(MODEL))
    assert "news_deals_dev" in data["source"] and "test split" in data["source"]
    assert "news_deals_test" not in data["trained"]["sets"]
    model = load_model(MODEL)
    assert model is not None and model.validity


def test_a_file_against_the_schema_is_refused(tmp_path: Path) -> None:
    path = model_file(tmp_path, {"bias": 1.0}, threshold=2.0)  # no probability
    with pytest.raises(KnowledgeError, match="threshold"):
        load_model(path)


def test_without_a_model_file_the_layer_changes_nothing(monkeypatch: pytest.MonkeyPatch,
                                                        rules_record: Record, tmp_path: Path) -> None:
    assert load_model(tmp_path / "absent.json") is None
    monkeypatch.setattr(learned, "load_model", lambda: load_model(tmp_path / "absent.json"))
    assert refine(rules_record) == list(rules_record.claims)


def test_a_claim_scored_very_low_is_dropped_and_one_scored_high_kept(rules_record: Record,
                                                                     tmp_path: Path) -> None:
    model = loaded(model_file(tmp_path, {"inv:cat:chipmaker": -30.0}, bias=5.0))
    kept = refine(rules_record, model=model)
    assert ("Nvidia", "Mistral AI") not in [(c.investor, c.target) for c in kept]
    assert [c for c in rules_record.claims if c.investor == "Microsoft"] == \
        [c for c in kept if c.investor == "Microsoft"]
    everything = loaded(model_file(tmp_path, {}, bias=5.0))
    assert refine(rules_record, model=everything) == list(rules_record.claims)


def test_status_is_overruled_only_within_scope_and_confidence(rules_record: Record, tmp_path: Path) -> None:
    sure = {"classes": ["announced", "rumored"], "bias": {"announced": 0.0, "rumored": 0.0},
            "threshold": 0.9, "scope": "uncued", "weights": {"rumored": {"bias": 10.0}}}
    model = loaded(model_file(tmp_path, {}, bias=5.0, status=sure))
    for before, after in zip(rules_record.claims, refine(rules_record, model=model), strict=True):
        expected = "rumored" if before.cue is None else before.status.value
        assert after.status.value == expected
    unsure = sure | {"weights": {"rumored": {"bias": 1.0}}}  # P = 0.73 < 0.9
    model = loaded(model_file(tmp_path, {}, bias=5.0, status=unsure))
    assert refine(rules_record, model=model) == list(rules_record.claims)


def test_the_setting_turns_the_layer_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                         rules_record: Record) -> None:
    drop_all = loaded(model_file(tmp_path, {}, bias=-30.0))
    monkeypatch.setattr(learned, "load_model", lambda: drop_all)
    assert Extractor(Settings(ner=False)).extract(DOC).claims == ()
    assert Extractor(Settings(ner=False, learned=False)).extract(DOC).claims == rules_record.claims
    monkeypatch.setattr(learned, "load_model", lambda: None)
    assert Extractor(Settings(ner=False)).extract(DOC).claims == rules_record.claims


@pytest.mark.shared
def test_training_runs_end_to_end_on_a_tiny_fixture(shared: Path, tmp_path: Path) -> None:
    out = tmp_path / "model.json"
    done = subprocess.run(
        [sys.executable, "-m", "dealgraph.extract.train", "--sets", str(FIXTURES / "learned.jsonl"),
         "--shared", str(shared), "--folds", "2", "--repeats", "1", "--min-articles", "1",
         "--no-ner", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "3 articles" in done.stdout and "| all | on |" in done.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    validate(data, str(out))
    assert data["trained"]["articles"] == 3 and data["validity"]["weights"]
    assert "learned" in data["source"]
    model = loaded(out)
    assert 0.0 < model.p_valid({"bias": 1.0}) < 1.0


def test_training_refuses_the_blind_test_split(tmp_path: Path) -> None:
    from dealgraph.extract.train import main

    with pytest.raises(SystemExit, match="test split"):
        main(["--sets", "news_deals_test", "--shared", str(tmp_path), "--out", str(tmp_path / "m.json")])
