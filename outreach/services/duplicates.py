"""Finding likely duplicates, reviewing them, merging (undoably) or marking them as different people."""

from __future__ import annotations

from collections.abc import Iterable

from outreach.services.backups import backup_before
from outreach.settings import default_region
from outreach.store import duplicates as store
from outreach.store.database import Database
from outreach.store.duplicates import SCALARS, Candidate

MERGEABLE_FIELDS = (*SCALARS, "notes")


def candidates(db: Database, limit: int = 1000) -> list[Candidate]:
    with db.read() as session:
        return store.find_candidates(session, limit)


def merge(db: Database, kept_id: int, merged_id: int, take_other: Iterable[str] = ()) -> int:
    """Merge `merged_id` into `kept_id`; fields named in `take_other` come from the merged person.
    Returns the merge's id (for undo). A safety backup is made first on SQLite."""
    chosen = set(take_other)
    unknown = chosen - set(MERGEABLE_FIELDS)
    if unknown:
        from outreach.errors import UserError

        raise UserError(f"cannot choose {', '.join(sorted(unknown))}; fields: {', '.join(MERGEABLE_FIELDS)}")
    backup_before(db, "merge")
    region = default_region()
    return db.run(lambda session: store.merge(session, kept_id, merged_id, chosen, region))


def undo_merge(db: Database, merge_id: int) -> None:
    region = default_region()
    db.run(lambda session: store.undo_merge(session, merge_id, region))


def not_duplicate(db: Database, a: int, b: int) -> None:
    db.run(lambda session: store.mark_not_duplicate(session, a, b))


def maybe_duplicate(db: Database, a: int, b: int) -> None:
    """Undo a "not a duplicate" decision."""
    db.run(lambda session: store.forget_not_duplicate(session, a, b))
