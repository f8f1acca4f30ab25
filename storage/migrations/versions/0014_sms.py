"""SMS (issue 24): the SMS outbox keyed by (event, recipient, channel), the reminders told, and an
applicant's choice to hear no reminders

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messenger_users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminders_off_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "sms_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_key", sa.String(length=80), nullable=False),
        sa.Column("recipient", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("text", sa.String(length=400), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.String(length=120), nullable=True),
        sa.Column("provider", sa.String(length=16), nullable=True),
        sa.Column("provider_message_id", sa.String(length=40), nullable=True),
        sa.Column("delivery", sa.String(length=40), nullable=True),
        sa.Column("parts", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sms_outbox")),
        sa.UniqueConstraint("event_key", "recipient", "channel", name=op.f("uq_sms_outbox_event_key")),
    )
    op.create_index("ix_sms_outbox_due", "sms_outbox", ["sent_at", "failed_at", "next_try_at"], unique=False)
    op.create_table(
        "reminders_sent",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_reminders_sent_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", "reason", "since", "stage", name=op.f("pk_reminders_sent")),
    )


def downgrade() -> None:
    op.drop_table("reminders_sent")
    op.drop_index("ix_sms_outbox_due", table_name="sms_outbox")
    op.drop_table("sms_outbox")
    with op.batch_alter_table("messenger_users", schema=None) as batch_op:
        batch_op.drop_column("reminders_off_at")
