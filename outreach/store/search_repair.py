"""Putting SQLite's search index right when its insert trigger is missing.

Bulk inserts drop the ``contacts_search_ai`` trigger inside their transaction and index the new rows
themselves. A version of that code could drop it outside the transaction (Python's sqlite3 does not
begin one before DDL) in a dry-run import, which then lost it for good: people added afterwards were
not found by search. Opening a database checks for the trigger and, if it is gone, re-creates it
and rebuilds the index from the contacts (seconds for 100,000 people; once).
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

log = logging.getLogger(__name__)

INSERT_TRIGGER = (
    "CREATE TRIGGER contacts_search_ai AFTER INSERT ON contacts BEGIN "
    "INSERT INTO contact_search(rowid, search_text) VALUES (new.id, new.search_text); END"
)


def repair_search_index(engine: Engine) -> bool:
    """Re-create the insert trigger and rebuild the index when the trigger is missing; True if it did."""
    if engine.dialect.name != "sqlite":
        return False
    with engine.connect() as conn:
        names = {row[0] for row in conn.execute(
            text("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"))}
        conn.rollback()  # the look-up above began SQLAlchemy's transaction: the repair is its own
        if "contact_search" not in names or "contacts_search_ai" in names:
            return False
        try:
            with conn.begin():
                conn.execute(text("UPDATE contacts SET id = id WHERE 0"))  # the DDL inside this transaction
                conn.execute(text(INSERT_TRIGGER))
                conn.execute(text("INSERT INTO contact_search(contact_search) VALUES ('rebuild')"))
        except OperationalError as exc:  # a read-only file: searching may miss people, nothing else breaks
            log.warning("the search index needs a rebuild but the database cannot be written: %s", exc)
            return False
    log.warning("the search index had lost its insert trigger: re-created, and the index rebuilt")
    return True
