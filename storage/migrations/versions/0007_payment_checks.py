"""payment checks (a messenger payment waiting for its wallet's confirmation)

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payment_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("transaction_id", sa.String(length=128), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_check_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_payment_checks_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_checks")),
        sa.UniqueConstraint("platform", "transaction_id", name="uq_payment_checks_transaction"),
    )
    with op.batch_alter_table("payment_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_checks_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_payment_checks_due", ["decided_at", "next_check_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("payment_checks", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_checks_due")
        batch_op.drop_index(batch_op.f("ix_payment_checks_case_id"))
    op.drop_table("payment_checks")
