"""Consistent copies of a live database.

SQLite: `VACUUM INTO` writes a transactionally consistent, compacted copy while others keep
working -- never a file copy of a live WAL database, which can tear.
"""

from __future__ import annotations

import getpass
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
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


def backup_postgresql(engine: Engine, target: Path) -> Path:
    """pg_dump in its custom format (restore with pg_restore): a consistent snapshot of a live server."""
    tool = shutil.which("pg_dump")
    if tool is None:
        raise UserError("backing up a PostgreSQL database needs pg_dump (the PostgreSQL client tools)")
    url = engine.url
    target = target.expanduser().resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    command = [tool, "--format=custom", "--no-password", f"--file={partial}",
               f"--host={url.host or 'localhost'}", f"--port={url.port or 5432}",
               f"--username={url.username or getpass.getuser()}", f"--dbname={url.database or ''}"]
    options = str(url.query.get("options", ""))
    if "search_path=" in options:  # a team schema: back up that schema
        command.append(f"--schema={options.split('search_path=', 1)[1].split(',')[0].strip()}")
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=3600, check=False)
        if result.returncode != 0:
            raise UserError(f"pg_dump failed: {result.stderr.strip().splitlines()[-1] if result.stderr else '?'}")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def backup(engine: Engine, target: Path) -> Path:
    if engine.dialect.name == "sqlite":
        if not engine.url.database or engine.url.database == ":memory:":
            raise UserError("an in-memory database cannot be backed up")
        return backup_sqlite(engine, target)
    if engine.dialect.name == "postgresql":
        return backup_postgresql(engine, target)
    raise UserError(f"cannot back up a {engine.dialect.name} database")


def integrity_ok(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"


def check_is_outreach_backup(path: Path) -> None:
    """Refuse, before anything changes, a file that is not an intact Outreach database."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            has_contacts = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'contacts'").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise UserError(f"{path}: not a readable database ({exc})") from None
    if not ok or not has_contacts:
        raise UserError(f"{path}: not an intact Outreach backup; nothing was restored")


def restore_sqlite(engine: Engine, source_path: Path) -> None:
    """Copy a backup over the live database with SQLite's online backup API (page by page, under
    the target's write lock), then drop pooled connections so all see the restored file."""
    with closing(sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)) as source, engine.connect() as conn:
        target = conn.connection.dbapi_connection
        if not isinstance(target, sqlite3.Connection):
            raise UserError("only an SQLite database can be restored from a backup file")
        source.backup(target)
    engine.dispose()
