"""Indexes for the reads a person makes: organisations and people by name.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("organisations_name", "organisations", ["name"])
    op.create_index("people_name", "people", ["name"])
    op.create_index("documents_story", "documents", ["story_id"])


def downgrade() -> None:
    op.drop_index("documents_story", "documents")
    op.drop_index("people_name", "people")
    op.drop_index("organisations_name", "organisations")
