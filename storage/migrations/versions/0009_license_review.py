"""builder license, the organization's side: the grey part and the amounts accepted, the
assessment (marks, the score kept, the license issued), the inquiries, their letters' numbers and replies

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("license_projects", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accepted", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("accepted_area_m2", sa.Numeric(precision=14, scale=2), nullable=True))
        batch_op.add_column(sa.Column("accepted_record_type", sa.String(length=32), nullable=True))
    with op.batch_alter_table("license_finance_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accepted_amount", sa.Numeric(precision=14, scale=3), nullable=True))

    op.create_table(
        "license_assessments",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("marks", sa.JSON(), nullable=False),
        sa.Column("worksheet3", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("worksheet4", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("worksheet5", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("worksheet6", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("total", sa.Numeric(precision=8, scale=2), nullable=True),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("license_number", sa.String(length=40), nullable=True),
        sa.Column("license_grade", sa.Integer(), nullable=True),
        sa.Column("license_date", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_license_assessments_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_license_assessments")),
    )
    op.create_table(
        "license_inquiries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_by", sa.Integer(), nullable=True),
        sa.Column("settled_year", sa.Integer(), nullable=True),
        sa.Column("reply", sa.String(length=16), nullable=True),
        sa.Column("reply_note", sa.Text(), nullable=True),
        sa.Column("reply_document_id", sa.Integer(), nullable=True),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replied_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_license_inquiries_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["issued_by"], ["staff_members.id"], name=op.f("fk_license_inquiries_issued_by_staff_members")
        ),
        sa.ForeignKeyConstraint(
            ["replied_by"], ["staff_members.id"], name=op.f("fk_license_inquiries_replied_by_staff_members")
        ),
        sa.ForeignKeyConstraint(
            ["reply_document_id"], ["documents.id"], name=op.f("fk_license_inquiries_reply_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_license_inquiries")),
        sa.UniqueConstraint("case_id", "kind", name=op.f("uq_license_inquiries_case_id")),
        sa.UniqueConstraint("number", name=op.f("uq_license_inquiries_number")),
    )
    with op.batch_alter_table("license_inquiries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_license_inquiries_case_id"), ["case_id"], unique=False)
    op.create_table(
        "letter_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_letter_counters")),
    )


def downgrade() -> None:
    op.drop_table("letter_counters")
    with op.batch_alter_table("license_inquiries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_license_inquiries_case_id"))
    op.drop_table("license_inquiries")
    op.drop_table("license_assessments")
    with op.batch_alter_table("license_finance_items", schema=None) as batch_op:
        batch_op.drop_column("accepted_amount")
    with op.batch_alter_table("license_projects", schema=None) as batch_op:
        batch_op.drop_column("accepted_record_type")
        batch_op.drop_column("accepted_area_m2")
        batch_op.drop_column("accepted")
