"""Exports of the whole ledger: JSON Lines, CSV, GraphML (Gephi), FollowTheMoney (Aleph).

:func:`export` writes one format to a text stream; each format lives in its own
module and reads the ledger only through :mod:`dealgraph.store.query`.
"""

from __future__ import annotations

from typing import TextIO

from sqlalchemy import Connection

FORMATS = ("jsonl", "csv", "graphml", "ftm")


def export(conn: Connection, fmt: str, out: TextIO) -> int:
    """Write the ledger to ``out`` in ``fmt``; returns the number of records written."""
    if fmt == "jsonl":
        from dealgraph.export.tabular import write_jsonl

        return write_jsonl(conn, out)
    if fmt == "csv":
        from dealgraph.export.tabular import write_csv

        return write_csv(conn, out)
    if fmt == "graphml":
        from dealgraph.export.graphml import write_graphml

        return write_graphml(conn, out)
    if fmt == "ftm":
        from dealgraph.export.ftm import write_ftm

        return write_ftm(conn, out)
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
