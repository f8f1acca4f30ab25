"""the dialog position in the database, the inbox of updates (handled once), national-code attempts

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messenger_users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("position", sa.JSON(), nullable=True))

    op.create_table(
        "inbox",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "bot_id", "update_id", name=op.f("pk_inbox")),
    )
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.create_index("ix_inbox_pending", ["platform", "bot_id", "handled_at"], unique=False)

    op.create_table(
        "national_code_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("messenger_user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["applicant_id"],
            ["applicants.id"],
            name=op.f("fk_national_code_attempts_applicant_id_applicants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["messenger_user_id"],
            ["messenger_users.id"],
            name=op.f("fk_national_code_attempts_messenger_user_id_messenger_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_code_attempts")),
    )
    with op.batch_alter_table("national_code_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_national_code_attempts_applicant_id"), ["applicant_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_national_code_attempts_messenger_user_id"), ["messenger_user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("national_code_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_national_code_attempts_messenger_user_id"))
        batch_op.drop_index(batch_op.f("ix_national_code_attempts_applicant_id"))
    op.drop_table("national_code_attempts")
    with op.batch_alter_table("inbox", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_pending")
    op.drop_table("inbox")
    with op.batch_alter_table("messenger_users", schema=None) as batch_op:
        batch_op.drop_column("position")
