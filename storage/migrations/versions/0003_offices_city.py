"""offices: city, and (province, name) unique — the identity the offices import relies on

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ADD COLUMN and CREATE UNIQUE INDEX need no table copy on SQLite (cases keep their foreign keys)
    op.add_column("offices", sa.Column("city", sa.String(length=80), nullable=True))
    op.create_index("ix_offices_province_name", "offices", ["province", "name"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_offices_province_name", table_name="offices")
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.drop_column("city")
