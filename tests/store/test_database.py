import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from outreach.store.database import Database
from outreach.store.errors import (
    DatabaseReadOnlyError,
    DatabaseTooNewError,
    NotAnOutreachDatabaseError,
    StorageError,
)
from outreach.store.migrate import current_revision, head_revision


def test_opening_a_new_database_creates_the_current_schema(db: Database) -> None:
    assert current_revision(db.engine) == head_revision()
    assert {"contacts", "organizations", "contact_emails", "contact_phones", "tags", "releases",
            "send_lists", "send_list_members", "outreach_events", "release_contacts"} <= set(db.table_names())


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_a_database_from_a_newer_outreach_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    Database.open(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(DatabaseTooNewError, match="newer version of Outreach"):
        Database.open(f"sqlite:///{path}")


def test_a_foreign_database_is_not_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(NotAnOutreachDatabaseError):
        Database.open(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:  # and nothing was added to it
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"invoices"}


def test_a_file_that_is_not_a_database_gives_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite at all, just text " * 100)
    with pytest.raises(StorageError) as info:
        Database.open(f"sqlite:///{path}")
    assert "\n" not in str(info.value)


def test_a_read_only_database_refuses_writes_with_a_clear_message(tmp_path: Path) -> None:
    from outreach.domain.contact import ContactInput
    from outreach.services import contacts

    path = tmp_path / "ro.db"
    Database.open(f"sqlite:///{path}").close()
    # SQLite's own read-only mode: refuses writes even for root, unlike file permissions.
    db = Database.open(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with pytest.raises(DatabaseReadOnlyError, match="read-only"):
            contacts.add_contact(db, ContactInput(display_name="A"))
        assert contacts.count(db) == 0
    finally:
        db.close()


def test_a_locked_database_reports_locked_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from outreach.domain.contact import ContactInput
    from outreach.services import contacts
    from outreach.store import database as database_module
    from outreach.store.errors import DatabaseLockedError

    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "locked.db"
    db = Database.open(f"sqlite:///{path}")
    other = sqlite3.connect(path, timeout=0.05)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLockedError, match="locked"):
            contacts.add_contact(db, ContactInput(display_name="A"))
    finally:
        other.rollback()
        other.close()
        db.close()


def test_bare_path_opens_an_sqlite_file(tmp_path: Path) -> None:
    db = Database.open(str(tmp_path / "plain.db"))
    assert db.dialect == "sqlite"
    assert db.name == "plain.db"
    db.close()


def test_error_classification_tells_environment_from_bugs() -> None:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from outreach.store.errors import PasswordRequiredError, ServerUnreachableError, classify

    def wrapped(cls: type, message: str) -> Exception:
        return cls("SELECT 1", {}, Exception(message))

    assert isinstance(classify(wrapped(OperationalError, 'database "press" does not exist')), ServerUnreachableError)
    assert isinstance(classify(wrapped(OperationalError, "fe_sendauth: no password supplied")),
                      PasswordRequiredError)
    assert isinstance(classify(wrapped(OperationalError, 'password authentication failed for user "a"')),
                      PasswordRequiredError)
    # A missing table or column is a bug in the program, not a server that went away.
    assert classify(wrapped(ProgrammingError, 'relation "contactz" does not exist')) is None


def test_checking_read_only_does_not_wait_for_another_writer(tmp_path: Path) -> None:
    import time

    path = tmp_path / "busy.db"
    Database.open(f"sqlite:///{path}").close()
    other = sqlite3.connect(path)
    other.execute("BEGIN IMMEDIATE")
    try:
        db = Database.open(f"sqlite:///{path}")
        started = time.perf_counter()
        assert db.read_only is False  # busy is not read-only
        assert time.perf_counter() - started < 1.0
        db.close()
    finally:
        other.rollback()
        other.close()
