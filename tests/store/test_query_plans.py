"""The 100k-row list stays fast because its queries walk an index instead of sorting every row."""

import pytest
from sqlalchemy import text

from outreach.domain.query import parse_query
from outreach.store.database import Database
from outreach.store.queries.contact_filter import SORT_COLUMNS


@pytest.mark.parametrize("sort", ["name", "org", "title", "beats", "email", "phone", "time_zone"])
def test_listing_sorted_by_a_column_walks_its_partial_index(sqlite_db: Database, sort: str) -> None:
    from outreach.store.queries.contacts import list_contacts

    with sqlite_db.read() as session:
        statements: list[str] = []
        from sqlalchemy import event

        def capture(_conn: object, _cursor: object, statement: str, params: object, *_rest: object) -> None:
            if statement.lstrip().upper().startswith("SELECT") and "ORDER BY" in statement:
                statements.append(statement.replace("?", "NULL"))

        event.listen(sqlite_db.engine, "before_cursor_execute", capture)
        try:
            list_contacts(session, parse_query(""), sort=sort, descending=True)
        finally:
            event.remove(sqlite_db.engine, "before_cursor_execute", capture)
        plan = " ".join(row[3] for row in session.execute(text("EXPLAIN QUERY PLAN " + statements[-1])))
    column = SORT_COLUMNS[sort].key
    assert f"ix_contacts_live_{column}" in plan and "TEMP B-TREE" not in plan, plan
