"""The generated knowledge-base file of listed companies (``tools/kb_listed.py``).

The generator's rules are tested on stock records written here; the committed
``listed.yaml`` is checked to be exactly what the generator writes from the pinned
package, so nobody edits it by hand.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from dealgraph.nlp.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "kb_listed.py"
LISTED = ROOT / "src" / "dealgraph" / "data" / "kb" / "listed.yaml"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kb_listed", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["kb_listed"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def hand_written() -> KnowledgeBase:
    return KnowledgeBase.load(leave_out=("listed",))


def stock(name: str, index: str, symbol: str = "", yahoo: str = "") -> dict:
    return {"name": name, "symbol": symbol, "symbols": [{"yahoo": yahoo}] if yahoo else [],
            "indices": [index], "industries": ["Banking"]}


@pytest.mark.parametrize(("full", "common"), [
    ("Orvane Technologies, Inc.", "Orvane Technologies"),
    ("The Quillmark Company", "Quillmark"),
    ("Brastel Holdings plc", "Brastel"),
    ("Halvern Corporation & plc", "Halvern"),
    ("Tessaro SE Class A", "Tessaro"),
    ("Dunmore Energy", "Dunmore Energy"),
])
def test_common_name_drops_legal_forms_and_share_classes(tool: ModuleType, full: str,
                                                         common: str) -> None:
    assert tool.common_name(full) == common


def test_entries_follow_the_rules(tool: ModuleType, hand_written: KnowledgeBase) -> None:
    lowers = Counter({"harbour": 5})  # "harbour" is a lower-case word of the news
    after = Counter({"Trustco": 9})   # "Trustco" mostly ends longer names
    total = Counter({"Trustco": 10, "Velmora": 4})
    stocks = [
        stock("Velmora AG", "DAX", "VLM", "VLM.DE"),
        stock("Harbour plc", "FTSE 100", "HBR.L"),
        stock("Harbour", "FTSE 100"),
        stock("Trustco Inc.", "S&P 600", "TRC"),
        stock("Nvidia Corporation", "NASDAQ 100", "NVDA"),  # the hand-written files hold it
        stock("Kiriyama Denki", "NIKKEI 225", "6999.T", "6999.T"),
    ]
    got = {e["name"]: e for e in tool.entries(stocks, hand_written, lowers, (after, total))}
    assert set(got) == {"Velmora", "Harbour plc", "Trustco Inc.", "Kiriyama Denki"}
    assert got["Velmora"]["tickers"] == ["VLM.DE"]  # the bare symbol is someone's initials
    assert got["Velmora"]["aliases"] == ["Velmora AG"] and got["Velmora"]["country"] == "DE"
    assert "tickers" not in got["Trustco Inc."]
    assert got["Kiriyama Denki"]["country"] == "JP"
    assert {e["category"] for e in got.values()} == {"company"}


def test_listed_entries_never_stand_for_a_generic_description(hand_written: KnowledgeBase) -> None:
    kb = KnowledgeBase.load()
    listed = [e for e in kb.orgs if hand_written.get(e.id) is None]
    assert len(listed) > 1000
    described = {c for _, cats in kb.generic_descriptions("fr") + kb.generic_descriptions("en")
                 for c in cats}
    assert all(not (kb.facts(e.id).tags & described) for e in listed)


@pytest.mark.shared
def test_listed_file_is_what_the_generator_writes(tool: ModuleType, shared: Path,
                                                  tmp_path: Path) -> None:
    pytest.importorskip("pytickersymbols")
    out = tmp_path / "listed.yaml"
    tool.main(["--shared", str(shared), "--out", str(out)])
    assert out.read_text(encoding="utf-8") == LISTED.read_text(encoding="utf-8")
