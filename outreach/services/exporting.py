"""Exporting people: a full export of everything (round-trips through our import) or a distribution
list that leaves out do-not-contact people and people without a usable e-mail address.

Who is exported is chosen by a search (default: everyone not in the trash) or by ids (the selection in
the window, `contacts export --ids`): exactly those people, in that order, trashed ones included.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from outreach.domain.query import parse_query
from outreach.errors import UserError
from outreach.io.formats import FORMATS, Shape, format_losses, write_people
from outreach.services.importing import paused_gc
from outreach.store.database import Database
from outreach.store.importing import ExportPerson, export_people, export_shape
from outreach.store.queries.contacts import matching_ids

__all__ = ["FORMATS", "NOT_FOUND", "ExportReport", "export_contacts", "format_losses", "unique_ids"]

NOT_FOUND = "no such contact (deleted for good?)"


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


def unique_ids(ids: Sequence[int]) -> list[int]:
    """The ids in their order, each once."""
    return list(dict.fromkeys(int(i) for i in ids))


def export_contacts(db: Database, fmt: str, target: str | Path, *, query: str = "", distribution: bool = False,
                    ids: Sequence[int] | None = None,
                    progress: Callable[[int], None] | None = None) -> ExportReport:
    """Write the people `query` selects, or exactly the people with these `ids` (not both).

    Ids that name nobody (erased, or never there) are counted as left out with :data:`NOT_FOUND`.
    """
    if ids is not None and query.strip():
        raise UserError("export either the people a query selects or people by id, not both")
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
        chosen = unique_ids(ids) if ids is not None else matching_ids(session, parse_query(query))
        report.selected = len(chosen)
        shape = export_shape(session)
        found = 0

        def people() -> Iterator[ExportPerson]:
            nonlocal found
            for person in export_people(session, chosen):
                found += 1
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
    if found < len(chosen):
        report.left_out[NOT_FOUND] = len(chosen) - found
    if result.left_out:
        reason = "no valid e-mail address (the format needs one)"
        report.left_out[reason] = report.left_out.get(reason, 0) + result.left_out
    return report
