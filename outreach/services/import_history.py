"""The import history, and rolling back a whole import."""

from __future__ import annotations

from outreach.store import import_batches
from outreach.store.database import Database
from outreach.store.import_batches import BatchRow


def history(db: Database, limit: int = 200) -> list[BatchRow]:
    with db.read() as session:
        return import_batches.list_batches(session, limit)


def roll_back(db: Database, batch_id: int) -> tuple[int, int]:
    """Undo import `batch_id`: (people it created that were removed, known people whose additions came off).

    Created people nobody touched since are deleted, so the file can be imported again; those edited,
    logged or put on a list since go to the trash instead.
    """
    from outreach.services.backups import backup_before

    backup_before(db, "import")  # rolling back is a bulk change too
    return db.run(lambda session: import_batches.undo_batch(session, batch_id))
