"""Index for the home page's latest articles, read newest first.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("documents_published", "documents", ["published", "id"])


def downgrade() -> None:
    op.drop_index("documents_published", "documents")
