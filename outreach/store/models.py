"""SQLAlchemy 2.x models of Outreach.

Contacts carry a few derived columns (org_name, primary_email, primary_phone, beats_text,
search_text, has_invalid) so that the 100k-row list can be filtered and sorted by index in SQL;
:func:`outreach.store.summaries.refresh_summaries` keeps them in step after every write.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from outreach.store.types import UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ORG_KINDS = ("outlet", "nonprofit", "company", "government", "other")
ROLES = ("journalist", "spokesperson", "other")
CHANNELS = ("email", "phone", "mobile", "social", "post", "")
EVENT_KINDS = (
    "pitched", "sent", "followed_up", "replied", "interview", "covered",
    "declined", "bounced", "opted_out", "note",
)
DELIVERY_STATUSES = ("ok", "bounced", "opted_out")
RELEASE_STATUSES = ("draft", "final", "sent")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


contact_tags = Table(
    "contact_tags",
    Base.metadata,
    Column("contact_id", ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Organization(Timestamped, Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="other")
    website: Mapped[str] = mapped_column(String(500), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    contacts: Mapped[list[Contact]] = relationship(back_populates="organization")

    __mapper_args__ = {"version_id_col": version}


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    # Lower-cased name: "Climate" and "climate" are one tag.
    key: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="beat")


LIVE = text("deleted_at IS NULL")
TRASHED = text("deleted_at IS NOT NULL")
SORTABLE = ("sort_name", "org_name", "title", "beats_text", "primary_email", "primary_phone", "time_zone")


class Contact(Timestamped, Base):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(300))
    sort_name: Mapped[str] = mapped_column(String(300), default="")  # derived: case-folded name
    given_name: Mapped[str] = mapped_column(String(150), default="")
    family_name: Mapped[str] = mapped_column(String(150), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[str] = mapped_column(String(20), default="journalist")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    country: Mapped[str] = mapped_column(String(2), default="")
    time_zone: Mapped[str] = mapped_column(String(64), default="")
    # True when time_zone was inferred from a phone number rather than set by a person.
    time_zone_inferred: Mapped[bool] = mapped_column(Boolean, default=False)
    preferred_channel: Mapped[str] = mapped_column(String(20), default="")
    socials: Mapped[dict[str, Any]] = mapped_column(default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    dnc_reason: Mapped[str] = mapped_column(String(500), default="")
    dnc_date: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20), default="typed")  # typed | file | release | demo
    source_detail: Mapped[str] = mapped_column(String(500), default="")
    consent_basis: Mapped[str] = mapped_column(String(200), default="")
    last_verified: Mapped[date | None] = mapped_column(Date)
    uid: Mapped[str | None] = mapped_column(String(200), index=True)
    deleted_at: Mapped[datetime | None] = mapped_column()
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The import that added this row (see ImportBatch), so a whole import can be rolled back.
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id", ondelete="SET NULL"),
                                                        index=True)

    # Derived columns, see module docstring.
    org_name: Mapped[str] = mapped_column(String(300), default="")
    primary_email: Mapped[str] = mapped_column(String(320), default="")
    primary_phone: Mapped[str] = mapped_column(String(40), default="")
    beats_text: Mapped[str] = mapped_column(String(500), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    has_invalid: Mapped[bool] = mapped_column(Boolean, default=False)

    organization: Mapped[Organization | None] = relationship(back_populates="contacts")
    emails: Mapped[list[ContactEmail]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactEmail.position"
    )
    phones: Mapped[list[ContactPhone]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="ContactPhone.position"
    )
    tags: Mapped[list[Tag]] = relationship(secondary=contact_tags, order_by="Tag.key")
    jobs: Mapped[list[JobHistory]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="JobHistory.ended"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # Partial indexes over the people not in the trash: PostgreSQL cannot take its order from
        # an index that leads with deleted_at (IS NULL is not an equality for ordering).
        *(Index(f"ix_contacts_live_{column}", column, "id", sqlite_where=LIVE, postgresql_where=LIVE)
          for column in SORTABLE),
        # Only the trash: a plain index on deleted_at made SQLite pick it for "deleted_at IS NULL" and
        # sort 100k rows in a temporary B-tree instead of walking the partial sort indexes.
        Index("ix_contacts_trash", "deleted_at", sqlite_where=TRASHED, postgresql_where=TRASHED),
        Index("ix_contacts_country", "country"),
    )


class JobHistory(Base):
    """An earlier organisation and title, kept when a journalist moves."""

    __tablename__ = "job_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    organization_name: Mapped[str] = mapped_column(String(300), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    started: Mapped[date | None] = mapped_column(Date)
    ended: Mapped[date | None] = mapped_column(Date)

    contact: Mapped[Contact] = relationship(back_populates="jobs")


class ContactEmail(Base):
    __tablename__ = "contact_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(50), default="")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    raw: Mapped[str] = mapped_column(String(1000))
    normalized: Mapped[str] = mapped_column(String(320), default="")
    # The identity key: normalized, case-folded. Empty for invalid addresses.
    key: Mapped[str] = mapped_column(String(320), default="", index=True)
    status: Mapped[str] = mapped_column(String(10), default="valid")  # valid | invalid
    message: Mapped[str] = mapped_column(String(500), default="")
    suggestion: Mapped[str] = mapped_column(String(320), default="")
    checked_at: Mapped[datetime | None] = mapped_column()
    checked_with: Mapped[str] = mapped_column(String(40), default="")
    delivery_status: Mapped[str] = mapped_column(String(12), default="ok")
    # The import that added this row (see ImportBatch), so a whole import can be rolled back.
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id", ondelete="SET NULL"),
                                                        index=True)

    contact: Mapped[Contact] = relationship(back_populates="emails")


class ContactPhone(Base):
    __tablename__ = "contact_phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(50), default="")  # work, mobile, fax, home...
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    raw: Mapped[str] = mapped_column(String(200))
    e164: Mapped[str] = mapped_column(String(20), default="", index=True)
    extension: Mapped[str] = mapped_column(String(20), default="")
    number_type: Mapped[str] = mapped_column(String(20), default="unknown")
    status: Mapped[str] = mapped_column(String(10), default="valid")  # valid | possible | invalid
    message: Mapped[str] = mapped_column(String(500), default="")
    checked_at: Mapped[datetime | None] = mapped_column()
    checked_with: Mapped[str] = mapped_column(String(40), default="")
    # The import that added this row (see ImportBatch), so a whole import can be rolled back.
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id", ondelete="SET NULL"),
                                                        index=True)

    contact: Mapped[Contact] = relationship(back_populates="phones")


class Release(Timestamped, Base):
    __tablename__ = "releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    dateline_region: Mapped[str] = mapped_column(String(2), default="")
    release_date: Mapped[date | None] = mapped_column(Date)
    embargo_at: Mapped[datetime | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(10), default="draft")
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    source_file: Mapped[str] = mapped_column(String(500), default="")
    # sha256 of the normalised body: importing the same release twice finds the first.
    body_hash: Mapped[str] = mapped_column(String(64), default="", index=True)


class ReleaseContact(Base):
    """A contact a release lists (its media contacts)."""

    __tablename__ = "release_contacts"

    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id", ondelete="CASCADE"), primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20), default="media_contact")


class SendList(Timestamped, Base):
    __tablename__ = "send_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id", ondelete="SET NULL"), index=True)
    query: Mapped[str] = mapped_column(Text, default="")


class SendListMember(Base):
    __tablename__ = "send_list_members"

    send_list_id: Mapped[int] = mapped_column(ForeignKey("send_lists.id", ondelete="CASCADE"), primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    email_id: Mapped[int | None] = mapped_column(ForeignKey("contact_emails.id", ondelete="SET NULL"))
    added_by: Mapped[str] = mapped_column(String(10), default="query")  # query | hand
    # Removed by hand: a refresh from the saved query must not bring them back.
    removed: Mapped[bool] = mapped_column(Boolean, default=False)


class OutreachEvent(Base):
    __tablename__ = "outreach_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id", ondelete="SET NULL"), index=True)
    send_list_id: Mapped[int | None] = mapped_column(ForeignKey("send_lists.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20), default="email")
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    notes: Mapped[str] = mapped_column(Text, default="")
    coverage_url: Mapped[str] = mapped_column(String(1000), default="")

    __table_args__ = (Index("ix_outreach_events_contact_time", "contact_id", "occurred_at"),)


class AppMeta(Base):
    """Per-database facts (e.g. the secret keying the suppression list)."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


