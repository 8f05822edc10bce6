from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from outreach.domain.contact import ContactInput, EmailInput
from outreach.services import contacts
from outreach.store.backup import backup, integrity_ok
from outreach.store.database import Database
from outreach.store.migrate import alembic_config, current_revision, head_revision


def test_backup_is_a_consistent_copy_while_the_database_is_open(sqlite_db: Database, tmp_path: Path) -> None:
    contacts.add_contact(sqlite_db, ContactInput(display_name="Ann Lee", emails=[EmailInput("ann@x.example")]))
    target = backup(sqlite_db.engine, tmp_path / "copy.db")
    copy = Database.open(f"sqlite:///{target}")
    assert contacts.count(copy) == 1
    assert integrity_ok(copy.engine)
    assert not list(tmp_path.glob("*.partial"))
    copy.close()


def _downgrade(url: str, revision: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
    engine.dispose()


def test_opening_an_older_database_backs_it_up_then_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    url = f"sqlite:///{path}"
    db = Database.open(url)
    contacts.add_contact(db, ContactInput(display_name="Ann Lee"))
    db.close()
    _downgrade(url, "0001")

    reopened = Database.open(url)
    assert current_revision(reopened.engine) == head_revision()
    backups = list((tmp_path / "backups").glob("old-before-upgrade-0001-*.db"))
    assert len(backups) == 1
    old = create_engine(f"sqlite:///{backups[0]}")
    assert current_revision(old) == "0001"
    old.dispose()
    assert contacts.count(reopened) == 1
    reopened.close()


def test_without_upgrade_an_old_database_is_not_touched(tmp_path: Path) -> None:
    from outreach.store.errors import StorageError

    url = f"sqlite:///{tmp_path / 'old.db'}"
    Database.open(url).close()
    _downgrade(url, "0001")
    with pytest.raises(StorageError, match="outreach db upgrade"):
        Database.open(url, upgrade=False)
    engine = create_engine(url)
    assert current_revision(engine) == "0001"
    engine.dispose()


def test_migrations_run_down_to_empty_and_up_again(db_url: str) -> None:
    Database.open(db_url).close()
    _downgrade(db_url, "base")
    db = Database.open(db_url)
    assert current_revision(db.engine) == head_revision()
    db.close()


@pytest.mark.pg
def test_postgresql_backup_is_a_pg_dump_archive_of_the_team_schema(pg_url: str, tmp_path: Path) -> None:
    import shutil
    import subprocess

    if shutil.which("pg_restore") is None:
        pytest.skip("pg_restore is not installed")
    db = Database.open(pg_url)
    contacts.add_contact(db, ContactInput(display_name="Ann Lee"))
    target = backup(db.engine, tmp_path / "team.dump")
    listing = subprocess.run(["pg_restore", "--list", str(target)], capture_output=True, text=True, check=True)
    assert "TABLE DATA" in listing.stdout and " contacts " in listing.stdout
    assert not list(tmp_path.glob("*.partial"))
    db.close()


def test_the_search_index_of_an_upgraded_database_buffers_8_mb_and_still_finds_people(tmp_path: Path) -> None:
    """Migration 0008: FTS5 gathers 8 MB of terms before writing a segment (fewer merges on big imports)."""
    import sqlite3

    url = f"sqlite:///{tmp_path / 'old.db'}"
    Database.open(url).close()
    _downgrade(url, "0007")
    with sqlite3.connect(tmp_path / "old.db") as conn:
        assert conn.execute("SELECT v FROM contact_search_config WHERE k = 'hashsize'").fetchall() == []
    db = Database.open(url)
    try:
        added = contacts.add_contact(db, ContactInput(display_name="Zoë Ångström", emails=[EmailInput("zoe@x.org")]))
        assert [r.id for r in contacts.search(db, "angstr")] == [added.id]
    finally:
        db.close()
    with sqlite3.connect(tmp_path / "old.db") as conn:
        assert conn.execute("SELECT v FROM contact_search_config WHERE k = 'hashsize'").fetchall() == [(8 << 20,)]
