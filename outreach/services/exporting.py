"""Exporting people: a full export of everything (round-trips through our import) or a distribution
list that leaves out do-not-contact people and people without a usable e-mail address."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from outreach.domain.query import parse_query
from outreach.errors import UserError
from outreach.io.formats import FORMATS, Shape, format_losses, write_people
from outreach.services.importing import paused_gc
from outreach.store.database import Database
from outreach.store.importing import ExportPerson, export_people, export_shape
from outreach.store.queries.contacts import matching_ids

__all__ = ["FORMATS", "ExportReport", "export_contacts", "format_losses"]


@dataclass(slots=True)
class ExportReport:
    file: str
    format: str
    selected: int = 0
    written: int = 0
    left_out: dict[str, int] = field(default_factory=dict)  # reason → count
    losses: list[str] = field(default_factory=list)


def _usable_email(person: ExportPerson) -> bool:
    return any(e.status == "valid" and e.delivery_status == "ok" for e in person.emails)


def export_contacts(db: Database, fmt: str, target: str | Path, *, query: str = "", distribution: bool = False,
                    progress: Callable[[int], None] | None = None) -> ExportReport:
    if fmt not in FORMATS:
        raise UserError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    target = Path(target)
    if target.is_dir():
        raise UserError(f"{target}: is a folder; give a file name")
    if not target.parent.exists():
        raise UserError(f"{target.parent}: no such folder")
    report = ExportReport(str(target), fmt, losses=format_losses(fmt))
    # No cyclic GC while pages stream through (about a quarter of a CSV export): the rows hold no cycles.
    with paused_gc(), db.read() as session:
        ids = matching_ids(session, parse_query(query))
        report.selected = len(ids)
        shape = export_shape(session)

        def people() -> Iterator[ExportPerson]:
            for person in export_people(session, ids):
                if distribution:
                    if person.do_not_contact:
                        report.left_out["do-not-contact"] = report.left_out.get("do-not-contact", 0) + 1
                        continue
                    if not _usable_email(person):
                        reason = "no valid e-mail address (or it bounced / opted out)"
                        report.left_out[reason] = report.left_out.get(reason, 0) + 1
                        continue
                yield person

        result = write_people(fmt, target, people(), Shape(shape.emails, shape.phones, shape.notes_length),
                              progress)
    report.written = result.written
    if result.left_out:
        reason = "no valid e-mail address (the format needs one)"
        report.left_out[reason] = report.left_out.get(reason, 0) + result.left_out
    return report
