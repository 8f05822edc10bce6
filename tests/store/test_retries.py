"""Transient server failures are retried a bounded number of times (PostgreSQL, a real injected 40001)."""

import pytest
from sqlalchemy import text

from outreach.domain.contact import ContactInput
from outreach.services import contacts
from outreach.store.database import Database
from outreach.store.errors import TransientError


def _fail_inserts(db: Database, times: int, sqlstate: str = "40001") -> None:
    # A sequence is not rolled back with the failed transaction, so it counts attempts across retries.
    with db.engine.begin() as conn:
        conn.execute(text("CREATE SEQUENCE injected_failures"))
        conn.execute(text(
            "CREATE FUNCTION inject_failure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF nextval('injected_failures') <= {times} THEN "
            f"RAISE EXCEPTION 'injected' USING ERRCODE = '{sqlstate}'; END IF; RETURN NEW; END $$"))
        conn.execute(text("CREATE TRIGGER inject_failure BEFORE INSERT ON contacts "
                          "FOR EACH ROW EXECUTE FUNCTION inject_failure()"))


@pytest.mark.pg
@pytest.mark.parametrize("sqlstate", ["40001", "40P01"])
def test_a_serialization_failure_or_deadlock_is_retried(pg_url: str, sqlstate: str) -> None:
    db = Database.open(pg_url)
    _fail_inserts(db, 2, sqlstate)
    stored = contacts.add_contact(db, ContactInput(display_name="Ann Lee"))
    assert stored.display_name == "Ann Lee"
    assert contacts.count(db) == 1  # saved once, not three times
    db.close()


@pytest.mark.pg
def test_retries_are_bounded_and_end_in_a_clear_message(pg_url: str) -> None:
    db = Database.open(pg_url)
    _fail_inserts(db, 100)
    with pytest.raises(TransientError, match="nothing was saved, try again"):
        contacts.add_contact(db, ContactInput(display_name="Ann Lee"))
    assert contacts.count(db) == 0
    db.close()


@pytest.mark.pg
def test_a_connection_the_server_dropped_does_not_lose_the_next_save(pg_url: str) -> None:
    db = Database.open(pg_url)
    contacts.add_contact(db, ContactInput(display_name="Before"))
    with db.engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    from sqlalchemy import create_engine

    killer = create_engine(pg_url)
    with killer.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    killer.dispose()
    assert contacts.add_contact(db, ContactInput(display_name="After")).display_name == "After"
    assert contacts.count(db) == 2
    db.close()
