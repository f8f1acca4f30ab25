"""The database schema (SQLAlchemy 2, typed). Alembic migrations in ``storage/migrations`` follow it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC timestamps on every database (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: store UTC-aware timestamps only")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime, dict[str, Any]: JSON}


class MessengerUser(Base):
    """A person as one messenger sees them: (platform, user id). Telegram and Bale are two users."""

    __tablename__ = "messenger_users"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[int] = mapped_column(BigInteger)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(8), default="fa")
    mobile: Mapped[str | None] = mapped_column(String(16), index=True)  # proven by a shared contact (/find)
    mobile_verified_at: Mapped[dt.datetime | None]
    applicant_id: Mapped[int | None] = mapped_column(ForeignKey("applicants.id"), index=True)
    rules_accepted_at: Mapped[dt.datetime | None]
    # Where the user is in a dialog (the question they were shown last), read with this row and
    # written in the same transaction as the answer that moved it: it cannot disagree with the
    # answers, whatever happens to a cache or a process (issue 16).
    position: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # when the position last changed (an answer, a button): written with it, in the same statement;
    # a draft its user moves in is not abandoned (retention, issue 28)
    position_at: Mapped[dt.datetime | None]
    # the message with buttons last sent to the user's chat (chat and message id): a question then
    # answered by typing loses its buttons on any replica and after a restart (issue 29). Written
    # after that message is sent, in a transaction of its own, only when it changed.
    asked_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    asked_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # the applicant turned reminders off (``/notifications``); decisions reach them whatever this says
    reminders_off_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # when the messenger last told us something new (the user's first update, a new chat): not every
    # update, which would write the row when nothing changed (issue 15)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Applicant(Base):
    """A person's identity, by national code; locked once a first application is submitted."""

    __tablename__ = "applicants"

    id: Mapped[int] = mapped_column(primary_key=True)
    national_code: Mapped[str] = mapped_column(String(10), unique=True)
    first_name: Mapped[str | None] = mapped_column(String(60))
    last_name: Mapped[str | None] = mapped_column(String(60))
    father_name: Mapped[str | None] = mapped_column(String(60))
    birth_certificate_number: Mapped[str | None] = mapped_column(String(30))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(8))
    mobile: Mapped[str | None] = mapped_column(String(16), index=True)
    locked_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Office(Base):
    """A representative office (دفتر نمایندگی) of a province organization. (province, name) is its
    identity: importing the offices file again updates the office instead of adding a second one."""

    __tablename__ = "offices"
    __table_args__ = (Index("ix_offices_province_name", "province", "name", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    province: Mapped[str] = mapped_column(String(8), index=True)
    name: Mapped[str] = mapped_column(String(120))
    city: Mapped[str | None] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)


class StaffMember(Base):
    __tablename__ = "staff_members"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[int] = mapped_column(BigInteger)
    display_name: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class StaffRole(Base):
    __tablename__ = "staff_roles"
    __table_args__ = (UniqueConstraint("staff_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    granted_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    granted_by: Mapped[str | None] = mapped_column(String(64))


class StaffRoleProvince(Base):
    """Where a staff role is held (issue 25): one row per province; a role without rows is held
    nationally (the national council's admins, and every role of a one-province deployment)."""

    __tablename__ = "staff_role_provinces"

    role_id: Mapped[int] = mapped_column(ForeignKey("staff_roles.id", ondelete="CASCADE"), primary_key=True)
    province: Mapped[str] = mapped_column(String(8), primary_key=True)


class Case(Base):
    """An application file: membership or builder license.

    ``first_submitted_at`` and ``first_taken_at`` repeat the times of the case's first submit and
    first take events (``workflow.transition`` sets each once): the staff's figures and the export
    read them from the case and its indexes instead of grouping the whole history (issue 30)."""

    __tablename__ = "cases"
    __table_args__ = (
        # /queue: per status (and kind), oldest submission first, a few rows read per status
        Index("ix_cases_queue", "status", "kind", "submitted_at", "id"),
        # the export's order and its date range
        Index("ix_cases_first_submitted", "first_submitted_at", "id"),
        # /stats: the first-review waits of a kind over a period, from the index alone
        Index("ix_cases_first_review", "kind", "first_taken_at", "first_submitted_at"),
        # waiting too long: per status, the longest waiting first (issue 23)
        Index("ix_cases_status_at", "status", "status_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(24))
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id"), index=True)
    messenger_user_id: Mapped[int] = mapped_column(ForeignKey("messenger_users.id"), index=True)
    province: Mapped[str | None] = mapped_column(String(8), index=True)
    suggested_office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    assigned_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    resubmission_count: Mapped[int] = mapped_column(Integer, default=0)
    fee_rials: Mapped[int | None] = mapped_column(BigInteger)
    membership_number: Mapped[str | None] = mapped_column(String(32), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[dt.datetime | None]  # the latest submission (a resubmission moves it)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    status_at: Mapped[dt.datetime] = mapped_column(default=utcnow)  # since when in its status (issue 23)
    first_submitted_at: Mapped[dt.datetime | None]
    first_taken_at: Mapped[dt.datetime | None]
    # retention (issue 28): when the applicant was told their untouched draft will be deleted, and
    # when a rejected file's documents were deleted (the case itself is kept)
    retention_notice_at: Mapped[dt.datetime | None]
    documents_deleted_at: Mapped[dt.datetime | None]


class CaseCount(Base):
    """How many cases of a kind are in a status, as of the last fold (``storage.counts``)."""

    __tablename__ = "case_counts"

    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    status: Mapped[str] = mapped_column(String(24), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class CaseCountChange(Base):
    """A change to a count not folded into ``case_counts`` yet: +1 or −1 (``storage.counts``)."""

    __tablename__ = "case_count_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(24))
    change: Mapped[int] = mapped_column(Integer)


class CaseAnswer(Base):
    """One answer of a section's draft, saved the moment it is accepted."""

    __tablename__ = "case_answers"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    section: Mapped[str] = mapped_column(String(24), primary_key=True)
    name: Mapped[str] = mapped_column(String(48), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Degree(Base):
    __tablename__ = "degrees"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    level: Mapped[str | None] = mapped_column(String(32))
    field: Mapped[str | None] = mapped_column(String(32))
    specialization: Mapped[str | None] = mapped_column(String(120))
    university: Mapped[str | None] = mapped_column(String(160))
    graduation_date: Mapped[dt.date | None] = mapped_column(Date)
    code_kind: Mapped[str | None] = mapped_column(String(16))
    code: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FamilyMember(Base):
    __tablename__ = "family_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str | None] = mapped_column(String(16))
    first_name: Mapped[str | None] = mapped_column(String(60))
    last_name: Mapped[str | None] = mapped_column(String(60))
    national_code: Mapped[str | None] = mapped_column(String(10))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class LicenseProject(Base):
    """A row of builder-license worksheet 4 (professional record); the grey part is the organization's."""

    __tablename__ = "license_projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(160))
    province: Mapped[str | None] = mapped_column(String(8))
    city: Mapped[str | None] = mapped_column(String(80))
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    area_m2: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    floors: Mapped[int | None] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(String(80))
    record_type: Mapped[str | None] = mapped_column(String(32))
    employer_name: Mapped[str | None] = mapped_column(String(120))
    employer_phone: Mapped[str | None] = mapped_column(String(16))
    own_start_date: Mapped[dt.date | None] = mapped_column(Date)
    own_end_date: Mapped[dt.date | None] = mapped_column(Date)
    desirability_factor: Mapped[Decimal | None] = mapped_column(Numeric(6, 3))
    total_factor: Mapped[Decimal | None] = mapped_column(Numeric(6, 3))
    attachment_number: Mapped[str | None] = mapped_column(String(40))
    # the organization's judgement in documents review (issue 12): None until judged
    accepted: Mapped[bool | None] = mapped_column(Boolean)
    accepted_area_m2: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # ≤ the area claimed
    accepted_record_type: Mapped[str | None] = mapped_column(String(32))  # a corrected record type


class LicenseFinanceItem(Base):
    """A row of builder-license worksheet 5 (financial capability), in billion rials."""

    __tablename__ = "license_finance_items"
    __table_args__ = (UniqueConstraint("case_id", "item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    item: Mapped[str] = mapped_column(String(32))
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 3))
    attachment_number: Mapped[str | None] = mapped_column(String(40))
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    accepted_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 3))  # ≤ the amount claimed


class LicenseAssessment(Base):
    """The organization's side of a builder-license file (issue 12): worksheet 6's marks, the
    score kept when documents review ends (worksheets 3–7), and the license the ministry issued.
    ``version`` guards the reviewers' changes (the grey part, the amounts accepted, the marks):
    of two reviewers changing it at once exactly one wins."""

    __tablename__ = "license_assessments"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    marks: Mapped[list[int | None]] = mapped_column(JSON, default=list)
    mark_attachments: Mapped[list[str | None] | None] = mapped_column(JSON)  # worksheet 6, per criterion
    worksheet3: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    worksheet4: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    worksheet5: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    worksheet6: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    total: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    grade: Mapped[int | None] = mapped_column(Integer)
    scored_at: Mapped[dt.datetime | None]
    # the license the ministry issued (the columns keep their first names)
    issued_number: Mapped[str | None] = mapped_column("license_number", String(40))
    issued_grade: Mapped[int | None] = mapped_column("license_grade", Integer)
    issued_date: Mapped[dt.date | None] = mapped_column("license_date", Date)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class LicenseInquiry(Base):
    """An inquiry of a builder-license file (disciplinary council, finance, execution works): the
    letter the organization issued for it (an inquiry, or finance's settlement certificate),
    numbered from the organization's sequence, and the reply staff recorded — clear, or a record
    found (a note, a photo of the reply). Finance may record unpaid dues before any letter."""

    __tablename__ = "license_inquiries"
    __table_args__ = (UniqueConstraint("case_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # disciplinary | finance | execution
    number: Mapped[str | None] = mapped_column(String(32), unique=True)  # the letter's (None: none issued)
    issued_at: Mapped[dt.datetime | None]
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    settled_year: Mapped[int | None] = mapped_column(Integer)  # finance: dues settled up to the end of
    reply: Mapped[str | None] = mapped_column(String(16))  # clear | record
    reply_note: Mapped[str | None] = mapped_column(Text)
    reply_document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    replied_at: Mapped[dt.datetime | None]
    replied_by: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))


class LetterCounter(Base):
    """The organization's letter numbers: one sequence per (Jalali) year."""

    __tablename__ = "letter_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class IssuedDocument(Base):
    """A document the organization issued on a file (e.g. a settlement certificate): numbered from
    the organization's sequence, with what it says (``data``), and superseded when a newer one
    of its kind replaces it. Its PDF is rendered from this row whenever it is sent."""

    __tablename__ = "issued_documents"
    __table_args__ = (Index("ix_issued_documents_case_kind", "case_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    number: Mapped[str] = mapped_column(String(32), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    superseded_at: Mapped[dt.datetime | None]


class Document(Base):
    """A file an applicant sent. A replaced document is kept, marked superseded: nothing is lost."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_case_slot", "case_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    slot: Mapped[str] = mapped_column(String(64))  # kind, or kind:degree_id
    file_key: Mapped[str] = mapped_column(String(96))
    thumbnail_key: Mapped[str | None] = mapped_column(String(96))
    file_id: Mapped[str | None] = mapped_column(String(255))
    file_unique_id: Mapped[str | None] = mapped_column(String(128))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    superseded_at: Mapped[dt.datetime | None]
    # the master key its files are sealed with (``storage.encryption``); None: stored before
    # encryption, waiting for ``nezam-bot files encrypt-existing``
    key_id: Mapped[str | None] = mapped_column(String(16), index=True)


class FileDeletion(Base):
    """A stored file whose documents are gone (a draft deleted, a rejected file's documents past
    retention): removed from disk once that transaction has committed, by whoever comes first —
    the deleting process right after, or the sweeper (``bot.retention``) after a crash."""

    __tablename__ = "file_deletions"

    file_key: Mapped[str] = mapped_column(String(96), primary_key=True)
    requested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class WorkflowEvent(Base):
    """Append-only history of a case: every transition and every staff action on it."""

    __tablename__ = "workflow_events"
    # a case's events, and its last decision read from the index alone (the export: issue 30)
    __table_args__ = (Index("ix_workflow_events_case_action", "case_id", "action", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    actor_kind: Mapped[str] = mapped_column(String(16))  # applicant | staff | system
    actor_role: Mapped[str] = mapped_column(String(32))
    actor_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_members.id"))
    note: Mapped[str | None] = mapped_column(Text)
    section_notes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class StaffRead(Base):
    """A staff member opened a file or its documents (issue 23: applicants hand over identity
    documents; who looked at them is kept, as the events keep who acted). Append-only."""

    __tablename__ = "staff_reads"
    __table_args__ = (Index("ix_staff_reads_case_at", "case_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_members.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(String(16))  # card | file | documents
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DigestSent(Base):
    """A daily digest (the waiting-too-long one, issue 23) recorded as sent for a day, in the
    transaction of its messages: of several replicas, and across restarts, it goes once a day."""

    __tablename__ = "digests_sent"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class OutboxMessage(Base):
    """A message to someone other than the sender of an update (an applicant, the staff chat),
    recorded in the update's transaction and sent once it has committed: a rolled-back update
    tells no one anything. A row is claimed with a lease before it is sent, so that several
    processes never send the same row twice; sent rows are marked sent."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_pending", "sent_at", "failed_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))  # the bot that sends it
    chat_id: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(48))  # the Bot API method, e.g. sendMessage
    params: Mapped[dict[str, Any]] = mapped_column(JSON)  # its JSON parameters
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[dt.datetime | None]
    failed_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(String(120))


class SmsMessage(Base):
    """An SMS, the outbox's pattern for a second channel (issue 24): recorded in the transaction
    of what it tells, sent after the commit by ``bot.sms``. ``(event_key, recipient, channel)`` is
    unique — a decision's event, or a reminder's stage — so the same thing is never recorded twice
    for one mobile, whatever replica or retry records it. A row is claimed with a lease before it
    is sent; a timeout or a 5xx gives it back with ``next_try_at`` later (backoff), a refusal
    ends it with the provider's reason in ``error``."""

    __tablename__ = "sms_outbox"
    __table_args__ = (
        UniqueConstraint("event_key", "recipient", "channel"),
        Index("ix_sms_outbox_due", "sent_at", "failed_at", "next_try_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_key: Mapped[str] = mapped_column(String(80))  # "event:<id>", or a reminder's stage
    recipient: Mapped[str] = mapped_column(String(16))  # the verified mobile, 09XXXXXXXXX
    channel: Mapped[str] = mapped_column(String(8), default="sms")
    kind: Mapped[str] = mapped_column(String(40))  # what it says (a template's name): returned, approved-invoice …
    language: Mapped[str] = mapped_column(String(8), default="fa")
    text: Mapped[str] = mapped_column(String(400))  # the whole text, for a provider that sends text
    params: Mapped[dict[str, Any]] = mapped_column(JSON)  # a template's tokens (the tracking code)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    next_try_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    claimed_until: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[dt.datetime | None]
    failed_at: Mapped[dt.datetime | None]
    error: Mapped[str | None] = mapped_column(String(120))  # the provider's reason, or the last failure
    provider: Mapped[str | None] = mapped_column(String(16))
    provider_message_id: Mapped[str | None] = mapped_column(String(40))
    delivery: Mapped[str | None] = mapped_column(String(40))  # the delivery status the provider reported
    parts: Mapped[int | None] = mapped_column(Integer)  # SMS parts the text takes (what it costs)


class ReminderSent(Base):
    """A reminder's stage, told once (issue 24): (the case, what is left undone, since when, the
    stage). The primary key is the guard: of two replicas' rounds, one inserts it and tells."""

    __tablename__ = "reminders_sent"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    reason: Mapped[str] = mapped_column(String(16), primary_key=True)  # draft, returned, fee
    since: Mapped[dt.datetime] = mapped_column(primary_key=True)  # when the idle spell began
    stage: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1, 2, 3: the days of its schedule
    sent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class StaffAnswer(Base):
    """An answer of a staff member's form that applies when the form is done (a return's ticks and
    notes, a reason, the license issued): kept as it is given, like an applicant's draft, with the
    question they are at in their position — a restart in the middle loses nothing."""

    __tablename__ = "staff_answers"

    messenger_user_id: Mapped[int] = mapped_column(
        ForeignKey("messenger_users.id", ondelete="CASCADE"), primary_key=True
    )
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True, index=True)
    form: Mapped[str] = mapped_column(String(48), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class InboxUpdate(Base):
    """An update from a messenger, by (bot, update id): handled at most once.

    ``handled_at`` is set in the transaction that handles the update (with its effects), so a
    redelivered update finds it and changes nothing. While polling, an update that is not handled
    quickly is stored here with its ``payload`` before the messenger is told it arrived; one
    stored and not handled (the process died) is handled after a restart. Handling drops the
    payload: what stays is only the mark.
    """

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_pending", "platform", "bot_id", "handled_at"),)

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    handled_at: Mapped[dt.datetime | None]
    failed: Mapped[bool] = mapped_column(Boolean, default=False)  # handled by answering "something went wrong"


class NationalCodeAttempt(Base):
    """A messenger user typed the national code of an applicant they could not be linked to
    (another account, another mobile): nothing was linked; staff see it (``/find``, staff chat)."""

    __tablename__ = "national_code_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id", ondelete="CASCADE"), index=True)
    messenger_user_id: Mapped[int] = mapped_column(ForeignKey("messenger_users.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PaymentCheck(Base):
    """A messenger's payment that its wallet has not confirmed yet (Bale's ``inquireTransaction``
    said pending, or did not answer): asked again later, across restarts, until it says paid,
    failed or rejected (``outcome``), or the bot gives up and tells finance."""

    __tablename__ = "payment_checks"
    __table_args__ = (
        UniqueConstraint("platform", "transaction_id", name="uq_payment_checks_transaction"),
        Index("ix_payment_checks_due", "decided_at", "next_check_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(16))
    transaction_id: Mapped[str] = mapped_column(String(128))  # successful_payment.telegram_payment_charge_id
    note: Mapped[str] = mapped_column(String(200))  # amount, currency, provider's charge id: for the history
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    next_check_at: Mapped[dt.datetime]
    claimed_until: Mapped[dt.datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    decided_at: Mapped[dt.datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))  # paid, failed, rejected, moot, gave_up


class VerifiedDocument(Base):
    """A document the bot issued as a PDF (a receipt, a letter, a certificate, …) as anyone can
    check it (issue 27): its verification code (a keyed MAC of ``source``, never a sequence), what
    it is, and whether it still holds. ``source`` names the document once (a receipt of one
    submission, a letter's row), so sending it again prints the same code; a newer one of its kind
    on the file supersedes it, staff revoke a license."""

    __tablename__ = "verified_documents"
    __table_args__ = (Index("ix_verified_documents_case_kind", "case_id", "kind"),)

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    source: Mapped[str] = mapped_column(String(96), unique=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    number: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    superseded_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
