"""The near-duplicate index moves into the store: one row per band key of each original.

Until now each run rebuilt an LSH index in memory from every stored signature,
so two processes could not see each other's articles and memory grew with the
ledger. The keys are filled here from the signatures already stored.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from dealgraph.stories.copies import band_keys, from_bytes

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CHUNK = 1000


def upgrade() -> None:
    op.create_table(
        "minhash_bands",
        sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False,
                  comment="One LSH band of the signature, hashed"),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), primary_key=True,
                  autoincrement=False),
    )
    bind = op.get_bind()
    bands = sa.table("minhash_bands", sa.column("key", sa.BigInteger),
                     sa.column("document_id", sa.Integer))
    documents = sa.table("documents", sa.column("id", sa.Integer),
                         sa.column("minhash", sa.LargeBinary), sa.column("copy_of", sa.Integer))
    last = 0
    while True:  # a thousand signatures at a time, so a large ledger migrates in little memory
        found = bind.execute(
            sa.select(documents.c.id, documents.c.minhash)
            .where(documents.c.id > last, documents.c.copy_of.is_(None),
                   documents.c.minhash.is_not(None))
            .order_by(documents.c.id).limit(CHUNK)).all()
        if not found:
            break
        rows = [{"key": k, "document_id": doc_id}
                for doc_id, data in found for k in set(band_keys(from_bytes(data)))]
        if rows:
            bind.execute(sa.insert(bands), rows)
        last = found[-1][0]


def downgrade() -> None:
    op.drop_table("minhash_bands")
