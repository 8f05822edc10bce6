"""What the import wizard and the export dialog need, as plain values.

A thin layer over :mod:`outreach.services.importing`, :mod:`outreach.services.exporting` and
:mod:`outreach.io.mapping`, so the GUI imports one services module and never a reader or a writer.
Nothing here decides anything the services do not already decide.
"""

from __future__ import annotations

import csv
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from outreach.errors import UserError
from outreach.io import mapping as mapping_io
from outreach.io.atomic import atomic_path
from outreach.io.formats import EXTENSIONS, FORMATS, bcc_line
from outreach.io.mapping import Mapping, PreviewRow
from outreach.io.records import Table
from outreach.services import contacts as contact_service
from outreach.services.exporting import ExportReport, export_contacts, format_losses, unique_ids
from outreach.services.importing import (
    IMPORT_FORMATS,
    ImportCancelled,
    ImportReport,
    Progress,
    RowOutcome,
    detect_format,
    import_file,
    read_file,
)
from outreach.settings import default_region
from outreach.store.database import Database

__all__ = [
    "EXTENSIONS", "FORMATS", "IMPORT_FORMATS", "ExportCancelled", "ExportReport", "FileInfo", "ImportCancelled",
    "ImportReport", "LeaveOut", "Mapping", "PreviewRow", "Progress", "ReportLine", "RowOutcome", "bcc_for",
    "default_region", "export", "format_losses", "guess_mapping", "import_file", "inspect_file",
    "leave_out_preview", "load_mapping", "preview", "report_lines", "save_mapping", "saved_mappings",
    "write_report",
]

DNC = "do-not-contact"
NO_EMAIL = "no valid e-mail address (or it bounced / opted out)"


@dataclass(slots=True)
class FileInfo:
    """A contact file as the wizard shows it before anything is imported."""

    path: Path
    format: str
    encoding: str = ""
    delimiter: str = ""
    headers: list[str] = field(default_factory=list)
    samples: dict[str, str] = field(default_factory=dict)  # header → first non-empty value
    rows: int = 0
    table: Table | None = None
    cards: list[PreviewRow] = field(default_factory=list)  # vCard: the first cards, as the import reads them


def inspect_file(path: str | Path, fmt: str | None = None, encoding: str | None = None,
                 limit: int = 20, *, delimiter: str | None = None) -> FileInfo:
    """Read a file's header and rows (CSV/XLSX) or cards (vCard); InputFileError if it cannot be read.

    `delimiter` (CSV only) overrides the one sniffed from the file; `FileInfo.delimiter` is the one used.
    """
    path = Path(path)
    kind = detect_format(path, fmt)
    if kind == "vcard":
        read = read_file(path, "vcard", None, encoding)
        cards = [PreviewRow(r.line, r.contact.name(), r.contact.organization, [e.raw for e in r.contact.emails],
                            [p.raw for p in r.contact.phones], list(r.contact.tags),
                            [f"{p.field}: {p.message}" for p in r.problems]) for r in read.rows[:limit]]
        return FileInfo(path, kind, read.encoding, rows=read.total, cards=cards)
    if kind == "xlsx":
        from outreach.io.xlsx import read_xlsx_table

        table = read_xlsx_table(path)
    else:
        from outreach.io.csv_format import read_csv_table

        table = read_csv_table(path, encoding, delimiter)
    samples: dict[str, str] = {}
    for _line, cells in table.rows[:200]:
        for header, value in zip(table.headers, cells, strict=False):
            if header not in samples and value.strip():
                samples[header] = value.strip()
    return FileInfo(path, kind, table.encoding, table.delimiter, list(table.headers), samples,
                    len(table.rows) + len(table.errors), table)


def guess_mapping(headers: Sequence[str]) -> Mapping:
    return mapping_io.guess_mapping(list(headers))


def preview(info: FileInfo, mapping: Mapping | None, region: str | None, limit: int = 20) -> list[PreviewRow]:
    """The first rows as the import would read them, with their problems (vCard: as read)."""
    if info.table is None:
        return list(info.cards[:limit])
    return mapping_io.preview(info.table, mapping, limit=limit, region=region)


def saved_mappings() -> list[str]:
    return mapping_io.saved_mappings()


