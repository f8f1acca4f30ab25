"""provinces as tenants (issue 25): where each staff role is held, and every file's province
(dues and builder-license files: the province of the applicant's membership)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_role_provinces",
        sa.Column("role_id", sa.Integer(), nullable=False),
        sa.Column("province", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["role_id"],
            ["staff_roles.id"],
            name=op.f("fk_staff_role_provinces_role_id_staff_roles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("role_id", "province", name=op.f("pk_staff_role_provinces")),
    )
    _backfill()


def _backfill() -> None:
    """A file without its province learns it: a membership draft from its province answer, a dues
    or builder-license file from the applicant's membership (the single configured province, for
    what is left, is given at start: ``storage.cases.adopt_province``)."""
    bind = op.get_bind()
    cases = sa.table(
        "cases",
        sa.column("id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("applicant_id", sa.Integer),
        sa.column("province", sa.String),
    )
    answers = sa.table(
        "case_answers",
        sa.column("case_id", sa.Integer),
        sa.column("section", sa.String),
        sa.column("name", sa.String),
        sa.column("value", sa.JSON),
    )
    chosen = bind.execute(
        sa.select(answers.c.case_id, answers.c.value)
        .join(cases, cases.c.id == answers.c.case_id)
        .where(
            cases.c.kind == "membership",
            cases.c.province.is_(None),
            answers.c.section == "personal",
            answers.c.name == "province",
        )
    ).all()
    for case_id, value in chosen:
        text = json.loads(value) if isinstance(value, str) and value.startswith('"') else value
        if isinstance(text, str) and text.startswith("IR-"):
            bind.execute(sa.update(cases).where(cases.c.id == case_id).values(province=text[:8]))
    members = bind.execute(
        sa.select(cases.c.applicant_id, cases.c.province)
        .where(cases.c.kind == "membership", cases.c.province.is_not(None))
        .order_by(cases.c.id)
    ).all()
    membership = dict(members)  # applicant → province: the latest membership file's
    orphans = bind.execute(
        sa.select(cases.c.id, cases.c.applicant_id).where(cases.c.kind != "membership", cases.c.province.is_(None))
    ).all()
    for case_id, applicant_id in orphans:
        if applicant_id in membership:
            bind.execute(sa.update(cases).where(cases.c.id == case_id).values(province=membership[applicant_id]))


def downgrade() -> None:
    op.drop_table("staff_role_provinces")
