"""Automatic and manual backups of an SQLite database, and restoring one.

Backups live in `backups/` beside the database file, named `<db>-<UTC time>-<reason>.db`:
- on opening, when the file changed since the newest backup and that one is over an hour old;
- before migrations, imports, erasures and merges (`backup_before`);
- by hand (`outreach db backup`).
Automatic ones are thinned as Anki does (see outreach.domain.retention). Restoring first backs up
the current state, then copies the backup in with SQLite's online backup API, then re-applies
every erasure made since (an erased person must never come back).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from outreach.domain.retention import to_keep
from outreach.errors import UserError
from outreach.store.backup import backup_sqlite, check_is_outreach_backup, restore_sqlite
from outreach.store.database import Database

log = logging.getLogger(__name__)

AUTOMATIC_EVERY = timedelta(hours=1)
_NAME = re.compile(r"^(?P<stem>.+)-(?P<at>\d{8}T\d{6})(?P<micro>\d{6})?Z-(?P<reason>[a-z-]+)\.db$")
AUTOMATIC_REASONS = {"open", "before-import", "before-erase", "before-merge", "before-restore"}


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    made_at: datetime
    reason: str
    size: int


def folder(db: Database) -> Path:
    path = _sqlite_path(db)
    return path.parent / "backups"


def _sqlite_path(db: Database) -> Path:
    path = db.sqlite_path
    if path is None:
        raise UserError("automatic backups are for SQLite databases; on PostgreSQL use `outreach db backup FILE`")
    return path


def list_backups(db: Database) -> list[BackupFile]:
    stem = _sqlite_path(db).stem
    found = []
    base = folder(db)
    for path in base.glob(f"{stem}-*.db") if base.is_dir() else []:
        match = _NAME.match(path.name)
        if match and match["stem"] == stem:
            made = datetime.strptime(match["at"] + (match["micro"] or "000000"), "%Y%m%dT%H%M%S%f")
            made = made.replace(tzinfo=UTC)
            found.append(BackupFile(path, made, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def make_backup(db: Database, reason: str, now: datetime | None = None, *, thin: bool = True) -> BackupFile:
    when = now or datetime.now(UTC)
    # Microseconds in the name: two backups in one second must not overwrite each other.
    path = folder(db) / f"{_sqlite_path(db).stem}-{when:%Y%m%dT%H%M%S%f}Z-{reason}.db"
    backup_sqlite(db.engine, path)
    if thin:
        prune(db, when)
    return BackupFile(path, when, reason, path.stat().st_size)


def backup_before(db: Database, reason: str) -> BackupFile | None:
    """A safety copy before a bulk change (import, erase, merge); nothing to do on a server."""
    if db.sqlite_path is None or not db.sqlite_path.exists():
        return None
    return make_backup(db, f"before-{reason}")


def _changed_since(db: Database, moment: datetime) -> bool:
    path = _sqlite_path(db)
    stamps = [p.stat().st_mtime for p in (path, path.with_name(path.name + "-wal")) if p.exists()]
    return bool(stamps) and datetime.fromtimestamp(max(stamps), UTC) > moment


def automatic_backup(db: Database, now: datetime | None = None) -> BackupFile | None:
    """On opening: back up when the file changed since the newest backup, at most hourly."""
    if db.sqlite_path is None or not db.sqlite_path.exists():
        return None
    when = now or datetime.now(UTC)
    existing = list_backups(db)
    if existing:
        newest = existing[0].made_at
        if when - newest < AUTOMATIC_EVERY or not _changed_since(db, newest):
            return None
    return make_backup(db, "open", when)


def prune(db: Database, now: datetime) -> list[Path]:
    """Thin automatic backups; manual and pre-upgrade ones are never deleted."""
    automatic = [b for b in list_backups(db) if b.reason in AUTOMATIC_REASONS]
    keep = to_keep([(b.path.name, b.made_at) for b in automatic], now)
    removed = []
    for backup in automatic:
        if backup.path.name not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def find(db: Database, name: str) -> BackupFile:
    for backup in list_backups(db):
        if name in (backup.path.name, str(backup.path)):
            return backup
    candidate = Path(name)
    if candidate.is_file():
        return BackupFile(candidate, datetime.fromtimestamp(candidate.stat().st_mtime, UTC), "file",
                          candidate.stat().st_size)
    raise UserError(f"{name}: no such backup (see `outreach db backups`)")


def restore(db: Database, backup: BackupFile) -> BackupFile:
    """Replace the database's content with the backup's; returns the backup made of the current state."""
    check_is_outreach_backup(backup.path)
    # No thinning until the restore is done: it could delete the very file being restored.
    safety = make_backup(db, "before-restore", thin=False)
    restore_sqlite(db.engine, backup.path)
    _reapply_erasures(db, safety.path)
    prune(db, datetime.now(UTC))
    return safety


def _reapply_erasures(db: Database, replaced: Path) -> None:
    """Erasures logged in the state being replaced (kept in the safety copy) apply to the restored one."""
    from outreach.services.privacy import reapply_erasures

    previous = Database.open(f"sqlite:///{replaced}", upgrade=False)
    try:
        removed = reapply_erasures(db, None, source=previous)
    finally:
        previous.close()
    if removed:
        log.info("re-applied %d erasure(s) after restoring", len(removed))
