"""The one way to read the ledger: typed rows for the CLI, the API, the pages and the exports.

Each function takes an open SQLAlchemy connection and returns the dataclasses of
:mod:`dealgraph.store.query.rows`; organisations named by a reader are resolved
by :func:`resolve_org`, whose misses say which stored names are closest.
"""

from __future__ import annotations

from dealgraph.store.query.deals import (
    DealFilters,
    Sort,
    all_histories,
    claims,
    deal,
    deals,
    disputed,
    edges,
    largest,
    latest_claims,
    one_per_figure,
    timeline,
)
from dealgraph.store.query.documents import MAX_QUERY, document, documents, search
from dealgraph.store.query.entities import articles, organisations, people
from dealgraph.store.query.names import resolve_org
from dealgraph.store.query.orgs import org, orgs, total

__all__ = [
    "MAX_QUERY", "DealFilters", "Sort", "all_histories", "articles", "claims", "deal", "deals",
    "disputed", "document", "documents", "edges", "largest", "latest_claims", "one_per_figure",
    "org", "organisations", "orgs", "people", "resolve_org", "search", "timeline", "total",
]
