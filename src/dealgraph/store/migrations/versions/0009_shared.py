"""A figure given for several investors together: ``shared`` on claims and deals, and a
deal's co-investors in ``shared_with``.

Before this revision each investor's claim carried the whole figure as its own
("Nvidia, Microsoft and Amazon could invest up to $60 billion in OpenAI" gave
three deals of up to $60 billion each). The extraction already marked such claims;
the ledger now keeps the mark. Claims stored earlier are marked here by what the
extraction looks for: one sentence of one article giving one amount to several
named investors of the same target and kind, outside a funding round (where each
participant carries the round's amount by design). Every deal is then read again,
so that its current amount says whose it is (and, for a ledger older than 0007,
its dates keep their precision: that revision leaves the reading to this one).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ADDED = (("claims", "shared"), ("deals", "shared"), ("deals", "shared_with"))


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    for table, column in ADDED:
        # A ledger created since this revision was written has them from the first
        # revision, which builds its tables from the current metadata.
        if column in {c["name"] for c in inspector.get_columns(table)}:
            continue
        if column == "shared":
            op.add_column(table, sa.Column(column, sa.Integer(), nullable=False,
                                           server_default="0"))
        else:
            op.add_column(table, sa.Column(column, sa.Text(), nullable=True))
    _mark(bind)


def _mark(conn: sa.Connection) -> None:
    """Mark the stored claims that share one figure, and read every deal again."""
    from dealgraph.store import tables as t
    from dealgraph.store.writes import refresh_deal

    c = t.claims
    group = (c.c.document_id, c.c.evidence_start, c.c.target, c.c.kind, c.c.minimum,
             c.c.maximum, c.c.currency)
    named = sa.and_(c.c.investor.is_not(None), c.c.investor != "",
                    c.c.kind != "funding_round",
                    sa.or_(c.c.minimum.is_not(None), c.c.maximum.is_not(None)))
    groups = conn.execute(sa.select(*group).where(named).group_by(*group)
                          .having(sa.func.count(sa.distinct(c.c.investor)) > 1)).all()
    for g in groups:
        same = [col == value if value is not None else col.is_(None)
                for col, value in zip(group, g, strict=True)]
        conn.execute(sa.update(c).where(named, *same).values(shared=1))
    for (deal_id,) in conn.execute(sa.select(t.deals.c.id).order_by(t.deals.c.id)).all():
        refresh_deal(conn, deal_id)


def downgrade() -> None:
    op.drop_column("deals", "shared_with")
    op.drop_column("deals", "shared")
    op.drop_column("claims", "shared")