def save_mapping(name: str, mapping: Mapping) -> Path:
    return mapping_io.save_mapping(name, mapping)


def load_mapping(name: str) -> Mapping:
    return mapping_io.load_mapping(name)


# --- the import report ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ReportLine:
    line: int
    field: str
    outcome: str
    reason: str


_ORDER = {"error": 0, "problem": 1, "skipped": 2, "merged": 3, "unchanged": 4, "created": 5}


def report_lines(report: ImportReport) -> list[ReportLine]:
    """One line per problem or outcome: unreadable rows first, then rows with problems, then the rest."""
    out: list[tuple[int, ReportLine]] = []
    for o in report.outcomes:
        for p in o.problems:
            out.append((_ORDER["problem"], ReportLine(o.line, p.get("field", ""), o.action, p.get("message", ""))))
        if o.action == "error" or o.reason or not o.problems:
            reason = o.reason or (f"{o.name}" + (f" (contact {o.contact_id})" if o.contact_id else ""))
            out.append((_ORDER.get(o.action, 9), ReportLine(o.line, "", o.action, reason)))
    out.sort(key=lambda item: (item[0], item[1].line))
    return [line for _, line in out]


def write_report(path: str | Path, lines: Iterable[ReportLine]) -> None:
    """The report as CSV (written atomically)."""
    with atomic_path(Path(path)) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Line", "Field", "Outcome", "Reason"])
        for r in lines:
            writer.writerow([r.line, r.field, r.outcome, _cell(r.reason)])


def _cell(value: str) -> str:
    from outreach.io.safety import neutralise

    return neutralise(value)


# --- export --------------------------------------------------------------------------------------

class ExportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__("export cancelled; no file was written (an existing file was left as it was)")


def export(db: Database, fmt: str, target: str | Path, *, query: str = "", distribution: bool = False,
           ids: Sequence[int] | None = None, progress: Callable[[int], None] | None = None,
           cancel: threading.Event | None = None) -> ExportReport:
    """:func:`export_contacts` (the people `query` selects, or exactly these `ids`) that stops, writing
    nothing, when `cancel` is set."""

    def tick(done: int) -> None:
        if cancel is not None and cancel.is_set():
            raise ExportCancelled
        if progress is not None:
            progress(done)

    if cancel is not None and cancel.is_set():
        raise ExportCancelled
    return export_contacts(db, fmt, target, query=query, distribution=distribution, ids=ids, progress=tick)


@dataclass(frozen=True, slots=True)
class LeaveOut:
    selected: int
    left_out: dict[str, int]

    @property
    def total_left_out(self) -> int:
        return sum(self.left_out.values())


def leave_out_preview(db: Database, fmt: str, query: str, distribution: bool,
                      ids: Sequence[int] | None = None) -> LeaveOut:
    """Who an export would leave out, and why, without writing the file (a throw-away BCC export).

    The BCC writer leaves out exactly the people the mail formats (BCC, Mailchimp) cannot hold, so a
    throw-away BCC export gives the right counts for a distribution export in any format. With `ids`,
    the people with these ids instead of the query's.
    """
    if not distribution and fmt not in ("bcc", "mailchimp"):
        if ids is not None:
            return LeaveOut(len(unique_ids(ids)), {})
        return LeaveOut(contact_service.count(db, query), {})
    with tempfile.TemporaryDirectory(prefix="outreach-export-check-") as folder:
        report = export_contacts(db, "bcc", Path(folder) / "check.txt", query=query, distribution=distribution,
                                 ids=ids)
    return LeaveOut(report.selected, dict(report.left_out))


def bcc_for(db: Database, ids: Sequence[int]) -> tuple[list[str], dict[str, int]]:
    """'Name <address>' lines for these people under the distribution rules, and who was left out, why."""
    lines: list[str] = []
    left_out: dict[str, int] = {}
    for contact_id in ids:
        person = contact_service.get_contact(db, contact_id)
        if person.do_not_contact:
            left_out[DNC] = left_out.get(DNC, 0) + 1
            continue
        line = bcc_line(person)
        if line is None:
            left_out[NO_EMAIL] = left_out.get(NO_EMAIL, 0) + 1
            continue
        lines.append(line)
    return lines, left_out
