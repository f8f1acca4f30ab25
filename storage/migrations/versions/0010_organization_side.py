"""the organization's side declared: staff forms' answers (replacing review_drafts), documents the
organization issues (settlement certificates), the builder license's application named by its kind
in stored dialog positions

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_answers",
        sa.Column("messenger_user_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=48), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_staff_answers_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["messenger_user_id"],
            ["messenger_users.id"],
            name=op.f("fk_staff_answers_messenger_user_id_messenger_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("messenger_user_id", "case_id", "form", "name", name=op.f("pk_staff_answers")),
    )
    with op.batch_alter_table("staff_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_answers_case_id"), ["case_id"], unique=False)

    op.create_table(
        "issued_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.Integer(), nullable=True),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_issued_documents_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["issued_by"], ["staff_members.id"], name=op.f("fk_issued_documents_issued_by_staff_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_documents")),
        sa.UniqueConstraint("number", name=op.f("uq_issued_documents_number")),
    )
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.create_index("ix_issued_documents_case_kind", ["case_id", "kind"], unique=False)

    # a half-done return or rejection of before is dropped: the reviewer presses its button again
    with op.batch_alter_table("review_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_drafts_case_id"))
    op.drop_table("review_drafts")

    # the builder license's dialog positions named it "license"; it is named by its kind now
    _rename_positions("license", "builder_license")


def _rename_positions(old: str, new: str) -> None:
    connection = op.get_bind()
    users = sa.table("messenger_users", sa.column("id", sa.Integer()), sa.column("position", sa.JSON()))
    for user_id, position in connection.execute(sa.select(users.c.id, users.c.position)).all():
        value = json.loads(position) if isinstance(position, str) else position
        if isinstance(value, dict) and value.get("app") == old:
            value["app"] = new
            connection.execute(sa.update(users).where(users.c.id == user_id).values(position=value))


def downgrade() -> None:
    _rename_positions("builder_license", "license")
    op.create_table(
        "review_drafts",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("case_version", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("chosen", sa.JSON(), nullable=False),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_review_drafts_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_members.id"], name=op.f("fk_review_drafts_staff_id_staff_members"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_review_drafts")),
    )
    with op.batch_alter_table("review_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_drafts_case_id"), ["case_id"], unique=False)
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.drop_index("ix_issued_documents_case_kind")
    op.drop_table("issued_documents")
    with op.batch_alter_table("staff_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_answers_case_id"))
    op.drop_table("staff_answers")