def table(model: type[Base]) -> Table:
    """The Core table of a model, typed as one (``__table__`` is typed as a FromClause)."""
    result = model.__table__
    assert isinstance(result, Table)
    return result


__all__ = [
    "CHANNELS", "DELIVERY_STATUSES", "EVENT_KINDS", "ORG_KINDS", "RELEASE_STATUSES", "ROLES",
    "AppMeta", "Base", "Contact", "ContactEmail", "ContactPhone", "JobHistory", "Organization",
    "OutreachEvent", "Release", "ReleaseContact", "SendList", "SendListMember", "Suppression", "Tag",
    "contact_tags", "table",
]


class Suppression(Base):
    """An address that must never come back through an import (erased or opted out).

    Holds only a keyed hash (HMAC with a per-database secret) of the normalized, lower-cased
    address, never the address itself.
    """

    __tablename__ = "suppressions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    reason: Mapped[str] = mapped_column(String(20))  # erased | opted_out | bounced
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Erasure(Base):
    """A person erased on request, logged by the keyed hash of their address only (never the address).

    After restoring an older backup, :func:`outreach.store.privacy.reapply_erasures` removes again
    anyone whose address hash is in this log.
    """

    __tablename__ = "erasures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), index=True)
    erased_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


# Added by migration 0003 (send-lists and outreach history).
Index("ix_outreach_events_release_contact_time",
      OutreachEvent.release_id, OutreachEvent.contact_id, OutreachEvent.occurred_at)
