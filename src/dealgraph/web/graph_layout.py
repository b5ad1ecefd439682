"""The graph of who invests in whom, laid out on the server so it reads without script.

A ledger of a few hundred deals drawn all at once on a circle is a hairball, so
the page shows one organisation's neighbourhood by default (its deals, and with
``depth`` 2 its counterparties' deals), placed by a force layout (networkx's
spring layout, seeded so that the same ledger always gives the same picture).
An edge's width grows with the logarithm of its amount; names are written for the
best connected organisations and for every node when the graph is small, and
every node and edge has a tooltip. Pure: deals in, coordinates out.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import networkx as nx

WIDTH, HEIGHT, MARGIN = 1000, 700, 60
#: Past this many nodes only the best connected are named on the drawing.
NAMED = 40


def neighbourhood(deals: list[Any], centre: str | None, depth: int = 1) -> list[Any]:
    """The deals within ``depth`` steps of ``centre`` (all of them without a centre)."""
    if not centre:
        return list(deals)
    reached = {centre}
    for _ in range(max(1, depth)):
        reached |= {name for d in deals if d.investor in reached or d.target in reached
                    for name in (d.investor, d.target)}
    return [d for d in deals if d.investor in reached and d.target in reached
            and (depth > 1 or centre in (d.investor, d.target))]


def busiest(deals: list[Any]) -> str | None:
    """The organisation with the most deals (the default centre)."""
    counts = Counter(name for d in deals for name in (d.investor, d.target) if name)
    return min(counts, key=lambda n: (-counts[n], n)) if counts else None


def _width(amount: float | None, largest: float) -> float:
    if not amount or largest <= 1e6:
        return 1.0
    share = math.log10(max(amount, 1e6) / 1e6) / math.log10(largest / 1e6)
    return round(1.0 + 7.0 * share, 1)


def layout(deals: list[Any], centre: str | None) -> dict[str, Any]:
    """Nodes and edges with coordinates in a ``WIDTH`` x ``HEIGHT`` drawing."""
    graph = nx.MultiDiGraph()
    for d in deals:
        graph.add_edge(d.investor, d.target)
    if not graph:
        return {"nodes": [], "edges": [], "width": WIDTH, "height": HEIGHT}
    simple = nx.Graph(graph)
    fixed = None
    start = None
    if centre in simple:
        start, fixed = {centre: (0.0, 0.0)}, [centre]
    k = 1.6 / math.sqrt(max(1, simple.number_of_nodes()))
    where = nx.spring_layout(simple, k=k, seed=7, iterations=80, pos=start, fixed=fixed)
    xs = [p[0] for p in where.values()]
    ys = [p[1] for p in where.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0

    def at(name: str) -> tuple[float, float]:
        x, y = where[name]
        return (round(MARGIN + (WIDTH - 2 * MARGIN) * (x - min(xs)) / span_x, 1),
                round(MARGIN + (HEIGHT - 2 * MARGIN) * (y - min(ys)) / span_y, 1))

    degree = dict(simple.degree())
    ranked = sorted(degree, key=lambda n: (-degree[n], n))
    named = set(ranked if len(ranked) <= NAMED else ranked[:NAMED]) | ({centre} if centre else set())
    nodes = [{"name": n, "x": at(n)[0], "y": at(n)[1], "degree": degree[n],
              "r": round(4 + 2.2 * math.sqrt(degree[n]), 1), "named": n in named,
              "centre": n == centre} for n in ranked]
    largest = max((d.max or d.min or 0.0 for d in deals), default=0.0)
    edges = []
    radius = {n["name"]: n["r"] for n in nodes}
    for d in deals:
        (x1, y1), (x2, y2) = at(d.investor), at(d.target)
        # stop the line at the target's rim, so that the arrow head shows
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        back = (radius[d.target] + 2) / length
        x2, y2 = round(x2 - (x2 - x1) * back, 1), round(y2 - (y2 - y1) * back, 1)
        edges.append({"id": d.id, "investor": d.investor, "target": d.target, "kind": d.kind,
                      "status": d.status, "min": d.min, "max": d.max, "currency": d.currency,
                      "x1": x1, "y1": y1, "x2": x2, "y2": y2,
                      "width": _width(d.max or d.min, largest)})
    edges.sort(key=lambda e: e["width"])  # thin first, so that large deals are drawn on top
    return {"nodes": nodes, "edges": edges, "width": WIDTH, "height": HEIGHT}
