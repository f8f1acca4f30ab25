"""privacy (issue 28): the master key each document is sealed with, retention's notice and deletion
marks, when a user's dialog position last changed, and the files waiting to be removed from disk

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-12
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key_id", sa.String(length=16), nullable=True))
        batch_op.create_index(batch_op.f("ix_documents_key_id"), ["key_id"], unique=False)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retention_notice_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("documents_deleted_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("messenger_users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "file_deletions",
        sa.Column("file_key", sa.String(length=96), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("file_key", name=op.f("pk_file_deletions")),
    )


def downgrade() -> None:
    op.drop_table("file_deletions")
    with op.batch_alter_table("messenger_users", schema=None) as batch_op:
        batch_op.drop_column("position_at")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("documents_deleted_at")
        batch_op.drop_column("retention_notice_at")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_key_id"))
        batch_op.drop_column("key_id")
