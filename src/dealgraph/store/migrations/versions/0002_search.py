"""Full-text search over articles: FTS5 on SQLite, a tsvector index on PostgreSQL.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE = [
    "CREATE VIRTUAL TABLE documents_search USING fts5("
    "title, text, content='documents', content_rowid='id')",
    # Triggers keep the index in step with the table whatever writes to it.
    "CREATE TRIGGER documents_search_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_search(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER documents_search_delete AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_search(documents_search, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
]
POSTGRES = [
    "CREATE INDEX documents_search ON documents USING gin "
    "(to_tsvector('simple', coalesce(title, '') || ' ' || text))",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE if dialect == "sqlite" else POSTGRES if dialect == "postgresql" else []:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS documents_search_insert")
        op.execute("DROP TRIGGER IF EXISTS documents_search_delete")
        op.execute("DROP TABLE IF EXISTS documents_search")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS documents_search")
