"""Send-list use cases: who gets which release. Each call is one unit of work and returns plain rows.

Deleting a list can be undone: :func:`delete` returns a :class:`DeletedList` (plain values) and
:func:`restore` brings the list back as it was. :func:`deleted_json` / :func:`deleted_from_json`
turn it into JSON and back, for the command line (`lists delete --json`, `lists restore FILE`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from outreach.errors import UserError
from outreach.services.gc_pause import paused_gc
from outreach.store import lists as list_store
from outreach.store.database import Database
from outreach.store.lists import DeletedList, DeletedMember, RestoredList
from outreach.store.queries import lists as list_queries
from outreach.store.queries.contacts import ContactDetail
from outreach.store.queries.lists import ListOverview, ListSummary, MemberRow, ResolvedList

__all__ = [
    "DeletedList", "DeletedMember", "ExportResult", "ListOverview", "ListSummary", "MemberRow", "ResolvedList",
    "RestoredList", "add", "create", "delete", "deleted_from_json", "deleted_json", "export", "export_formats",
    "overviews", "refresh", "remove", "restore", "set_address", "show", "summaries",
]


def create(db: Database, name: str, *, release_id: int | None = None, query: str = "",
           contact_ids: Iterable[int] = ()) -> ResolvedList:
    """A new list: everyone the query finds (saved for refreshing) and/or people picked by hand."""
    ids = list(contact_ids)

    def work(session: Session) -> ResolvedList:
        list_store.create_list(session, name, release_id, query)
        if ids:
            list_store.add_by_hand(session, name.strip(), ids)
        return list_queries.resolve_list(session, name.strip())

    with paused_gc():
        return db.run(work)


def add(db: Database, name: str, contact_ids: Iterable[int]) -> int:
    ids = list(contact_ids)
    return db.run(lambda session: list_store.add_by_hand(session, name, ids))


def remove(db: Database, name: str, contact_ids: Iterable[int]) -> int:
    ids = list(contact_ids)
    return db.run(lambda session: list_store.remove_by_hand(session, name, ids))


def refresh(db: Database, name: str) -> int:
    """Add new matches of the saved query; hand-added people stay, people removed by hand stay out."""
    return db.run(lambda session: list_store.refresh(session, name))


def set_address(db: Database, name: str, contact_id: int, address: str) -> None:
    db.run(lambda session: list_store.set_address(session, name, contact_id, address))


def delete(db: Database, name: str) -> DeletedList:
    """Delete a list (people and history stay). The result undoes it with :func:`restore`."""
    return db.run(lambda session: list_store.delete_list(session, name))


def restore(db: Database, deleted: DeletedList, name: str | None = None) -> RestoredList:
    """Undo a delete: the same list (id, name or `name`, release, query, member rows with their chosen
    addresses and hand removals), and the events logged through it link to it again. People erased
    since stay out (`skipped`). A list of that name existing again is a UserError."""
    return db.run(lambda session: list_store.restore_list(session, deleted, name))


def show(db: Database, name: str) -> ResolvedList:
    with paused_gc(), db.read() as session:
        return list_queries.resolve_list(session, name)


def summaries(db: Database) -> list[ListSummary]:
    with db.read() as session:
        return list_queries.list_summaries(session)


def overviews(db: Database) -> list[ListOverview]:
    """Every list with how many people can be sent to now and how many are excluded (no member rows)."""
    with paused_gc(), db.read() as session:
        return list_queries.list_overviews(session)


def deleted_json(deleted: DeletedList) -> dict[str, Any]:
    """A deleted list as JSON values (ids, dates and flags only: no names or addresses)."""
    return {
        "send_list": {"id": deleted.id, "name": deleted.name, "release_id": deleted.release_id,
                      "query": deleted.query, "created_at": deleted.created_at.isoformat(),
                      "updated_at": deleted.updated_at.isoformat()},
        "members": [{"contact_id": m.contact_id, "contact_created_at": m.contact_created_at.isoformat(),
                     "email_id": m.email_id, "added_by": m.added_by, "removed": m.removed}
                    for m in deleted.members],
        "events": [{"id": event_id, "contact_id": contact_id} for event_id, contact_id in deleted.events],
    }


def deleted_from_json(data: object) -> DeletedList:
    """The :class:`DeletedList` written by :func:`deleted_json`; a UserError when it is not one."""
    try:
        if not isinstance(data, dict):
            raise TypeError(data)
        head = data["send_list"]
        members = tuple(
            DeletedMember(_int(m["contact_id"]), _when(m["contact_created_at"]),
                          None if m["email_id"] is None else _int(m["email_id"]), _text(m["added_by"]),
                          _flag(m["removed"]))
            for m in data["members"])
        events = tuple((_int(e["id"]), _int(e["contact_id"])) for e in data["events"])
        return DeletedList(_int(head["id"]), _text(head["name"]),
                           None if head["release_id"] is None else _int(head["release_id"]), _text(head["query"]),
                           _when(head["created_at"]), _when(head["updated_at"]), members, events)
    except (KeyError, TypeError, ValueError):
        raise UserError("not a deleted send-list (as `outreach lists delete NAME --json` writes it)") from None


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(value)
    return value


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(value)
    return value


def _when(value: object) -> datetime:
    when = datetime.fromisoformat(_text(value))
    if when.tzinfo is None:
        raise ValueError(value)
    return when


@dataclass(frozen=True, slots=True)
class ExportResult:
    file: str
    format: str
    written: int
    excluded: int
    losses: list[str]


def export_formats() -> tuple[str, ...]:
    try:
        from outreach.io.formats import FORMATS
    except ImportError:  # the export module is not there: the two formats written here
        return ("bcc", "csv")
    return tuple(FORMATS)


def _with_address(person: ContactDetail, email_id: int) -> ContactDetail:
    """The person with only the list's address for them, as primary: a send-list file never offers
    another (perhaps bounced or opted-out) address to send to."""
    chosen = tuple(dataclasses.replace(e, is_primary=True) for e in person.emails if e.id == email_id)
    return dataclasses.replace(person, emails=chosen)


def export(db: Database, name: str, fmt: str, target: str | Path,
           progress: Callable[[int], None] | None = None) -> ExportResult:
    """Write exactly the list's sendable members (never the excluded) in an export format."""
    target = Path(target)
    if fmt not in export_formats():
        raise UserError(f"--format: {fmt!r} is not one of {', '.join(export_formats())}")
    if target.is_dir():
        raise UserError(f"{target}: is a folder; give a file name")
    if not target.parent.exists():
        raise UserError(f"{target.parent}: no such folder")
    with paused_gc(), db.read() as session:
        resolved = list_queries.resolve_list(session, name)
        address = {m.id: m.email_id for m in resolved.members}
        try:
            from outreach.io.formats import Shape, format_losses, write_people
            from outreach.store.importing import export_rows, export_shape
        except ImportError:
            return _export_fallback(resolved, fmt, target)
        shape = export_shape(session)

        def people() -> Iterator[ContactDetail]:
            for person in export_rows(session, [m.id for m in resolved.members]):
                yield _with_address(person, address[person.id])

        result = write_people(fmt, target, people(), Shape(shape.emails, shape.phones, shape.notes_length),
                              progress)
        return ExportResult(str(target), fmt, result.written, len(resolved.excluded), format_losses(fmt))


def _export_fallback(resolved: ResolvedList, fmt: str, target: Path) -> ExportResult:
    """bcc and csv only, for when the export module is missing."""
    import csv

    partial = target.with_name(target.name + ".partial")
    with open(partial, "w", encoding="utf-8", newline="") as handle:
        if fmt == "bcc":
            for m in resolved.members:
                handle.write(f'"{m.name}" <{m.email}>\n' if m.name else f"{m.email}\n")
        else:
            writer = csv.writer(handle)
            writer.writerow(["Display Name", "Organization", "E-mail"])
            for m in resolved.members:
                writer.writerow([m.name, m.organization, m.email])
    partial.replace(target)
    return ExportResult(str(target), fmt, len(resolved.members), len(resolved.excluded), [])
