"""A read-only database or role: reading works, every change is refused with a clear message."""

import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from outreach.domain.contact import ContactInput
from outreach.services import contacts
from outreach.store.database import Database
from outreach.store.errors import DatabaseReadOnlyError


def test_a_writable_database_is_not_read_only(db: Database) -> None:
    assert db.read_only is False


def test_an_sqlite_file_opened_read_only(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    writer = Database.open(f"sqlite:///{path}")
    contacts.add_contact(writer, ContactInput(display_name="Ann Lee"))
    writer.close()
    reader = Database.open(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert reader.read_only
    assert [r.name for r in contacts.search(reader, "ann")] == ["Ann Lee"]
    with pytest.raises(DatabaseReadOnlyError):
        contacts.add_contact(reader, ContactInput(display_name="Bo Li"))
    reader.close()


@pytest.mark.pg
def test_a_read_only_postgresql_role(pg_url: str) -> None:
    owner = Database.open(pg_url)
    contacts.add_contact(owner, ContactInput(display_name="Ann Lee"))
    role = f"ro_{uuid.uuid4().hex[:10]}"
    schema = make_url(pg_url).query["options"].split("=", 1)[1].split(",")[0]
    with owner.engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{role}"'))
        conn.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{schema}" TO "{role}"'))
    reader = Database.open(make_url(pg_url).set(username=role))
    try:
        assert reader.read_only
        assert [r.name for r in contacts.search(reader, "ann")] == ["Ann Lee"]
        with pytest.raises(DatabaseReadOnlyError, match="permission denied"):
            contacts.add_contact(reader, ContactInput(display_name="Bo Li"))
    finally:
        reader.close()
        with owner.engine.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        owner.close()
