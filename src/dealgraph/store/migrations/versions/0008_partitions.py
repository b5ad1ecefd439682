"""Partitions of a distributed ingest already stored, so that a rerun skips them.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ingest_partitions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("new", sa.Integer, nullable=False),
        sa.Column("duplicate", sa.Integer, nullable=False),
        sa.Column("failed", sa.Integer, nullable=False),
        sa.Column("finished_at", sa.String(40), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ingest_partitions")
