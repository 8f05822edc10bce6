"""The fast export paths give exactly what the slow ones give (ORM-built ContactDetail rows, per-cell guard)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput
from outreach.io.safety import is_phone_like, neutralise, neutralise_row
from outreach.services import contacts as contact_service
from outreach.services.exporting import export_contacts
from outreach.store.database import Database
from outreach.store.importing import ExportEmail, ExportPerson, ExportPhone, export_people, export_rows
from outreach.store.models import Contact

TRICKY = ["", "plain", "=1+2", "+44 20 7946 0958", "-5", "@home", "\tx", "\rx", "+1", "(555) 123-4567",
          "+12 34", "-12 3456", "=HYPERLINK(\"x\")", "ä, ö; ü", "line\nbreak", "back\\slash", "'=kept", "  ",
          "+٤٤٢٠٧٩٤٦٠٩٥٨", "123456", "12345", "+(0)20/7946.0958", "-", "+", "@"]


@pytest.fixture
def people_db(db_url: str) -> Iterator[Database]:
    database = Database.open(db_url)
    rng = random.Random(5)
    for n in range(60):
        emails = [EmailInput(rng.choice([f"p{n}@example.org", f"P{n}.x@gmial.com", "no at sign", "=x@y",
                                         f"ü{n}@bücher.de"]) + ("" if k == 0 else str(k)),
                             rng.choice(["", "work", "home", "Press Desk"]), k == 0)
                  for k in range(rng.choice([0, 1, 1, 2, 3]))]
        phones = [PhoneInput(rng.choice(["+44 20 7946 0958", "020 7946 0123", "12", "+1 212 555 0182",
                                         "1-800-FLOWERS"]) + str(k), rng.choice(["", "mobile", "fax", "x y"]),
                             k == 0) for k in range(rng.choice([0, 1, 2]))]
        dnc = rng.random() < 0.3
        contact_service.add_contact(database, ContactInput(
            display_name=rng.choice(TRICKY) + f" {n}", given_name=rng.choice(TRICKY), family_name=f"F{n}",
            title=rng.choice(TRICKY), organization=rng.choice(["", "Lima Post", "=Org", "Echo; News"]),
            country=rng.choice(["", "GB", "US"]), role=rng.choice(["journalist", "spokesperson", "other"]),
            notes=rng.choice(TRICKY), do_not_contact=dnc, dnc_reason="asked" if dnc else "",
            dnc_date=date(2024, 5, n % 28 + 1) if dnc and n % 2 else None,
            last_verified=date(2023, 1, 2) if n % 3 == 0 else None,
            socials={"x": "@p", "mastodon": "@p@ü.social"} if n % 4 == 0 else {},
            consent_basis=rng.choice(["", "legitimate interest"]), uid=f"uid-{n}" if n % 5 == 0 else None,
            tags=rng.sample(["health", "Tech", "=calc", "Food, Drink"], rng.choice([0, 1, 2])),
            emails=emails, phones=phones))
    yield database
    database.close()


def _plain(person: object, fields: tuple[str, ...]) -> dict[str, object]:
    out: dict[str, object] = {}
    for name in fields:
        value = getattr(person, name)
        if name == "emails":
            value = [{k: getattr(item, k) for k in ExportEmail._fields} for item in value]
        elif name == "phones":
            value = [{k: getattr(item, k) for k in ExportPhone._fields} for item in value]
        out[name] = value
    return out


def test_export_people_equals_export_rows(people_db: Database) -> None:
    with people_db.read() as session:
        ids = sorted(session.scalars(select(Contact.id)))
        rng = random.Random(1)
        for chosen in (ids, ids[::-1], rng.sample(ids, 17), ids[::7], []):
            for page in (5, 2000):
                slow = list(export_rows(session, chosen, page))
                fast = list(export_people(session, chosen, page))
                assert [p.id for p in fast] == [p.id for p in slow]
                fields = ExportPerson._fields
                for a, b in zip(fast, slow, strict=True):
                    expected = _plain(b, fields)
                    got = _plain(a, fields)
                    assert got == expected
                    assert all(type(got[k]) is type(expected[k]) for k in fields if k not in ("emails", "phones"))


@pytest.mark.parametrize("fmt", ["csv", "outlook", "google", "mailchimp", "vcard", "vcard4", "bcc", "xlsx"])
def test_every_format_writes_the_same_file_as_from_contact_details(people_db: Database, tmp_path: Path, fmt: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.services import exporting

    for distribution in (False, True):
        fast = tmp_path / f"fast-{fmt}-{distribution}.{fmt}"
        export_contacts(people_db, fmt, fast, distribution=distribution)
        with monkeypatch.context() as patch:
            patch.setattr(exporting, "export_people", export_rows)
            slow = tmp_path / f"slow-{fmt}-{distribution}.{fmt}"
            export_contacts(people_db, fmt, slow, distribution=distribution)
        if fmt == "xlsx":
            from openpyxl import load_workbook

            def cells(path: Path) -> list[tuple[object, ...]]:
                book = load_workbook(path, read_only=True)
                try:
                    return list(book.worksheets[0].iter_rows(values_only=True))
                finally:
                    book.close()
            assert cells(fast) == cells(slow)
        else:
            assert fast.read_bytes() == slow.read_bytes()


def test_neutralise_row_and_phone_check_agree_with_the_per_cell_rule() -> None:
    rng = random.Random(7)
    alphabet = "=+-@\t\r0123456789 ()./-ax'٤\n"
    values = TRICKY + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(20_000)]

    def old_phone_like(value: str) -> bool:
        import re
        return bool(re.fullmatch(r"\+?[0-9(][0-9 \-().\/]*", value)) and sum(c.isdigit() for c in value) >= 6

    assert [is_phone_like(v) for v in values] == [old_phone_like(v) for v in values]
    assert neutralise_row(values) == [neutralise(v) for v in values]
