"""Opening a database: engine set-up, migration to the current schema, sessions.

Opening upgrades an older database (after an online backup, on SQLite) and refuses one written
by a newer Outreach. SQLite runs with WAL, foreign keys and a busy timeout.
"""

from __future__ import annotations

import getpass
import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from outreach.errors import UserError
from outreach.store import migrate
from outreach.store.errors import TransientError, translated
from outreach.store.passwords import with_password
from outreach.store.search_repair import repair_search_index

if TYPE_CHECKING:
    from outreach.store.changes import ChangeWatcher

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
T = TypeVar("T")


def parse_url(text: str) -> URL:
    """A database URL; a bare path means an SQLite file."""
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))
    try:
        return make_url(text)
    except ArgumentError:
        raise UserError(f"{text!r} is not a database URL (sqlite:///file.db or postgresql+psycopg://…)") from None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def make_engine(url: URL, **kwargs: Any) -> Engine:
    if url.get_backend_name() == "sqlite":
        path = url.database
        if path and path != ":memory:" and not path.startswith("file:"):  # URI filenames name an existing file
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if url.get_backend_name() == "postgresql":
        if url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        url = with_password(url)
        # Never wait on a terminal for a password; fail with a message instead.
        query = dict(url.query)
        query.setdefault("connect_timeout", "10")
        url = url.set(query=query)
        return create_engine(url, pool_pre_ping=True, **kwargs)
    raise UserError(f"unsupported database {url.get_backend_name()!r}: use sqlite or postgresql")


def _actor(engine: Engine) -> str:
    """Who is at the keyboard, for the audit trail: the OS user, plus the role on a server."""
    try:
        person = getpass.getuser()
    except (KeyError, OSError):  # no user name in this environment
        person = "unknown"
    if engine.dialect.name == "postgresql" and engine.url.username:
        return f"{person} ({engine.url.username}@{engine.url.host or 'localhost'})"
    return person


class Database:
    """An open, current Outreach database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = engine.url
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.actor = _actor(engine)

    @classmethod
    def open(cls, url: str | URL, *, upgrade: bool = True, backup_dir: Path | None = None,
             pool: bool = True) -> Database:
        parsed = parse_url(url) if isinstance(url, str) else url
        engine = make_engine(parsed, **({} if pool else {"poolclass": NullPool}))
        try:
            with translated():
                migrate.ensure_current(engine, upgrade=upgrade, backup_dir=backup_dir)
                if upgrade:
                    repair_search_index(engine)
        except BaseException:
            engine.dispose()
            raise
        return cls(engine)

    @cached_property
    def read_only(self) -> bool:
        """True when this connection may read but not change the data (read-only file or role)."""
        with translated(), self.engine.connect() as conn:
            if self.dialect == "postgresql":
                standby = conn.execute(text("SHOW transaction_read_only")).scalar() == "on"
                may_write = conn.execute(text(
                    "SELECT has_table_privilege(current_user, 'contacts', 'INSERT') "
                    "AND has_table_privilege(current_user, 'contacts', 'UPDATE')")).scalar()
                return standby or not may_write
            # A write that changes nothing, rolled back: SQLite says at once if it may not write. A short
            # busy timeout: another program writing means "busy", not "read-only", and must not stall opening.
            conn.exec_driver_sql("PRAGMA busy_timeout = 50")
            conn.commit()
            try:
                with conn.begin() as transaction:
                    conn.execute(text("UPDATE alembic_version SET version_num = version_num"))
                    transaction.rollback()
            except OperationalError as exc:
                message = str(exc).lower()
                if "readonly" in message or "read-only" in message:
                    return True
                if "locked" not in message:
                    raise
            finally:
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                conn.commit()
            return False

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def name(self) -> str:
        """A short human name: the file name, or database@host."""
        if self.dialect == "sqlite":
            return Path(self.url.database or "memory").name
        return f"{self.url.database}@{self.url.host or 'localhost'}"

    @property
    def sqlite_path(self) -> Path | None:
        if self.dialect == "sqlite" and self.url.database not in (None, "", ":memory:"):
            return Path(self.url.database or "")
        return None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends, rolls back on any error."""
        with translated(), self._sessions() as session, session.begin():
            session.info["actor"] = self.actor
            yield session

    def run(self, work: Callable[[Session], T], *, attempts: int = 4) -> T:
        """Run `work` in a unit of work, again from the start when the server reports a transient
        failure (serialization failure, deadlock, dropped connection), a bounded number of times."""
        for attempt in range(1, attempts + 1):
            try:
                with self.session() as session:
                    return work(session)
            except TransientError:
                if attempt == attempts:
                    raise
                log.info("transient failure, attempt %d of %d; retrying", attempt, attempts)
                time.sleep(min(0.05 * 2 ** attempt, 1.0) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading only; nothing it does is committed."""
        with translated(), self._sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()

    def watch_changes(self) -> ChangeWatcher:
        """A watcher telling when others changed the data (see outreach.store.changes)."""
        from outreach.store.changes import ChangeWatcher

        return ChangeWatcher(self.engine)

    def close(self) -> None:
        self.engine.dispose()
