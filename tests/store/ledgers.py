"""Ledgers filled with many hand-built articles, for the integrity and fault tests.

Each article claims one deal among a small set of parties, so deals gather
claims from many articles, and every tenth article reprints an earlier one, so
stories and copy links exist too. No extraction engine is involved.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine, text

from dealgraph.ingest import IngestSummary, ingest_items
from dealgraph.store.writes import Ledger
from tests.store.builders import ORGS, Article, FakeExtractor, Said, document

PARTIES = ("Nvidia", "OpenAI", "Amazon", "Microsoft")
FILLER = ("The company, whose shares rose after the news, said the money would pay for new "
          "data centres and the hiring of engineers in three countries over two years.")


def articles(count: int, start: int = 0) -> list[Article]:
    """``count`` distinct articles numbered from ``start``; every tenth reprints the one before."""
    made: list[Article] = []
    for n in range(start, start + count):
        investor = PARTIES[n % len(PARTIES)]
        target = PARTIES[(n + 1) % len(PARTIES)]
        amount = (n % 7 + 1) * 1e8
        said = Said(f"{ORGS[investor].name} will invest ${amount / 1e6:.0f} million in "
                    f"{ORGS[target].name}, the companies said in note {n}.", investor, target,
                    "announced", min=amount, max=amount, date=f"2026-0{n % 9 + 1}-1{n % 9}",
                    source=investor, source_kind="party")
        extra = f"Report number {n}. {FILLER}"
        if n % 10 == 9 and made:
            extra = made[-1].extra + " Reprinted with permission."
        made.append(Article(f"note-{n}", [said], f"2026-0{n % 9 + 1}-2{n % 9}",
                            f"https://news.example/{n}", "News", f"Deal note {n}", extra))
    return made


def fill(engine: Engine, batch: Sequence[Article]) -> IngestSummary:
    """Store ``batch`` in the ledger behind ``engine`` through the one write path."""
    return ingest_items([document(a) for a in batch], Ledger(engine), FakeExtractor(batch))


COUNTED = ("documents", "claims", "deals", "mentions", "organisations", "document_links",
           "stories", "failures")


def snapshot(engine: Engine) -> dict[str, object]:
    """Row counts, each article's claim count and each deal's claim count: what must survive."""
    with engine.connect() as conn:
        counts = {name: conn.execute(text(f"SELECT count(*) FROM {name}")).scalar_one()  # noqa: S608
                  for name in COUNTED}
        per_doc = conn.execute(text(
            "SELECT d.key, count(c.id) FROM documents d LEFT JOIN claims c "
            "ON c.document_id = d.id GROUP BY d.key ORDER BY d.key")).all()
        deals = conn.execute(text("SELECT investor, target, kind, claims FROM deals "
                                  "ORDER BY investor, target, kind")).all()
    return {"counts": counts, "per_doc": [tuple(r) for r in per_doc],
            "deals": [tuple(r) for r in deals]}
