"""GraphML for Gephi: organisations as nodes, deals as directed edges (investor -> target),
read through the query layer like every other output."""

from __future__ import annotations

import io
from typing import TextIO

import networkx as nx
from sqlalchemy import Connection

from dealgraph.store import query
from dealgraph.store.writes import SEP

UNNAMED = "(unnamed investors)"


def build_graph(conn: Connection) -> nx.MultiDiGraph:
    """The deal graph; attributes that are unknown are left out (GraphML has no null)."""
    graph = nx.MultiDiGraph()
    for o in query.organisations(conn):
        graph.add_node(o.name, label=o.name, key=o.key,
                       **_present(aliases=SEP.join(o.aliases), tickers=SEP.join(o.tickers),
                                  category=o.category))
    deals, _ = query.deals(conn, query.DealFilters(sort=query.Sort.RECENT))
    for d in deals:
        investor, target = d.investor or UNNAMED, d.target or UNNAMED
        for node in (investor, target):
            if node not in graph:
                graph.add_node(node, label=node, key=node)
        graph.add_edge(investor, target, key=d.id, kind=d.kind, claims=d.claims,
                       conflicts=d.conflicts,
                       **_present(status=d.status, min=d.min, max=d.max, currency=d.currency,
                                  usd_min=d.usd_min, usd_max=d.usd_max,
                                  shared_with=SEP.join(d.shared_with), first_date=d.first_date,
                                  last_date=d.last_date))
    return graph


def _present(**values: object) -> dict[str, object]:
    return {k: v for k, v in values.items() if v not in (None, "")}


def write_graphml(conn: Connection, out: TextIO) -> int:
    graph = build_graph(conn)
    buf = io.BytesIO()
    nx.write_graphml(graph, buf, encoding="utf-8")
    out.write(buf.getvalue().decode("utf-8"))
    return int(graph.number_of_nodes() + graph.number_of_edges())


__all__ = ["build_graph", "write_graphml", "SEP"]
