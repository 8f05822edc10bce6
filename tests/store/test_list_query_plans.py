"""The status board stays fast on 500k events: one index probe per person for their latest event."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from outreach.store import releases
from outreach.store.database import Database
from outreach.store.lists import create_list
from outreach.store.queries.events import status_board


def test_the_latest_event_per_person_is_an_index_probe_not_a_scan(sqlite_db: Database) -> None:
    with sqlite_db.session() as session:
        release_id = releases.create_release(session, title="Heat report")
        create_list(session, "l", release_id)
    statements: list[str] = []

    def capture(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if "outreach_events" in statement and statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement.replace("?", "NULL"))

    with sqlite_db.read() as session:
        event.listen(sqlite_db.engine, "before_cursor_execute", capture)
        try:
            status_board(session, release_id)
        finally:
            event.remove(sqlite_db.engine, "before_cursor_execute", capture)
        (statement,) = statements
        plan = [row[3] for row in session.execute(text("EXPLAIN QUERY PLAN " + statement))]
    assert any("ix_outreach_events_release_contact_time (release_id=? AND contact_id=?)" in p for p in plan), plan
    assert not any(p.startswith("SCAN outreach_events") for p in plan), plan


def test_list_reads_on_postgresql_skip_jit_compilation(db: Database) -> None:
    """Stale statistics (big lists come and go) can cost a board at 200k rows: JIT would take 260 ms."""
    if db.dialect != "postgresql":
        pytest.skip("PostgreSQL only")
    with db.session() as session:
        release_id = releases.create_release(session, title="Heat report")
        create_list(session, "l", release_id)
    with db.read() as session:
        configured = session.execute(text("SHOW jit")).scalar()
        status_board(session, release_id)
        assert session.execute(text("SHOW jit")).scalar() == "off"
    with db.read() as session:  # for that transaction only
        assert session.execute(text("SHOW jit")).scalar() == configured
