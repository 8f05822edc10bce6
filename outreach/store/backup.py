"""Consistent copies of a live database.

SQLite: `VACUUM INTO` writes a transactionally consistent, compacted copy while others keep
working -- never a file copy of a live WAL database, which can tear.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, text

from outreach.errors import UserError


def backup_sqlite(engine: Engine, target: Path) -> Path:
    target = target.expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("VACUUM INTO ?", (str(partial),))
        os.replace(partial, target)  # the backup appears whole or not at all
    finally:
        partial.unlink(missing_ok=True)
    return target


def backup(engine: Engine, target: Path) -> Path:
    if engine.dialect.name == "sqlite":
        if not engine.url.database or engine.url.database == ":memory:":
            raise UserError("an in-memory database cannot be backed up")
        return backup_sqlite(engine, target)
    raise UserError(
        f"backing up a {engine.dialect.name} database is done with the server's tools (pg_dump) for now"
    )


def integrity_ok(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
