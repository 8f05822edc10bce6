"""A big file is matched and written a slice at a time; the result must not depend on where slices end.

Each file is imported twice into fresh databases -- whole, and in slices of two rows, so that nearly
every repeated person meets their first row in an earlier, already written slice -- and both databases
must export the same full CSV and the reports must say the same of every row.
"""

from __future__ import annotations

import csv
import dataclasses
import multiprocessing
import random
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput
from outreach.services import contacts, importing
from outreach.services.exporting import export_contacts
from outreach.services.import_history import history, roll_back
from outreach.services.importing import import_file
from outreach.store import bulk
from outreach.store.database import Database

FORMATS = Path(__file__).parent.parent / "data" / "formats"


def repeats_csv(path: Path) -> Path:
    """People repeated far apart and written differently: upper-case address, a new phone, a beat, a title."""
    rng = random.Random(7)
    # The stored Known Person's number and name, on a row with another address: it must not come between
    # them and the last row (no address, same number and name), however far apart the two rows are.
    rows = [["Known", "Person", "known.elsewhere@outlet9.example", "+44 20 7946 0958", "", "", ""],
            ["Bob", "Jones", "alice.smith@outlet8.example", "+44 20 7946 0777", "", "", ""]]
    for n in range(40):
        rows.append([f"Given{n}", f"Family{n}", f"person{n}@outlet{n % 5}.example",
                     f"+44 20 7946 {n:04d}" if n % 3 else "", "" if n % 4 else f"Outlet {n % 5}", "", "climate"])
    rows.append(["Bad", "Number", "bad.number@outlet1.example", "n/a", "", "", ""])  # kept, marked invalid
    for n in rng.sample(range(40), 25):
        rows.append([f"Given{n}", f"Family{n}", f"PERSON{n}@OUTLET{n % 5}.example", f"+1 212 875 {n:04d}",
                     f"Outlet {n % 5}", "Editor", "politics"])
    for n in range(5):  # phone-only people, the second time with the same number and name
        rows.append([f"Solo{n}", "Phone", "", f"020 7946 {n + 100:04d}", "", "", ""])
        rows.append([f"Solo{n}", "Phone", "", f"+44 20 7946 {n + 100:04d}", "", "Producer", ""])
    rows.append(["Bad", "Number", "BAD.NUMBER@outlet1.example", "n/a", "", "", ""])  # the same invalid number
    rows.append(["Known", "Person", "", "020 7946 0958", "", "Producer", ""])
    rows.append(["Alice", "Smith", "", "020 7946 0777", "", "", ""])
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "E-mail Address", "Business Phone", "Company", "Job Title",
                         "Categories"])
        writer.writerows(rows)
    return path


def imported(tmp_path: Path, name: str, source: Path, slice_rows: int, monkeypatch: pytest.MonkeyPatch,
             ) -> tuple[Database, list[tuple[int, str, int | None, str, list[dict[str, str]]]], str, list[Any]]:
    monkeypatch.setattr(importing, "STREAM_ROWS", slice_rows)
    monkeypatch.setattr(importing, "DEFER_INDEX_FROM", 0)  # the search index written by slices, as for big files
    monkeypatch.setattr(bulk, "PIPELINE_CHUNK", 1 if slice_rows < 10 else 12_000)  # several chunks a slice
    db = Database.open(str(tmp_path / f"{name}.db"))
    known = contacts.add_contact(db, ContactInput(display_name="Known Person",
                                                  emails=[EmailInput("person3@outlet3.example")],
                                                  phones=[PhoneInput("+44 20 7946 0958")]))
    assert known.id == 1
    # Two stored people with the same name and number (a row with an address never matches by number, so
    # such pairs happen): a row with neither's address but the number must find one of them, the same one
    # in every slicing -- though the second is found, by its address, by an earlier row.
    for address in ("", "alice.smith@outlet8.example"):
        contacts.add_contact(db, ContactInput(display_name="Alice Smith", phones=[PhoneInput("+44 20 7946 0777")],
                                              emails=[EmailInput(address)] if address else []))
    report = import_file(db, source, region="GB")
    export_contacts(db, "csv", tmp_path / f"{name}.csv")
    outcomes = [(o.line, o.action, o.contact_id, o.reason, o.problems) for o in report.outcomes]
    return db, outcomes, (tmp_path / f"{name}.csv").read_text(encoding="utf-8-sig"), people(db)


def people(db: Database) -> list[Any]:
    """Everything stored about everyone but the moments it was written and the ids of other rows,
    with what the list shows (primary address and number, the search text behind it)."""
    found = []
    for person in contacts.search_details(db, "", limit=None):
        fields = dataclasses.asdict(person)
        for name in ("created_at", "updated_at", "organization_id"):  # organisations are named in any order
            fields.pop(name)
        for kind in ("emails", "phones"):
            for row in fields[kind]:
                row.pop("id")
        found.append(fields)
    return found + [dataclasses.astuple(r) for r in contacts.search(db, "", limit=1000)]


@pytest.mark.parametrize(("source", "lookups"), [
    ("repeats", "second connection"), ("repeats", "one connection"), ("outlook_contacts.csv", "second connection"),
    ("google_contacts.csv", "second connection"), ("contacts_v3.vcf", "second connection"),
    ("mailchimp_audience.csv", "second connection")])
