"""staff operations at national volume (issue 30): the first submission and the first take kept on
the case (filled from the history), the cases counted by kind and status as they change (counted
once here), the indexes /queue, /find, /stats and the export need (the case's events by action)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# one pass over the submit and take events (not a lookup per case): minutes become seconds at
# national size; UPDATE … FROM runs on PostgreSQL and on SQLite ≥ 3.33
FILL_FIRSTS = """
UPDATE cases SET first_submitted_at = firsts.submitted, first_taken_at = firsts.taken
FROM (
    SELECT case_id,
           min(CASE WHEN action = 'submit' THEN at END) AS submitted,
           min(CASE WHEN action = 'take' THEN at END) AS taken
    FROM workflow_events
    WHERE action IN ('submit', 'take')
    GROUP BY case_id
) AS firsts
WHERE cases.id = firsts.case_id
"""
COUNT = "INSERT INTO case_counts (kind, status, n) SELECT kind, status, count(*) FROM cases GROUP BY kind, status"


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_submitted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("first_taken_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(FILL_FIRSTS)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_status")  # the queue's index begins with the status
        batch_op.create_index("ix_cases_queue", ["status", "kind", "submitted_at", "id"], unique=False)
        batch_op.create_index("ix_cases_first_submitted", ["first_submitted_at", "id"], unique=False)
        batch_op.create_index("ix_cases_first_review", ["kind", "first_taken_at", "first_submitted_at"], unique=False)
    with op.batch_alter_table("messenger_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_messenger_users_mobile"), ["mobile"], unique=False)
    with op.batch_alter_table("workflow_events", schema=None) as batch_op:
        # the export's decision date per case from the index alone (a lookup of ~10 scattered rows before)
        batch_op.create_index("ix_workflow_events_case_action", ["case_id", "action", "at"], unique=False)
        batch_op.drop_index("ix_workflow_events_case_id")

    op.create_table(
        "case_counts",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "status", name=op.f("pk_case_counts")),
    )
    op.create_table(
        "case_count_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("change", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_count_changes")),
    )
    op.execute(
        "INSERT INTO case_counts (kind, status, n) SELECT kind, status, count(*) FROM cases GROUP BY kind, status"
    )


def downgrade() -> None:
    op.drop_table("case_count_changes")
    op.drop_table("case_counts")
    with op.batch_alter_table("workflow_events", schema=None) as batch_op:
        batch_op.create_index("ix_workflow_events_case_id", ["case_id"], unique=False)
        batch_op.drop_index("ix_workflow_events_case_action")
    with op.batch_alter_table("messenger_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messenger_users_mobile"))
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_first_review")
        batch_op.drop_index("ix_cases_first_submitted")
        batch_op.drop_index("ix_cases_queue")
        batch_op.create_index("ix_cases_status", ["status"], unique=False)
        batch_op.drop_column("first_taken_at")
        batch_op.drop_column("first_submitted_at")
