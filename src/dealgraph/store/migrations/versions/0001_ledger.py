"""The ledger's first schema: articles, entities, amounts, claims, deals, stories.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op

from dealgraph.store import tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Later revisions must spell out their changes with op.add_column & co.: this
# one may build from the metadata only because it is the first.
FIRST = ("documents", "document_links", "stories", "organisations", "people", "mentions",
         "amounts", "deals", "claims", "failures")


def upgrade() -> None:
    bind = op.get_bind()
    tables.metadata.create_all(bind, tables=[tables.metadata.tables[n] for n in FIRST])


def downgrade() -> None:
    bind = op.get_bind()
    tables.metadata.drop_all(bind, tables=[tables.metadata.tables[n] for n in FIRST])
