"""Turning plain rows into what the command line prints."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from outreach.domain.phones import format_international
from outreach.store.queries.contacts import ContactDetail, ContactRow


def plain(value: Any) -> Any:
    """Dataclasses, dates and tuples as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def contact_json(detail: ContactDetail) -> dict[str, Any]:
    data: dict[str, Any] = plain(detail)
    data["name"] = detail.display_name
    return data


def row_line(row: ContactRow) -> str:
    marks = ("!" if row.has_invalid else " ") + ("x" if row.do_not_contact else " ")
    parts = [f"{row.id:>6}", marks, row.name]
    if row.organization:
        parts.append(f"— {row.organization}")
    if row.primary_email:
        parts.append(f"<{row.primary_email}>")
    if row.primary_phone:
        parts.append(format_international(row.primary_phone))
    return " ".join(parts)


def detail_text(d: ContactDetail) -> str:
    lines = [f"{d.display_name}  (id {d.id}, version {d.version})"]
    if d.title or d.organization:
        lines.append("  " + ", ".join(x for x in (d.title, d.organization) if x))
    lines.append(f"  role: {d.role}" + (f"   country: {d.country}" if d.country else "")
                 + (f"   time zone: {d.time_zone}" if d.time_zone else ""))
    for e in d.emails:
        flag = "" if e.status == "valid" and not e.message else f"  [{e.status}: {e.message}]"
        lines.append(f"  email {e.label or '':8} {e.normalized or e.raw}{' (primary)' if e.is_primary else ''}{flag}")
    for p in d.phones:
        shown = format_international(p.e164, p.extension) if p.status != "invalid" else p.raw
        flag = "" if p.status == "valid" and not p.message else f"  [{p.status}: {p.message}]"
        lines.append(f"  phone {p.label or '':8} {shown}{' (primary)' if p.is_primary else ''}{flag}")
    if d.tags:
        lines.append("  beats: " + ", ".join(d.tags))
    if d.do_not_contact:
        lines.append(f"  DO NOT CONTACT since {d.dnc_date}: {d.dnc_reason}")
    if d.notes:
        lines.append("  notes: " + d.notes.replace("\n", "\n         "))
    for j in d.jobs:
        lines.append(f"  earlier: {j.title} at {j.organization} (until {j.ended})")
    if d.deleted_at:
        lines.append(f"  in the trash since {d.deleted_at:%Y-%m-%d %H:%M}")
    return "\n".join(lines)
