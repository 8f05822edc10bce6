"""Use cases the desktop window needs beyond :mod:`outreach.services.contacts`.

Each function opens its own unit of work and returns plain values; the GUI never sees a Session.
Bulk changes are set-based (one statement per thousand people, not one update per person) and
return what they changed, so the window can undo exactly that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.engine import URL

from outreach.store import contacts_write
from outreach.store.database import Database
from outreach.store.models import ROLES
from outreach.store.queries import orgs as org_queries

__all__ = ["ROLES", "BulkChange", "ConnectionInfo", "add_beat", "connection_info", "keyring_available",
           "mark_do_not_contact", "org_names", "redo", "undo"]


@dataclass(frozen=True)
class BulkChange:
    """What a bulk action did: to whom, and with which value."""

    kind: str  # "beat" | "dnc"
    ids: tuple[int, ...]
    value: str

    def __bool__(self) -> bool:
        return bool(self.ids)


def org_names(db: Database) -> list[str]:
    """All organisation names, for the editor's completer."""
    with db.read() as session:
        return org_queries.org_names(session)


def add_beat(db: Database, ids: Iterable[int], beat: str) -> BulkChange:
    beat = " ".join(beat.split())
    if not beat:
        return BulkChange("beat", (), beat)
    with db.session() as session:
        return BulkChange("beat", tuple(contacts_write.add_tag(session, ids, beat)), beat)


def mark_do_not_contact(db: Database, ids: Iterable[int], reason: str = "") -> BulkChange:
    with db.session() as session:
        return BulkChange("dnc", tuple(contacts_write.set_do_not_contact(session, ids, reason)), reason)


def undo(db: Database, change: BulkChange) -> None:
    with db.session() as session:
        if change.kind == "beat":
            contacts_write.remove_tag(session, change.ids, change.value)
        else:
            contacts_write.clear_do_not_contact(session, change.ids)


def redo(db: Database, change: BulkChange) -> None:
    with db.session() as session:
        if change.kind == "beat":
            contacts_write.add_tag(session, change.ids, change.value)
        else:
            contacts_write.set_do_not_contact(session, change.ids, change.value)


def remember_password(url: URL, password: str) -> bool:
    """Keep a server password in the OS keyring (never in settings); False without a keyring."""
    from outreach.store import passwords

    return passwords.remember_password(url, password)


def keyring_account(url: URL) -> str:
    from outreach.store import passwords

    return passwords.account(url)


def keyring_available() -> bool:
    """Whether a password can be remembered in the OS keyring here."""
    from outreach.store import passwords

    return passwords.keyring_available()


@dataclass(frozen=True)
class ConnectionInfo:
    engine: str  # "sqlite" | "postgresql"
    name: str  # file name or database@host
    read_only: bool


def connection_info(url: str | URL) -> ConnectionInfo:
    """Open a database without changing it (no upgrade), say what it is, and close it again."""
    db = Database.open(url, upgrade=False, pool=False)
    try:
        return ConnectionInfo(db.dialect, db.name, db.read_only)
    finally:
        db.close()
