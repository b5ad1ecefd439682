"""Amounts in US dollars beside their own currency, a claim's price per share, and
deals' first and last dates as written.

Every amount, claim and deal gets ``usd_min``/``usd_max`` (from the reference
rates of ``data/rates``), so lists sort by one currency; a claim gets a nullable
``per_share`` price. Rows already stored are converted here; each deal's reading
is refreshed so that its dates keep their precision ("2023", not "2023-12-31") by
revision 0009, the last that changes what a deal's reading stores (the refresh
writes the columns of the latest schema, which this revision does not have yet).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

USD = ("usd_min", "usd_max")


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    wanted = [(table, column) for table in ("amounts", "claims", "deals") for column in USD]
    wanted.append(("claims", "per_share"))
    for table, column in wanted:
        # A ledger created since this revision was written has them from the first
        # revision, which builds its tables from the current metadata.
        if column not in {c["name"] for c in inspector.get_columns(table)}:
            op.add_column(table, sa.Column(column, sa.Float(), nullable=True))
    _convert(bind)


def _convert(conn: sa.Connection) -> None:
    from dealgraph.nlp.usd import to_usd
    from dealgraph.store import tables as t

    a, c, d = t.amounts, t.claims, t.documents
    for r in conn.execute(sa.select(a.c.id, a.c.minimum, a.c.maximum, a.c.currency,
                                    d.c.published_estimate)
                          .join(d, d.c.id == a.c.document_id)
                          .where(a.c.currency.is_not(None))).all():
        lo, hi = to_usd(r.minimum, r.maximum, r.currency,
                        r.published_estimate.isoformat() if r.published_estimate else None)
        conn.execute(sa.update(a).where(a.c.id == r.id).values(usd_min=lo, usd_max=hi))
    for s in conn.execute(sa.select(c.c.id, c.c.minimum, c.c.maximum, c.c.currency, c.c.date,
                                    d.c.published_estimate)
                          .join(d, d.c.id == c.c.document_id)
                          .where(c.c.currency.is_not(None))).all():
        when = s.date or (s.published_estimate.isoformat() if s.published_estimate else None)
        lo, hi = to_usd(s.minimum, s.maximum, s.currency, when)
        conn.execute(sa.update(c).where(c.c.id == s.id).values(usd_min=lo, usd_max=hi))


def downgrade() -> None:
    op.drop_column("claims", "per_share")
    for table in ("deals", "claims", "amounts"):
        for column in reversed(USD):
            op.drop_column(table, column)
