"""/graph: a neighbourhood by default, filters, edge width by amount, readable at 300 deals."""

from __future__ import annotations

from types import SimpleNamespace

from fastapi.testclient import TestClient

from dealgraph.web.graph_layout import NAMED, busiest, layout, neighbourhood


def deal(i: int, investor: str, target: str, amount: float | None = None) -> SimpleNamespace:
    return SimpleNamespace(id=i, investor=investor, target=target, kind="investment",
                           status="announced", min=None, max=amount,
                           currency="USD" if amount else None)


def test_the_neighbourhood_keeps_the_centre_and_its_counterparties():
    deals = [deal(1, "A", "B"), deal(2, "C", "A"), deal(3, "B", "D"), deal(4, "E", "F")]
    assert [d.id for d in neighbourhood(deals, "A")] == [1, 2]
    assert [d.id for d in neighbourhood(deals, "A", depth=2)] == [1, 2, 3]
    assert len(neighbourhood(deals, None)) == 4
    assert busiest(deals) in {"A", "B"}


def test_edge_width_grows_with_the_amount():
    drawn = layout([deal(1, "A", "B", 1e7), deal(2, "A", "C", 1e10), deal(3, "A", "D")], "A")
    width = {e["id"]: e["width"] for e in drawn["edges"]}
    assert width[3] <= width[1] < width[2]
    centre = next(n for n in drawn["nodes"] if n["centre"])
    assert centre["name"] == "A"


def test_three_hundred_deals_stay_inside_the_drawing_and_only_the_busiest_are_named():
    deals = [deal(i, f"Fund {i % 25}", f"Start-up {i}", 1e6 * (i + 1)) for i in range(300)]
    drawn = layout(deals, None)
    assert len(drawn["edges"]) == 300
    assert all(0 <= n["x"] <= drawn["width"] and 0 <= n["y"] <= drawn["height"]
               for n in drawn["nodes"])
    named = [n for n in drawn["nodes"] if n["named"]]
    assert len(named) == NAMED and all(n["name"].startswith("Fund") for n in named[:25])
    assert layout(deals, None) == drawn, "the same ledger gives the same picture"


def test_the_page_centres_on_an_organisation_and_filters(client: TestClient) -> None:
    default = client.get("/graph").text
    assert 'class="node centre"' in default
    amazon = client.get("/graph", params={"org": "Amazon"}).text
    assert "Amazon" in amazon.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert amazon.count('<line class="edge') == 1
    stalled = client.get("/graph", params={"org": "", "status": "denied"}).text
    assert '<line class="edge' not in stalled
    assert client.get("/graph", params={"status": "bogus"}).status_code == 422