def test_slices_give_the_same_people_and_report(source: str, lookups: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Slices of two rows: a writer thread inserts each slice while the next is matched, and stored people
    are looked up on a second connection that does not see the import's own people (with one connection,
    as for a database in memory, the look-ups wait for the writer and see them)."""
    path = repeats_csv(tmp_path / "repeats.csv") if source == "repeats" else FORMATS / source
    whole_db, whole, whole_csv, whole_people = imported(tmp_path, "whole", path, 100_000, monkeypatch)
    if lookups == "one connection":
        monkeypatch.setattr(importing, "_lookup_connection", lambda db: nullcontext(None))
    sliced_db, sliced, sliced_csv, sliced_people = imported(tmp_path, "sliced", path, 2, monkeypatch)
    try:
        assert sliced == whole
        assert sliced_csv == whole_csv
        assert sliced_people == whole_people
        if source == "repeats":
            assert sum(1 for o in whole if o[1] == "merged") >= 25  # the case this test is about happened
            assert whole[-2][2] == 1 and whole[0][2] != 1  # Known Person's last row is them, the first is not
            assert whole[1][2] == 3 and whole[-1][2] == 2  # Bob's address is the second Alice's; the row is the first
        for db in (whole_db, sliced_db):  # the search index holds every person once, and finds them
            db.run(lambda s: s.execute(text("INSERT INTO contact_search(contact_search) VALUES ('integrity-check')")))
            for person in contacts.search_details(db, "", limit=None):
                assert person.id in [r.id for r in contacts.search(db, person.display_name[-6:], limit=None)]
    finally:
        whole_db.close()
        sliced_db.close()


def test_a_sliced_import_rolls_back_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, _, _, _ = imported(tmp_path, "sliced", repeats_csv(tmp_path / "repeats.csv"), 2, monkeypatch)
    try:
        (batch,) = history(db)
        removed, reverted = roll_back(db, batch.id)
        # everyone the file created is gone for good (untouched since, even when later rows added to them)
        assert removed == batch.created and contacts.count(db, "is:deleted") == 0
        assert [r.name for r in contacts.search(db, "")] == ["Alice Smith", "Alice Smith", "Known Person"]
        assert reverted == 3 and contacts.get_contact(db, 1).title == ""  # the stored people the file added to
        assert [contacts.get_contact(db, n).given_name for n in (2, 3)] == ["", ""]
    finally:
        db.close()


def test_a_cancelled_big_import_stops_its_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "PARALLEL_FILE_BYTES", 0)  # two worker processes, as for a big file
    monkeypatch.setattr(importing, "PARALLEL_AT", 0)
    monkeypatch.setattr(importing, "SINK_BATCH", 50)  # values handed over as the file is read, in small chunks
    monkeypatch.setattr(importing, "CHECK_CHUNK", 50)
    monkeypatch.setattr(importing, "STREAM_ROWS", 500)
    path = tmp_path / "many.csv"
    path.write_text("Name,E-mail Address,Business Phone\n" + "".join(
        f"Person {n},p{n}@outlet.example,+44 20 7946 {n:04d}\n" for n in range(3000)), encoding="utf-8")
    db = Database.open(str(tmp_path / "t.db"))
    try:
        # The error is kept, as a window keeps it to show: its traceback holds the importer alive.
        with pytest.raises(importing.ImportCancelled) as caught:
            import_file(db, path, progress=lambda done, total: done < 2000)  # cancelled at row 2,000
        assert contacts.count(db) == 0
        deadline = time.monotonic() + 20
        while multiprocessing.active_children() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert multiprocessing.active_children() == [] and caught.value is not None
    finally:
        db.close()


@pytest.mark.parametrize("total", [0, 1, 31_999, 32_000, 32_001, 100_000, 1_000_003])
def test_a_big_file_goes_in_short_first_and_last_slices_and_even_ones_between(total: int) -> None:
    """The writer starts after a short first slice, and little is left once the workers are done."""
    slices = importing._slices(total)
    assert [n for first, end in slices for n in range(first, end)] == list(range(total))  # every row once
    sizes = [end - first for first, end in slices]
    assert all(0 < size <= importing.STREAM_ROWS for size in sizes)
    if total > importing.STREAM_ROWS:
        assert sizes[0] == sizes[-1] == importing.EDGE_SLICE
        assert max(sizes[1:-1]) - min(sizes[1:-1]) <= 1
    else:
        assert len(slices) == (1 if total else 0)


def test_a_big_import_into_a_database_in_memory_works_on_its_one_connection(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database in memory has one connection, which may not change threads: no writer thread there."""
    monkeypatch.setattr(importing, "STREAM_ROWS", 2)
    monkeypatch.setattr(importing, "DEFER_INDEX_FROM", 0)
    db = Database.open("sqlite://")
    try:
        report = import_file(db, repeats_csv(tmp_path / "repeats.csv"), region="GB")
        assert report.errors == 0 and report.created == contacts.count(db, "") > 40
        assert report.merged >= 25  # rows of later slices found the people earlier slices wrote
        dry = import_file(db, repeats_csv(tmp_path / "repeats.csv"), region="GB", dry_run=True)
        assert dry.created == 0 and dry.merged + dry.unchanged == report.created + report.merged + report.unchanged
    finally:
        db.close()
