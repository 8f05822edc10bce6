"""What readers hand to the import: one person per data row or card, with what was wrong in it."""

from __future__ import annotations

from dataclasses import dataclass, field

from outreach.domain.contact import ContactInput


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    field: str
    message: str


@dataclass(slots=True)
class ImportRow:
    """A row (CSV/XLSX) or card (vCard) read into a contact; values not yet validated."""

    line: int
    contact: ContactInput
    problems: list[Problem] = field(default_factory=list)
    # Parallel to contact.emails: a delivery status our own full export carries (ok/bounced/opted_out).
    email_delivery: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RowError:
    """A row or card that could not be read at all; nothing of it is imported."""

    line: int
    message: str


@dataclass(slots=True)
class Table:
    """A header row and the data rows under it, with the line each row starts on."""

    path: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]
    encoding: str = ""
    delimiter: str = ""
    errors: list[RowError] = field(default_factory=list)
