"""Noticing that someone else changed the data, so open views can refresh.

PostgreSQL: a connection of its own LISTENs to the notifications the schema's triggers send
(one per statement, carrying the table name). SQLite: `PRAGMA data_version` on a connection of
its own changes whenever any other connection commits. Polling either costs next to nothing, so
a window can ask every second or two.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

CHANNEL = "outreach_changes"
ANY = "*"


class ChangeWatcher:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: Any = None
        self._version: int | None = None
        self._open()

    def _open(self) -> None:
        if self._engine.dialect.name == "postgresql":
            import psycopg

            url = self._engine.url.set(drivername="postgresql")
            self._conn = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True)
            self._conn.execute(f"LISTEN {CHANNEL}")
        else:
            self._conn = self._engine.raw_connection()
            self._version = self._sqlite_version()

    def _sqlite_version(self) -> int:
        cursor = self._conn.cursor()
        try:
            cursor.execute("PRAGMA data_version")
            return int(cursor.fetchone()[0])
        finally:
            cursor.close()

    def poll(self) -> set[str]:
        """Tables changed by others since the last poll (SQLite cannot say which: {"*"})."""
        if self._conn is None:
            return set()
        if self._engine.dialect.name == "postgresql":
            return {n.payload or ANY for n in self._conn.notifies(timeout=0)}
        version = self._sqlite_version()
        changed = version != self._version
        self._version = version
        return {ANY} if changed else set()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

