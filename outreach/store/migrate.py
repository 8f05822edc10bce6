"""Bringing a database to the current schema with Alembic (scripts ship inside the package)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, inspect

from outreach.store.errors import DatabaseTooNewError, NotAnOutreachDatabaseError, StorageError

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _is_known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def ensure_current(engine: Engine, *, upgrade: bool = True, backup_dir: Path | None = None) -> bool:
    """Upgrade the database to the head revision if needed. Returns True when it migrated."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return False
    if current is not None and not _is_known(current):
        raise DatabaseTooNewError(
            f"this database was written by a newer version of Outreach (schema {current}); "
            "install the newer Outreach to open it"
        )
    if current is None:
        tables = [t for t in inspect(engine).get_table_names()
                  if not t.startswith("sqlite_") and t != "alembic_version"]
        if tables:
            raise NotAnOutreachDatabaseError(
                f"this database already holds other tables ({', '.join(sorted(tables)[:3])}…) "
                "and is not an Outreach database"
            )
    if not upgrade:
        raise StorageError("this database needs an upgrade: run `outreach db upgrade`")
    if current is not None:
        _backup_before_migration(engine, current, backup_dir)
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    log.info("database migrated from %s to %s", current, head)
    return True


def _backup_before_migration(engine: Engine, current: str, backup_dir: Path | None) -> None:
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return
    from outreach.store.backup import backup_sqlite

    source = Path(engine.url.database)
    folder = backup_dir or source.parent / "backups"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{source.stem}-before-upgrade-{current}-{stamp}.db"
    backup_sqlite(engine, target)
    log.info("backed up %s to %s before migrating", source, target)
