"""The fast import paths store exactly what the plain ones store."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, text

from outreach.services import importing
from outreach.services.demo import generate
from outreach.store import bulk
from outreach.store.bulk import insert_contacts, insert_rows
from outreach.store.database import Database
from outreach.store.models import Contact, ContactEmail, table


def _dump(db: Database, sql: str) -> list[tuple[Any, ...]]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql(sql)]


def test_insert_rows_stores_what_core_stores(tmp_path: Path) -> None:
    when = datetime(2024, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
    rows = []
    for n in range(1, 50):
        row = {"id": n, "display_name": f"P{n}", "sort_name": f"p{n}", "given_name": "", "family_name": "",
               "title": "", "role": "journalist", "organization_id": None, "country": "", "time_zone": "",
               "time_zone_inferred": n % 2 == 0, "preferred_channel": "", "socials": {} if n % 3 else {"x": "@ü"},
               "notes": "", "do_not_contact": n % 5 == 0, "dnc_reason": "", "dnc_date": date(2024, 1, n % 28 + 1),
               "source": "file", "source_detail": "", "consent_basis": "", "last_verified": None, "uid": None,
               "deleted_at": None, "version": 1, "org_name": "", "primary_email": "", "primary_phone": "",
               "beats_text": "", "search_text": f"p{n}", "has_invalid": False, "created_at": when,
               "updated_at": datetime(2024, 3, 4, 5, 6, n, tzinfo=UTC)}
        rows.append(row)
    # No delivery_status: its scalar default applies, as in Core.
    emails = [{"contact_id": n, "position": 0, "label": "work", "is_primary": True, "raw": f"p{n}@x.org",
               "normalized": f"p{n}@x.org", "key": f"p{n}@x.org", "status": "valid", "message": "",
               "suggestion": "", "checked_at": when if n % 2 else None, "checked_with": "t"} for n in range(1, 50)]
    dumps = []
    for name, fast in (("fast", True), ("core", False)):
        db = Database.open(f"sqlite:///{tmp_path / name}.db")
        with db.session() as session:
            if fast:
                insert_rows(session, table(Contact), rows)
                insert_rows(session, table(ContactEmail), emails)
            else:
                session.execute(insert(table(Contact)), rows)
                session.execute(insert(table(ContactEmail)), emails)
        dumps.append((_dump(db, "SELECT * FROM contacts ORDER BY id"), _dump(db, "SELECT * FROM contact_emails")))
        db.close()
    assert dumps[0] == dumps[1]


def test_insert_contacts_fast_and_core_give_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = generate(1200, seed=8)
    for n, person in enumerate(prepared):
        if n % 7 == 3:  # callers may leave columns out: they get the column's default, as with Core
            person.columns.pop("notes", None)
            person.columns.pop("socials", None)
        if n % 11 == 5:  # a column the first person leaves out
            person.columns["notes"] = f"met at the fair {n}"
        if n % 5 == 1:
            person.columns["socials"] = {"x": f"@p{n}"}
            person.columns["primary_email"] = "overridden by the derived value"
    columns = ", ".join(c.name for c in table(Contact).columns if c.name not in ("created_at", "updated_at"))
    dumps = []
    for name in ("fast", "core"):
        if name == "core":  # the plain path: Core inserts row dicts, 2000 at a time
            monkeypatch.setattr(bulk, "DEFER_INDEX_FROM", 10**9)
        db = Database.open(f"sqlite:///{tmp_path / name}.db")
        with db.session() as session:
            insert_contacts(session, prepared)
        dumps.append([_dump(db, f"SELECT * FROM {t} ORDER BY 1, 2") for t in
                      ("contact_emails", "contact_phones", "contact_tags")]
                     + [_dump(db, f"SELECT {columns} FROM contacts ORDER BY id")])
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA cache_size")).scalar() == -2000  # the connection's setting is back
        db.close()
    assert dumps[0] == dumps[1]


def test_parallel_import_reports_and_stores_what_a_serial_one_does(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "people.csv"
    with open(source, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "E-mail Address", "Mobile Phone", "Business Phone", "Categories"])
        for n in range(3000):
            writer.writerow([f"G{n % 700}", f"F{n % 900}", f"g{n % 2500}@outlet{n % 40}.example.com"
                             if n % 11 else "broken at mail", f"+44 7911 {n % 1000:03d}{n % 7:03d}",
                             f"020 7946 {n % 9999:04d}" if n % 3 else "12", "politics;tech" if n % 2 else "food"])
    outcomes = []
    for name, parallel in (("serial", False), ("parallel", True)):
        monkeypatch.setattr(importing, "PARALLEL_FILE_BYTES", 0 if parallel else 10**12)
        monkeypatch.setattr(importing, "PARALLEL_AT", 0)
        monkeypatch.setattr(importing, "CHECK_CHUNK", 500)
        monkeypatch.setattr(importing, "SINK_BATCH", 400)
        db = Database.open(f"sqlite:///{tmp_path / name}.db")
        report = importing.import_file(db, source, region="GB")
        outcomes.append(([(o.line, o.action, o.contact_id, o.reason, o.problems) for o in report.outcomes],
                         report.created, report.merged, report.invalid_values,
                         _dump(db, "SELECT contact_id, raw, normalized, status, message FROM contact_emails "
                                   "ORDER BY id"),
                         _dump(db, "SELECT contact_id, raw, e164, status, message FROM contact_phones ORDER BY id"),
                         _dump(db, "SELECT id, time_zone, time_zone_inferred, search_text FROM contacts ORDER BY id")))
        db.close()
    assert outcomes[0] == outcomes[1]
