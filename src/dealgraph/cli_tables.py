"""The rows of the CLI's text and CSV tables, flattened from the query layer's rows.

JSON output is the rows' own :meth:`~dealgraph.store.query.rows.Row.to_json`;
tables need one flat line per claim or deal, with a copy's source marked.
"""

from __future__ import annotations

from typing import Any

from dealgraph.store.query.rows import DealHistory, Org, Total

CLAIM_COLUMNS = ("date", "precision", "status", "min", "max", "currency", "usd_max", "per_share",
                 "source", "document", "quote")
CONFLICT_COLUMNS = ("deal", "kind", "description")
ORG_COLUMNS = ("id", "direction", "counterparty", "kind", "status", "min", "max", "currency",
               "usd_min", "usd_max", "shared_with", "first_date", "last_date")
DEAL_COLUMNS = ("id", "investor", "target", "kind", "status", "min", "max", "currency",
                "usd_min", "usd_max", "shared_with", "first_date", "last_date", "claims",
                "conflicts")


def deal_name(history: DealHistory) -> str:
    d = history.deal
    return (f"{d.investor or '(unnamed)'} -> {d.target or '(unnamed)'} "
            f"({d.kind}): {d.status or 'unknown'}")


def claim_rows(history: DealHistory) -> list[dict[str, Any]]:
    """One row per claim, in timeline order; a copy's or a rewrite's source says so, and a
    date taken from the article is shown in brackets."""
    rows = []
    for c in history.claims:
        source = c.source or "(unattributed)"
        if c.relation == "near_duplicate":
            source += " (copy)"
        elif c.relation == "derived":
            source += " (rewrite)"
        date = f"({c.date})" if c.dated_by == "article" else c.date
        rows.append({"date": date, "precision": c.date_precision, "status": c.status,
                     "min": c.min, "max": c.max, "currency": c.currency, "usd_max": c.usd_max,
                     "per_share": c.per_share, "source": source,
                     "document": c.document, "quote": c.quote})
    return rows


def conflict_rows(histories: list[DealHistory]) -> list[dict[str, Any]]:
    return [{"deal": deal_name(h), "kind": c["kind"], "description": c["description"]}
            for h in histories for c in h.conflicts]


def org_rows(profile: Org) -> list[dict[str, Any]]:
    rows = []
    for direction, deals, party in (("money in", profile.money_in, "investor"),
                                    ("money out", profile.money_out, "target")):
        for d in deals:
            rows.append({"id": d.id, "direction": direction,
                         "counterparty": getattr(d, party) or "(unnamed)",
                         "kind": d.kind, "status": d.status, "min": d.min, "max": d.max,
                         "currency": d.currency, "usd_min": d.usd_min, "usd_max": d.usd_max,
                         "shared_with": d.shared_with, "first_date": d.first_date,
                         "last_date": d.last_date})
    return rows


def total_text(total: Total, lang: str = "en") -> str:
    """"$1M–$3M in 2 deal(s)" (as people write amounts, in ``lang``), or why there is no total."""
    from dealgraph.wording import wording

    words = wording(lang)
    if total.reason:
        return words.text(f"total_{total.reason}")
    span = words.amount_range(total.min, total.max, total.currency)
    return f"{span} · {words.text('deals_n', n=total.deals)}"
