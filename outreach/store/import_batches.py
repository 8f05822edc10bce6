"""Import batches: the record that lets a whole import be rolled back from the import history.

An import stamps the contacts it creates and the e-mails and phones it adds with its batch id, and
notes per merged person which empty fields it filled, whether it set the organisation or
do-not-contact, and which beats it added. Rolling back takes exactly those additions off the merged
people and removes the created ones: deleted outright when nothing happened to them since (so the
file, mapping fixed, can be imported again), moved to the trash when someone edited them, logged
outreach with them or put them on a send-list (that work stays restorable).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func, insert, select, update
from sqlalchemy.orm import Session

from outreach.store import audit, contacts_write
from outreach.store.errors import NotFoundError
from outreach.store.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    ImportBatch,
    ImportBatchItem,
    OutreachEvent,
    ReleaseContact,
    SendListMember,
    contact_tags,
    table,
)
from outreach.store.summaries import refresh_summaries
from outreach.store.types import utcnow

CHUNK = 1000
CLEARED: dict[str, Any] = {"dnc_date": None, "last_verified": None, "uid": None}


@dataclass(frozen=True, slots=True)
class BatchRow:
    id: int
    at: datetime
    actor: str
    source_file: str
    file_format: str
    created: int
    merged: int
    undone_at: datetime | None


def start_batch(session: Session, source_file: str, file_format: str) -> int:
    batch = ImportBatch(source_file=source_file[:500], file_format=file_format[:20], actor=audit.actor_of(session))
    session.add(batch)
    session.flush()
    return batch.id


def record_merged(session: Session, batch_id: int, merged: Iterable[tuple[int, dict[str, Any]]]) -> None:
    """`merged`: (contact id, {"fills": [field…], "organization": bool, "do_not_contact": bool,
    "tags": [tag id…]}) for each stored person the import changed."""
    rows = [{"batch_id": batch_id, "contact_id": c, "action": "merged", "added": added} for c, added in merged]
    if rows:
        session.execute(insert(table(ImportBatchItem)), rows)


def finish_batch(session: Session, batch_id: int, created: int | None = None) -> None:
    """Record the batch's counts; `created`, when the caller knows it, spares counting the new people."""
    counts = {action: n for action, n in session.execute(
        select(ImportBatchItem.action, func.count()).where(ImportBatchItem.batch_id == batch_id)
        .group_by(ImportBatchItem.action))}
    if created is None:
        created = session.scalar(select(func.count()).select_from(Contact).where(Contact.import_batch_id == batch_id))
    session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(
        created=created or 0, merged=counts.get("merged", 0)))


def list_batches(session: Session, limit: int = 200) -> list[BatchRow]:
    stmt = select(ImportBatch.id, ImportBatch.at, ImportBatch.actor, ImportBatch.source_file,
                  ImportBatch.file_format, ImportBatch.created, ImportBatch.merged,
                  ImportBatch.undone_at).order_by(ImportBatch.id.desc()).limit(limit)
    return [BatchRow(**dict(r._mapping)) for r in session.execute(stmt)]


def undo_batch(session: Session, batch_id: int) -> tuple[int, int]:
    """Roll back an import; returns (people it created that were removed, people whose additions came off)."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise NotFoundError(f"no import {batch_id}")
    if batch.undone_at is not None:
        raise NotFoundError(f"import {batch_id} was already rolled back")
    merged = [(c, added) for c, added in session.execute(
        select(ImportBatchItem.contact_id, ImportBatchItem.added)
        .where(ImportBatchItem.batch_id == batch_id, ImportBatchItem.action == "merged"))]
    # The people it created carry its batch id (a subquery: 100,000 ids are more than a statement's
    # parameters).
    created = select(Contact.id).where(Contact.import_batch_id == batch_id)
    live = select(Contact.id).where(Contact.id.in_(created), Contact.deleted_at.is_(None))
    untouched = live.where(
        Contact.version == 1,
        ~exists().where(OutreachEvent.contact_id == Contact.id),
        ~exists().where(SendListMember.contact_id == Contact.id),
        ~exists().where(ReleaseContact.contact_id == Contact.id))
    doomed = [c for (c,) in session.execute(untouched)]
    for start in range(0, len(doomed), CHUNK):
        chunk = doomed[start:start + CHUNK]
        session.execute(delete(contact_tags).where(contact_tags.c.contact_id.in_(chunk)))
        for model in (ContactEmail, ContactPhone):
            session.execute(delete(model).where(model.contact_id.in_(chunk)))
        session.execute(delete(Contact).where(Contact.id.in_(chunk)).execution_options(synchronize_session=False))
    kept = [c for (c,) in session.execute(live)]
    for start in range(0, len(kept), CHUNK):
        contacts_write.trash_contacts(session, kept[start:start + CHUNK])
    # People kept in the trash keep their own e-mails and phones (they can be restored from it).
    for model in (ContactEmail, ContactPhone):
        session.execute(delete(model).where(model.import_batch_id == batch_id, model.contact_id.not_in(created)))
    for contact_id, added in merged:
        tags = list(added.get("tags", []))
        if tags:
            session.execute(delete(contact_tags).where(contact_tags.c.contact_id == contact_id,
                                                       contact_tags.c.tag_id.in_(tags)))
        values: dict[str, Any] = {name: CLEARED.get(name, "") for name in added.get("fills", [])}
        if added.get("organization"):
            values["organization_id"] = None
        if added.get("do_not_contact"):
            values.update(do_not_contact=False, dnc_reason="", dnc_date=None)
        values.update(version=Contact.version + 1, updated_at=utcnow())
        session.execute(update(Contact).where(Contact.id == contact_id).values(**values)
                        .execution_options(synchronize_session=False))
    refresh_summaries(session, [c for c, _ in merged])
    audit.record(session, "contact", [c for c, _ in merged], "unimport", {"import": [batch_id, None]})
    audit.record(session, "contact", doomed, "unimport", {"import": [batch_id, None]})
    session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(undone_at=utcnow()))
    session.expire_all()  # the rows changed under the session: nothing stale is read back
    return len(doomed) + len(kept), len(merged)
