"""grey part (issue 23): worksheet 6's attachment number per criterion (worksheet 4's factors and
attachment number per project have had their columns since the first schema)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("license_assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("mark_attachments", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("license_assessments", schema=None) as batch_op:
        batch_op.drop_column("mark_attachments")
