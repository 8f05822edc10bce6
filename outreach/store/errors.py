"""Typed storage errors.

Environment problems (a locked or read-only database, a full disk, an unreachable server, a
database written by a newer Outreach) become :class:`StorageError`, a UserError with a one-line
message. Anything else is a bug and propagates with its traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import exc as orm_exc

from outreach.errors import UserError


class StorageError(UserError):
    """The database cannot do what was asked, for a reason outside the program."""


class DatabaseLockedError(StorageError):
    pass


class DatabaseReadOnlyError(StorageError):
    pass


class DiskFullError(StorageError):
    pass


class ServerUnreachableError(StorageError):
    pass


class DatabaseTooNewError(StorageError):
    pass


class NotAnOutreachDatabaseError(StorageError):
    pass


class PasswordRequiredError(StorageError):
    """The server wants a password it was not given, or refused the one given."""


class TransientError(StorageError):
    """The server gave up on this transaction (serialization failure, deadlock, dropped connection);
    running it again is expected to work."""


class ConflictError(StorageError):
    """Someone else saved the same record since it was read (optimistic concurrency)."""


class NotFoundError(UserError):
    pass


_PATTERNS: tuple[tuple[str, type[StorageError], str], ...] = (
    ("database is locked", DatabaseLockedError,
     "the database is locked by another program; close it or try again"),
    ("database table is locked", DatabaseLockedError,
     "the database is locked by another program; close it or try again"),
    ("readonly database", DatabaseReadOnlyError,
     "the database file is read-only; nothing was changed"),
    ("read-only", DatabaseReadOnlyError, "the database is read-only; nothing was changed"),
    ("database or disk is full", DiskFullError, "the disk is full; nothing was changed"),
    ("no space left", DiskFullError, "the disk is full; nothing was changed"),
    ("unable to open database file", ServerUnreachableError,
     "cannot open the database file (does its folder exist and may you write there?)"),
    ("file is not a database", NotAnOutreachDatabaseError, "the file is not a database"),
    ("connection refused", ServerUnreachableError, "the database server cannot be reached"),
    ("could not connect", ServerUnreachableError, "the database server cannot be reached"),
    ("connection failed", ServerUnreachableError, "the database server cannot be reached"),
    ("server closed the connection", ServerUnreachableError, "the database server went away"),
    ("password authentication failed", PasswordRequiredError,
     "the database server refused the password"),
    ("no password supplied", PasswordRequiredError,
     "the database server asks for a password; put it in the URL or the keyring"),
    ("permission denied", DatabaseReadOnlyError,
     "the database refused the change (permission denied)"),
)


TRANSIENT_SQLSTATES = {"40001": "a concurrent change got in the way", "40P01": "a deadlock with another user"}


def classify(error: BaseException) -> StorageError | None:
    """The StorageError an engine error means, or None when it is a bug."""
    if isinstance(error, StorageError):
        return error
    if not isinstance(error, sa_exc.DBAPIError | OSError):
        return None
    text = str(getattr(error, "orig", None) or error).lower()
    sqlstate = getattr(getattr(error, "orig", None), "sqlstate", None)
    if sqlstate == "3D000" or re.search(r'database "[^"]*" does not exist', text):
        return ServerUnreachableError("the database does not exist on the server")
    if sqlstate in TRANSIENT_SQLSTATES:
        return TransientError(f"the server could not finish the change ({TRANSIENT_SQLSTATES[sqlstate]}); "
                              "nothing was saved, try again")
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return TransientError("the connection to the database server was lost; nothing was saved, try again")
    for needle, kind, message in _PATTERNS:
        if needle in text:
            return kind(message)
    if isinstance(error, sa_exc.OperationalError) and isinstance(error, sa_exc.DBAPIError) \
            and error.connection_invalidated:
        return ServerUnreachableError("the connection to the database was lost")
    return None


@contextmanager
def translated() -> Iterator[None]:
    """Turn environment failures of the engine into StorageError; let bugs through."""
    try:
        yield
    except (sa_exc.DBAPIError, OSError) as exc:
        known = classify(exc)
        if known is None:
            raise
        raise known from exc
    except orm_exc.StaleDataError as exc:
        raise ConflictError(
            "someone else changed this record since you opened it; reload it and try again"
        ) from exc