Index("ix_outreach_events_kind_time", OutreachEvent.kind, OutreachEvent.occurred_at)
Index("ix_outreach_events_send_list_id", OutreachEvent.send_list_id)
__all__ += ["Erasure"]


class AuditEntry(Base):
    """Who changed what and when (team mode): one row per change of a contact or organisation."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), default="")
    entity: Mapped[str] = mapped_column(String(20))  # contact | organization
    entity_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # create | update | trash | restore | bulk | merge | import
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)  # field -> [before, after]

    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id", "at"),)


__all__ += ["AuditEntry"]


class NotDuplicate(Base):
    """Two people a user said are different: never proposed as duplicates again (low id first)."""

    __tablename__ = "not_duplicates"

    first_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)
    second_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True)


class Merge(Base):
    """A merge of one person into another, with what is needed to undo it."""

    __tablename__ = "merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    kept_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    merged_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # kept person's fields before, and the rows moved from the merged person (ids per table)
    undo: Mapped[dict[str, Any]] = mapped_column(default=dict)
    undone: Mapped[bool] = mapped_column(Boolean, default=False)


__all__ += ["Merge", "NotDuplicate"]


class ImportBatch(Base):
    """One import of one file: what it created and added, so the whole import can be rolled back."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), default="")
    source_file: Mapped[str] = mapped_column(String(500), default="")
    file_format: Mapped[str] = mapped_column(String(20), default="")
    created: Mapped[int] = mapped_column(Integer, default=0)
    merged: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[datetime | None] = mapped_column()


class ImportBatchItem(Base):
    """A stored person an import changed: created, or merged (with what was filled and added)."""

    __tablename__ = "import_batch_items"

    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id", ondelete="CASCADE"), primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)
    action: Mapped[str] = mapped_column(String(10))  # created | merged
    # merged: {"fills": [field…], "organization": bool, "do_not_contact": bool, "tags": [tag id…]}
    added: Mapped[dict[str, Any]] = mapped_column(default=dict)


__all__ += ["ImportBatch", "ImportBatchItem"]
