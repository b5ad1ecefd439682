"""Each export read back with its real reader: json, csv, networkx, followthemoney."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from followthemoney import model
from followthemoney.types import registry

from dealgraph.export import export
from dealgraph.ingest import ingest_items
from dealgraph.store.engine import open_engine
from dealgraph.store.writes import Ledger
from tests.store.builders import Article, FakeExtractor, Said, borealis_story, document


def _ledger(db: str) -> str:
    articles = [*borealis_story(), Article("partner", [Said(
        "Nvidia and OpenAI signed a partnership, OpenAI said.", "Nvidia", "OpenAI",
        "announced", kind="partnership", source="OpenAI", source_kind="party")], "2026-02-01",
        "https://wire.example/partner", "Wire")]
    ingest_items([document(a) for a in articles], Ledger(open_engine(db)),
                 FakeExtractor(articles))
    return db


def _export(db: str, fmt: str) -> str:
    out = io.StringIO()
    with open_engine(db).connect() as conn:
        assert export(conn, fmt, out) > 0
    return out.getvalue()


def test_jsonl_has_one_deal_per_line_with_its_timeline(db: str) -> None:
    lines = [json.loads(x) for x in _export(_ledger(db), "jsonl").splitlines()]
    assert {(d["investor"], d["target"], d["kind"]) for d in lines} == {
        ("Borealis Capital", "Acme Robotics", "investment"), ("Nvidia", "OpenAI", "partnership")}
    acme = next(d for d in lines if d["target"] == "Acme Robotics")
    assert len(acme["claims"]) == 6 and acme["conflicts"]


def test_csv_has_one_row_per_claim(db: str) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(_ledger(db), "csv"))))
    assert len(rows) == 7
    assert sorted(r["status"] for r in rows) == ["announced"] * 2 + ["denied"] + ["in_talks"] * 4
    assert all(r["quote"] for r in rows)


def test_graphml_reads_back_in_networkx(db: str) -> None:
    graph = nx.read_graphml(io.BytesIO(_export(_ledger(db), "graphml").encode()),
                            force_multigraph=True)
    assert graph.has_edge("Borealis Capital", "Acme Robotics")
    assert graph.has_edge("Nvidia", "OpenAI")
    assert graph.nodes["Nvidia"]["tickers"] == "NVDA.O"
    assert graph.is_multigraph() and graph.is_directed()  # one edge per kind of deal
    edge = next(iter(graph.get_edge_data("Borealis Capital", "Acme Robotics").values()))
    assert edge["status"] == "announced" and float(edge["max"]) == 3.5e8


def test_ftm_entities_validate_and_references_resolve(db: str) -> None:
    data = [json.loads(x) for x in _export(_ledger(db), "ftm").splitlines()]
    proxies = [model.get_proxy(d) for d in data]
    ids = {p.id for p in proxies}
    assert len(ids) == len(proxies)
    for d, proxy in zip(data, proxies, strict=True):
        assert proxy.schema.validate(d) is None, d
        for prop, value in proxy.itervalues():
            if prop.type == registry.entity:
                assert value in ids, (prop.name, value)
    by_schema = {p.schema.name for p in proxies}
    assert {"Company", "Article", "Ownership", "UnknownLink"} <= by_schema
    nvidia = next(p for p in proxies if p.schema.name == "Company"
                  and "Nvidia" in p.get("name"))
    assert nvidia.get("ticker") == ["NVDA.O"]
    ownership = next(p for p in proxies if p.schema.name == "Ownership")
    assert len(ownership.get("proof")) == 6  # every stored article with a claim on it


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        export(None, "xml", io.StringIO())  # type: ignore[arg-type]


def test_partial_dates_stay_partial_in_every_export(tmp_path: object) -> None:
    db = str(tmp_path / "partial.db")  # type: ignore[operator]
    articles = [Article("year", [Said(
        "Microsoft completed its $10 billion investment in OpenAI in 2023.", "Microsoft",
        "OpenAI", "completed", min=1e10, max=1e10, date="2023")], "2024-05-02"),
        Article("month", [Said("Nvidia agreed in September 2025 to invest in OpenAI.",
                               "Nvidia", "OpenAI", "announced", date="2025-09")], "2025-10-01")]
    ingest_items([document(a) for a in articles], Ledger(open_engine(db)),
                 FakeExtractor(articles))
    deals = {d["investor"]: d for d in map(json.loads, _export(db, "jsonl").splitlines())}
    assert deals["Microsoft"]["first_date"] == "2023"
    assert [c["date"] for c in deals["Nvidia"]["claims"]] == ["2025-09"]
    rows = {r["investor"]: r for r in csv.DictReader(io.StringIO(_export(db, "csv")))}
    assert (rows["Microsoft"]["date"], rows["Nvidia"]["date"]) == ("2023", "2025-09")
    starts = {e.get("summary")[0].split(":")[0] + e.first("startDate")
              for e in (model.get_proxy(json.loads(x)) for x in _export(db, "ftm").splitlines())
              if e.schema.name == "Ownership"}
    assert starts == {"investment2023", "investment2025-09"}
