"""Flattening ledger reads into table rows for the CLI (no I/O, no formatting)."""

from __future__ import annotations

from typing import Any

from dealgraph.store.queries import DealTimeline, OrgProfile

CLAIM_COLUMNS = ("date", "precision", "status", "min", "max", "currency", "source", "document",
                 "quote")
CONFLICT_COLUMNS = ("deal", "kind", "description")
ORG_COLUMNS = ("direction", "counterparty", "kind", "status", "min", "max", "currency")


def deal_name(deal: DealTimeline) -> str:
    return (f"{deal['investor'] or '(unnamed)'} -> {deal['target'] or '(unnamed)'} "
            f"({deal['kind']}): {deal['status'] or 'unknown'}")


def claim_rows(deal: DealTimeline) -> list[dict[str, Any]]:
    """One row per claim, in timeline order; a copy's source is marked as such."""
    rows = []
    for c in deal["claims"]:
        source = c["source"] or "(unattributed)"
        if c["relation"] == "near_duplicate":
            source += " (copy)"
        elif c["relation"] == "derived":
            source += " (rewrite)"
        rows.append({"date": c["date"] or c["published"], "precision": c["date_precision"],
                     "status": c["status"], "min": c["min"], "max": c["max"],
                     "currency": c["currency"], "source": source, "document": c["document"],
                     "quote": c["quote"]})
    return rows


def conflict_rows(deals: list[DealTimeline]) -> list[dict[str, Any]]:
    return [{"deal": deal_name(d), "kind": c["kind"], "description": c["description"]}
            for d in deals for c in d["conflicts"]]


def timeline_json(deals: list[DealTimeline]) -> list[dict[str, Any]]:
    """The JSON shape of ``dealgraph timeline``: deals with claims and conflicts."""
    return [{"investor": d["investor"], "target": d["target"], "kind": d["kind"],
             "status": d["status"], "min": d["min"], "max": d["max"], "currency": d["currency"],
             "claims": [{"date": c["date"], "date_precision": c["date_precision"],
                         "status": c["status"], "min": c["min"], "max": c["max"],
                         "currency": c["currency"], "valuation": c["valuation"],
                         "source": c["source"],
                         "source_kind": c["source_kind"], "document": c["document"],
                         "url": c["url"], "relation": c["relation"], "quote": c["quote"]}
                        for c in d["claims"]],
             "conflicts": d["conflicts"]} for d in deals]


def org_rows(profile: OrgProfile) -> list[dict[str, Any]]:
    rows = [{"direction": "money in", "counterparty": c["name"], **_deal(c)}
            for c in profile["money_in"]]
    rows += [{"direction": "money out", "counterparty": c["name"], **_deal(c)}
             for c in profile["money_out"]]
    return rows


def _deal(c: Any) -> dict[str, Any]:
    return {k: c[k] for k in ("kind", "status", "min", "max", "currency")}
