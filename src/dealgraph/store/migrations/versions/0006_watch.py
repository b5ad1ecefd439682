"""State of ``dealgraph watch``: the feeds followed and the items already met.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_feeds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.String(2000), nullable=False, unique=True),
        sa.Column("etag", sa.String(400)),
        sa.Column("last_modified", sa.String(100)),
        sa.Column("checked_at", sa.String(40)),
        sa.Column("status", sa.String(200)),
        sa.Column("errors", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "watch_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("feed_id", sa.Integer, sa.ForeignKey("watch_feeds.id"), nullable=False),
        sa.Column("item_key", sa.String(2000), nullable=False),
        sa.Column("url", sa.String(2000)),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("message", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("seen_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("feed_id", "item_key", name="watch_items_key"),
    )


def downgrade() -> None:
    op.drop_table("watch_items")
    op.drop_table("watch_feeds")
