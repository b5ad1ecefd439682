"""Datasette metadata for the ledger, so a journalist browsing the file knows what is what.

``datasette serve dealgraph.db --metadata metadata.json`` with the output of
:func:`datasette_metadata` shows each table's purpose and each column's meaning.
"""

from __future__ import annotations

from typing import Any

from dealgraph.store.tables import DESCRIPTIONS, metadata

#: Tables a reader does not need to see: the search index and Alembic's bookkeeping.
HIDDEN = ("alembic_version", "documents_search", "documents_search_config",
          "documents_search_data", "documents_search_docsize", "documents_search_idx")


def datasette_metadata(database: str = "dealgraph") -> dict[str, Any]:
    """Datasette metadata for a ledger file whose name (without ``.db``) is ``database``."""
    tables: dict[str, Any] = {}
    for name, table in metadata.tables.items():
        columns = {c.name: c.comment for c in table.columns if c.comment}
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
