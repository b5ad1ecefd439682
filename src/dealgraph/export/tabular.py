"""JSON Lines (one deal and its timeline per line) and CSV (one claim per row).

Both write the query layer's rows with its field names, dates as written.
"""

from __future__ import annotations

import csv
import json
from typing import TextIO

from sqlalchemy import Connection

from dealgraph.store.query import all_histories

CSV_COLUMNS = ("deal_id", "investor", "target", "kind", "deal_status", "date",
               "date_precision", "dated_by", "status", "min", "max", "currency", "shared", "source",
               "source_kind", "document", "title", "url", "published", "relation", "counted",
               "quote")


def write_jsonl(conn: Connection, out: TextIO) -> int:
    n = 0
    for history in all_histories(conn):
        out.write(json.dumps(history.to_json(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(conn: Connection, out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for history in all_histories(conn):
        deal = history.deal
        for claim in history.claims:
            writer.writerow({**claim.to_json(), "deal_id": deal.id, "investor": deal.investor,
                             "target": deal.target, "kind": deal.kind,
                             "deal_status": deal.status})
            n += 1
    return n
