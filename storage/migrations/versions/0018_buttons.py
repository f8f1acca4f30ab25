"""the message with buttons last sent to each messenger user (issue 29): a question answered by
typing loses its buttons on any replica and after a restart, not only in the process that sent it

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messenger_users") as batch:
        batch.add_column(sa.Column("asked_chat_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("asked_message_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messenger_users") as batch:
        batch.drop_column("asked_message_id")
        batch.drop_column("asked_chat_id")
