"""JSON Lines (one deal and its timeline per line) and CSV (one claim per row)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import TextIO

from sqlalchemy import Connection, select

from dealgraph.store import tables as t
from dealgraph.store.queries import DealTimeline, deal_timeline

CSV_COLUMNS = ("deal_id", "investor", "target", "kind", "deal_status", "date",
               "date_precision", "status", "min", "max", "currency", "source", "source_kind",
               "document", "title", "url", "published", "relation", "counted", "quote")


def all_deals(conn: Connection) -> Iterator[DealTimeline]:
    """Every deal with its timeline, one at a time (memory stays flat)."""
    ids = [r.id for r in conn.execute(select(t.deals.c.id).where(t.deals.c.claims > 0)
                                      .order_by(t.deals.c.id))]
    for deal_id in ids:
        yield deal_timeline(conn, deal_id)


def write_jsonl(conn: Connection, out: TextIO) -> int:
    n = 0
    for deal in all_deals(conn):
        out.write(json.dumps(deal, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(conn: Connection, out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for deal in all_deals(conn):
        for claim in deal["claims"]:
            writer.writerow({**claim, "deal_id": deal["id"], "investor": deal["investor"],
                             "target": deal["target"], "kind": deal["kind"],
                             "deal_status": deal["status"]})
            n += 1
    return n
