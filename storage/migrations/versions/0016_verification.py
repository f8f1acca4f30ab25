"""verifiable documents (issue 27): every PDF the bot issues has a verification code, its kind,
number, file, issue date and status

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "verified_documents",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=96), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_verified_documents_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_verified_documents")),
        sa.UniqueConstraint("source", name=op.f("uq_verified_documents_source")),
    )
    with op.batch_alter_table("verified_documents", schema=None) as batch_op:
        batch_op.create_index("ix_verified_documents_case_kind", ["case_id", "kind"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("verified_documents", schema=None) as batch_op:
        batch_op.drop_index("ix_verified_documents_case_kind")
    op.drop_table("verified_documents")
