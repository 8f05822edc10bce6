"""Privacy requests: everything held about a person (export), erasure, and re-applying erasures
after a backup is restored. Erasures are remembered by keyed hash only."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from outreach.errors import UserError
from outreach.services.backups import backup_before
from outreach.store import privacy as privacy_store
from outreach.store.database import Database
from outreach.store.queries import events as event_queries
from outreach.store.queries.contacts import get_contact

log = logging.getLogger(__name__)

__all__ = ["compact_file", "erase", "export_person", "is_suppressed", "person_data", "reapply_erasures"]


def _plain(value: Any) -> Any:
    """Dataclasses, dates and tuples as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def person_data(session: Session, contact_id: int) -> dict[str, Any]:
    """Everything held about one person, as JSON-ready data."""
    detail = get_contact(session, contact_id)
    contact = _plain(detail)
    emails = contact.pop("emails")
    phones = contact.pop("phones")
    tags = contact.pop("tags")
    jobs = contact.pop("jobs")
    memberships, releases, history = privacy_store.person_links(session, contact_id)
    return {
        "exported_at": _plain(datetime.now().astimezone()),
        "contact": contact,
        "emails": emails,
        "phones": phones,
        "tags": tags,
        "job_history": jobs,
        "events": _plain(event_queries.timeline(session, contact_id)),
        "list_memberships": _plain(memberships),
        "release_links": _plain(releases),
        "change_history": _plain(history),
    }


def export_person(db: Database, contact_id: int, target: str | Path) -> dict[str, Any]:
    """Write everything held about a person to a JSON file (atomically). Returns what was written."""
    target = Path(target)
    if target.is_dir():
        raise UserError(f"{target}: is a folder; give a file name")
    if not target.parent.exists():
        raise UserError(f"{target.parent}: no such folder")
    with db.read() as session:
        data = person_data(session, contact_id)
    partial = target.with_name(target.name + ".partial")
    try:
        with open(partial, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return data


def erase(db: Database, contact_id: int, *, compact: bool = True) -> int:
    """Delete a person with their e-mails, phones, events and list places; their addresses are
    suppressed and the erasure logged, by keyed hash only. Returns how many addresses were suppressed.

    On SQLite the file is then compacted (VACUUM): earlier edits of the person left old copies of
    their values in free pages, which only a rewrite removes.
    """
    def work(session: Session) -> int:
        get_contact(session, contact_id)  # NotFoundError for a wrong id
        return len(privacy_store.erase_contact(session, contact_id))

    with db.read() as session:
        get_contact(session, contact_id)  # a wrong id fails before any backup is made
    # A safety copy, as before every bulk change; the erasure log makes restoring it erase them again.
    backup_before(db, "erase")
    count = db.run(work)
    if compact:
        compact_file(db)
    return count


def compact_file(db: Database) -> bool:
    """Rewrite an SQLite file without its free pages (and empty the WAL). False if it could not be done now."""
    if db.dialect != "sqlite" or db.sqlite_path is None:
        return False
    try:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("VACUUM")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except Exception as exc:  # busy with another window: the erase itself is done
        log.warning("could not compact %s after an erasure: %s", db.name, exc)
        return False
    return True


def is_suppressed(db: Database, address: str) -> bool:
    with db.read() as session:
        return privacy_store.is_suppressed(session, address)


def reapply_erasures(db: Database, since: datetime | None = None, source: Database | None = None) -> list[int]:
    """Remove again everyone erased at or after `since`. Run after restoring a backup.

    `source` is the database that logged the erasures when it is not `db` itself -- typically the
    copy the restored backup replaces (a backup taken before an erasure does not hold its log entry).
    Returns the ids of the contacts removed.
    """
    secret: str | None = None
    entries: list[tuple[str, datetime]] = []
    if source is not None:
        with source.read() as session:
            secret = privacy_store.stored_secret(session)
            entries = privacy_store.erasure_log(session, since)
    def work(session: Session) -> list[int]:
        if source is not None:
            try:
                privacy_store.merge_erasure_log(session, secret, entries)
            except privacy_store.SecretMismatchError:
                raise UserError("the erasure log comes from a different database; its hashes cannot be matched here"
                                ) from None
        return privacy_store.reapply_erasures(session, since)

    removed = db.run(work)
    if removed:
        compact_file(db)
    return removed
