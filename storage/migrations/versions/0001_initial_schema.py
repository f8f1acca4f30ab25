"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-20
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "applicants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("national_code", sa.String(length=10), nullable=False),
        sa.Column("first_name", sa.String(length=60), nullable=True),
        sa.Column("last_name", sa.String(length=60), nullable=True),
        sa.Column("father_name", sa.String(length=60), nullable=True),
        sa.Column("birth_certificate_number", sa.String(length=30), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("gender", sa.String(length=8), nullable=True),
        sa.Column("mobile", sa.String(length=16), nullable=True),
        sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applicants")),
        sa.UniqueConstraint("national_code", name=op.f("uq_applicants_national_code")),
    )
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_applicants_mobile"), ["mobile"], unique=False)

    op.create_table(
        "offices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offices")),
    )
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_offices_province"), ["province"], unique=False)

    op.create_table(
        "staff_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.BigInteger(), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_members")),
        sa.UniqueConstraint("platform", "external_id", name=op.f("uq_staff_members_platform")),
    )
    op.create_table(
        "messenger_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("mobile", sa.String(length=16), nullable=True),
        sa.Column("mobile_verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("applicant_id", sa.Integer(), nullable=True),
        sa.Column("rules_accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["applicant_id"], ["applicants.id"], name=op.f("fk_messenger_users_applicant_id_applicants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messenger_users")),
        sa.UniqueConstraint("platform", "external_id", name=op.f("uq_messenger_users_platform")),
    )
    with op.batch_alter_table("messenger_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_messenger_users_applicant_id"), ["applicant_id"], unique=False)

    op.create_table(
        "staff_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("granted_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_members.id"], name=op.f("fk_staff_roles_staff_id_staff_members"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_roles")),
        sa.UniqueConstraint("staff_id", "role", name=op.f("uq_staff_roles_staff_id")),
    )
    with op.batch_alter_table("staff_roles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_roles_staff_id"), ["staff_id"], unique=False)

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("tracking_code", sa.String(length=16), nullable=False),
        sa.Column("applicant_id", sa.Integer(), nullable=False),
        sa.Column("messenger_user_id", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=8), nullable=True),
        sa.Column("suggested_office_id", sa.Integer(), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("assigned_staff_id", sa.Integer(), nullable=True),
        sa.Column("resubmission_count", sa.Integer(), nullable=False),
        sa.Column("fee_rials", sa.BigInteger(), nullable=True),
        sa.Column("membership_number", sa.String(length=32), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["applicant_id"], ["applicants.id"], name=op.f("fk_cases_applicant_id_applicants")),
        sa.ForeignKeyConstraint(
            ["assigned_staff_id"], ["staff_members.id"], name=op.f("fk_cases_assigned_staff_id_staff_members")
        ),
        sa.ForeignKeyConstraint(
            ["messenger_user_id"], ["messenger_users.id"], name=op.f("fk_cases_messenger_user_id_messenger_users")
        ),
        sa.ForeignKeyConstraint(["office_id"], ["offices.id"], name=op.f("fk_cases_office_id_offices")),
        sa.ForeignKeyConstraint(
            ["suggested_office_id"], ["offices.id"], name=op.f("fk_cases_suggested_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("membership_number", name=op.f("uq_cases_membership_number")),
        sa.UniqueConstraint("tracking_code", name=op.f("uq_cases_tracking_code")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cases_applicant_id"), ["applicant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_messenger_user_id"), ["messenger_user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_province"), ["province"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_status"), ["status"], unique=False)

    op.create_table(
        "case_answers",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=24), nullable=False),
        sa.Column("name", sa.String(length=48), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_answers_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("case_id", "section", "name", name=op.f("pk_case_answers")),
    )
    op.create_table(
        "degrees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=True),
        sa.Column("field", sa.String(length=32), nullable=True),
        sa.Column("specialization", sa.String(length=120), nullable=True),
        sa.Column("university", sa.String(length=160), nullable=True),
        sa.Column("graduation_date", sa.Date(), nullable=True),
        sa.Column("code_kind", sa.String(length=16), nullable=True),
        sa.Column("code", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_degrees_case_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_degrees")),
    )
    with op.batch_alter_table("degrees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_degrees_case_id"), ["case_id"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("slot", sa.String(length=64), nullable=False),
        sa.Column("file_key", sa.String(length=96), nullable=False),
        sa.Column("thumbnail_key", sa.String(length=96), nullable=True),
        sa.Column("file_id", sa.String(length=255), nullable=True),
        sa.Column("file_unique_id", sa.String(length=128), nullable=True),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_documents_case_id_cases"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_documents_case_slot", ["case_id", "slot"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_sha256"), ["sha256"], unique=False)

    op.create_table(
        "family_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=16), nullable=True),
        sa.Column("first_name", sa.String(length=60), nullable=True),
        sa.Column("last_name", sa.String(length=60), nullable=True),
        sa.Column("national_code", sa.String(length=10), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_family_members_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_members")),
    )
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_family_members_case_id"), ["case_id"], unique=False)

    op.create_table(
        "license_finance_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=3), nullable=False),
        sa.Column("attachment_number", sa.String(length=40), nullable=True),
        sa.Column("verified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_license_finance_items_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_license_finance_items")),
        sa.UniqueConstraint("case_id", "item", name=op.f("uq_license_finance_items_case_id")),
    )
    with op.batch_alter_table("license_finance_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_license_finance_items_case_id"), ["case_id"], unique=False)

    op.create_table(
        "license_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=True),
        sa.Column("province", sa.String(length=8), nullable=True),
        sa.Column("city", sa.String(length=80), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("area_m2", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("floors", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=80), nullable=True),
        sa.Column("record_type", sa.String(length=32), nullable=True),
        sa.Column("employer_name", sa.String(length=120), nullable=True),
        sa.Column("employer_phone", sa.String(length=16), nullable=True),
        sa.Column("own_start_date", sa.Date(), nullable=True),
        sa.Column("own_end_date", sa.Date(), nullable=True),
        sa.Column("desirability_factor", sa.Numeric(precision=6, scale=3), nullable=True),
        sa.Column("total_factor", sa.Numeric(precision=6, scale=3), nullable=True),
        sa.Column("attachment_number", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_license_projects_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_license_projects")),
    )
    with op.batch_alter_table("license_projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_license_projects_case_id"), ["case_id"], unique=False)

    op.create_table(
        "workflow_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=False),
        sa.Column("to_status", sa.String(length=24), nullable=False),
        sa.Column("actor_kind", sa.String(length=16), nullable=False),
        sa.Column("actor_role", sa.String(length=32), nullable=False),
        sa.Column("actor_staff_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("section_notes", sa.JSON(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_staff_id"], ["staff_members.id"], name=op.f("fk_workflow_events_actor_staff_id_staff_members")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_workflow_events_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workflow_events")),
    )
    with op.batch_alter_table("workflow_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workflow_events_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_workflow_events_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("workflow_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workflow_events_case_id"))
        batch_op.drop_index(batch_op.f("ix_workflow_events_at"))

    op.drop_table("workflow_events")
    with op.batch_alter_table("license_projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_license_projects_case_id"))

    op.drop_table("license_projects")
    with op.batch_alter_table("license_finance_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_license_finance_items_case_id"))

    op.drop_table("license_finance_items")
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_members_case_id"))

    op.drop_table("family_members")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_sha256"))
        batch_op.drop_index("ix_documents_case_slot")
        batch_op.drop_index(batch_op.f("ix_documents_case_id"))

    op.drop_table("documents")
    with op.batch_alter_table("degrees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_degrees_case_id"))

    op.drop_table("degrees")
    op.drop_table("case_answers")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_status"))
        batch_op.drop_index(batch_op.f("ix_cases_province"))
        batch_op.drop_index(batch_op.f("ix_cases_messenger_user_id"))
        batch_op.drop_index(batch_op.f("ix_cases_applicant_id"))

    op.drop_table("cases")
    with op.batch_alter_table("staff_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_roles_staff_id"))

    op.drop_table("staff_roles")
    with op.batch_alter_table("messenger_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_messenger_users_applicant_id"))

    op.drop_table("messenger_users")
    op.drop_table("staff_members")
    with op.batch_alter_table("offices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offices_province"))

    op.drop_table("offices")
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applicants_mobile"))

    op.drop_table("applicants")
