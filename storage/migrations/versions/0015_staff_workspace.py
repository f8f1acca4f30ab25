"""staff workspace (issue 23): the audit of reads (who opened which file or its documents, when),
and since when each case is in its status (the waiting-too-long digest)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE cases SET status_at = updated_at")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.alter_column("status_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.create_index("ix_cases_status_at", ["status", "status_at"], unique=False)
    op.create_table(
        "staff_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_staff_reads_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_members.id"], name=op.f("fk_staff_reads_staff_id_staff_members"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_reads")),
    )
    op.create_index("ix_staff_reads_case_at", "staff_reads", ["case_id", "at"], unique=False)
    op.create_table(
        "digests_sent",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", "day", name=op.f("pk_digests_sent")),
    )


def downgrade() -> None:
    op.drop_table("digests_sent")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_status_at")
        batch_op.drop_column("status_at")
    op.drop_index("ix_staff_reads_case_at", table_name="staff_reads")
    op.drop_table("staff_reads")
