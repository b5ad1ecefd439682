"""Indexes on the links between articles: from an article to its copies and rewrites.

Re-linking an article that arrives before stored ones (``store/relink.py``)
walks from an article to what hangs on it: without these indexes each step
would read the whole documents table (a story's articles are indexed since 0003).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("documents_copy_of", "documents", ["copy_of"])
    op.create_index("documents_derived_from", "documents", ["derived_from"])


def downgrade() -> None:
    op.drop_index("documents_derived_from", "documents")
    op.drop_index("documents_copy_of", "documents")
