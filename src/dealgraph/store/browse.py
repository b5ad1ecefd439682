"""Datasette metadata for the ledger, so a journalist browsing the file knows what is what.

``datasette serve dealgraph.db --metadata metadata.json`` with the output of
:func:`datasette_metadata` shows each table's purpose and each column's meaning.
A column is described by its comment in the schema, else by what the money columns
mean wherever they appear; a column the readers (the CLI, the API, the pages and the
exports) call by another name says that name, so the file and the query layer read
alike: ``minimum``/``maximum`` are ``min``/``max`` everywhere else.
"""

from __future__ import annotations

from typing import Any

from dealgraph.store.tables import DESCRIPTIONS, metadata

#: Tables a reader does not need to see: the search index and Alembic's bookkeeping.
HIDDEN = ("alembic_version", "documents_search", "documents_search_config",
          "documents_search_data", "documents_search_docsize", "documents_search_idx")


#: Stored columns that the query layer's rows name otherwise.
READER_NAMES = {"minimum": "min", "maximum": "max"}

#: What the money columns mean in every table that has them (amounts, claims, deals).
MONEY = {
    "minimum": "Lower bound of the amount in its own currency (empty for \"up to\")",
    "maximum": "Upper bound of the amount in its own currency (empty for \"at least\")",
    "currency": "ISO 4217 code of the currency the amount was written in",
    "usd_min": "Lower bound in US dollars, at the rate of the amount's date",
    "usd_max": "Upper bound in US dollars, at the rate of the amount's date",
    "valuation": "The target's valuation, in the claim's currency",
}


def describe(table: str, column: str) -> str | None:
    """What ``column`` of ``table`` means, naming what the readers call it."""
    col = metadata.tables[table].c[column]
    text = col.comment or MONEY.get(column)
    if column in READER_NAMES:
        text = f"{text or column}; {READER_NAMES[column]!r} in the CLI, the API and the exports"
    return text


def datasette_metadata(database: str = "dealgraph") -> dict[str, Any]:
    """Datasette metadata for a ledger file whose name (without ``.db``) is ``database``."""
    tables: dict[str, Any] = {}
    for name, table in metadata.tables.items():
        columns = {c.name: text for c in table.columns
                   if (text := describe(name, c.name)) is not None}
        tables[name] = {"description": DESCRIPTIONS.get(name, ""), "columns": columns}
    tables["documents"]["fts_table"] = "documents_search"
    tables["documents"]["fts_pk"] = "id"
    for name in HIDDEN:
        tables[name] = {"hidden": True}
    return {
        "title": "dealgraph ledger",
        "description": "Who invests how much in whom, according to whom and when, "
                       "with the sentence each claim comes from.",
        "databases": {database: {"tables": tables}},
    }
