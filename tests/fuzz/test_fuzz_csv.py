"""Fuzzing CSV import: mutated real exports and generated tables; only a report or a UserError comes out."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fuzzlib import STRUCTURE_TOKENS, check_import, mutated, seeds
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.store.database import Database

FUZZ = settings.get_profile("fuzz")
CSV_SEEDS = seeds("formats/*.csv", "formats/*.txt", "bad/*.csv", limit=8_000)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-csv")


@pytest.fixture(scope="module")
def db(workdir: Path) -> Iterator[Database]:
    database = Database.open(f"sqlite:///{workdir / 'fuzz.db'}")
    yield database
    database.close()


@FUZZ
@given(data=mutated(CSV_SEEDS, STRUCTURE_TOKENS), name=st.sampled_from(["in.csv", "in.txt", "in.tsv"]),
       dry_run=st.booleans())
def test_mutated_csv_imports_or_is_refused(db: Database, workdir: Path, data: bytes, name: str,
                                           dry_run: bool) -> None:
    path = workdir / name
    path.write_bytes(data)
    check_import(db, path, dry_run=dry_run)


HEADERS = ["Name", "First Name", "Last Name", "E-mail Address", "Email", "Phone", "Mobile Phone", "Company",
           "Job Title", "Notes", "Categories", "Country", "Do Not Contact", "DNC Date", "Socials", "UID",
           "E-mail 1 - Value", "E-mail 1 - Label", "Phone 1 - Value", "Notes (cont. 1)", "Vorname", "Nachname",
           "Telefon", "Whatever", "", "Email"]
# Text a person could type into a cell (control characters and NUL have their own corpus cases).
_PRINTABLE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), include_characters="\n")
VALUES = st.one_of(
    st.sampled_from(["Ann Lee", "ann@example.org", "+44 20 7946 0958", "(212) 555-0143", "yes", "2026-13-45",
                     "{\"x\": 1}", "[1, 2]", "a ::: b", "* myContacts", "=cmd|' /C calc'!A0", "'=1+1", "+1+1",
                     "@SUM(A1)", "-2+3", "\u202eeeL nnA", "\u200b", "GB", "gbr", "", " ", "\t", "\"", "'",
                     "x" * 5000]),
    st.text(alphabet=_PRINTABLE, max_size=30),
    st.text(alphabet=st.sampled_from(",;\t|\"' \r\nab@+=-"), max_size=12),
)


@st.composite
def tables(draw: Any) -> tuple[bytes, int]:
    """A CSV as a spreadsheet or mail tool writes it (properly quoted), and how many data rows it has."""
    headers = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8))
    if not any(h in ("Name", "Email", "Phone") for h in headers):
        headers.append("Email")
    width = len(headers)
    rows = draw(st.lists(st.lists(VALUES, min_size=width, max_size=width), max_size=12))
    # csv.writer quotes a lone CR only when it is part of its line terminator; spreadsheets always do.
    rows = [[v.replace("\r\n", "\n").replace("\r", "\n") for v in row] for row in rows]
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\r\n", "\n"])),
                        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])))
    writer.writerow(headers)
    writer.writerows(rows)
    text = buf.getvalue()
    rows = [r for r in rows if any(c.strip() for c in r)]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace"), len(rows)


@FUZZ
@given(table=tables())
def test_generated_csv_imports_or_is_refused(db: Database, workdir: Path, table: tuple[bytes, int]) -> None:
    data, rows = table
    path = workdir / "table.csv"
    path.write_bytes(data)
    report = check_import(db, path, dry_run=True)
    # A properly quoted file with a name, e-mail or phone column is never refused, and every row is read.
    assert report is not None
    assert report.rows == rows, report.outcomes
