"""Bulk inserts (demo data, imports) keep the search index and derived columns right."""

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from outreach.services import contacts
from outreach.services.demo import generate
from outreach.store.bulk import deferred_indexes, insert_contacts
from outreach.store.database import Database


def test_a_large_batch_is_searchable_and_the_index_stays_live(db: Database) -> None:
    prepared = generate(1500, seed=3)
    with db.session() as session:
        ids = insert_contacts(session, prepared)
    assert len(ids) == len(set(ids)) == 1500
    someone = prepared[700]
    name = someone.columns["display_name"]
    assert any(r.name == name for r in contacts.search(db, name, limit=None))
    # A contact added one by one afterwards is indexed too: the per-row trigger is back.
    from outreach.domain.contact import ContactInput

    contacts.add_contact(db, ContactInput(display_name="Zyxwv Qutrovna"))
    assert [r.name for r in contacts.search(db, "qutrovna")] == ["Zyxwv Qutrovna"]


def test_a_failed_batch_leaves_nothing_behind(sqlite_db: Database) -> None:
    prepared = generate(1200, seed=4)
    with pytest.raises(RuntimeError), sqlite_db.session() as session:
        insert_contacts(session, prepared)
        raise RuntimeError("cancelled")
    assert contacts.count(sqlite_db) == 0
    with sqlite_db.engine.connect() as conn:
        triggers = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))}
    assert "contacts_search_ai" in triggers


def test_derived_columns_match_what_a_single_insert_computes(db: Database) -> None:
    prepared = generate(40, seed=5)
    with db.session() as session:
        ids = insert_contacts(session, prepared)
    rows = {r.id: r for r in contacts.search(db, "", limit=None)}
    for contact_id, p in zip(ids, prepared, strict=True):
        row = rows[contact_id]
        assert row.organization == p.organization
        valid = [e["normalized"].lower() for e in p.emails if e["status"] == "valid"]
        assert row.primary_email == (valid[0] if valid else "")
        assert row.beats == ", ".join(sorted(p.tags, key=str.casefold))


def _indexes(reader: Session | Connection) -> dict[str, str]:
    return {name: sql for name, sql in reader.execute(text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('contacts', 'contact_emails', 'contact_phones')"))}


def test_a_batch_that_outgrows_the_table_builds_the_list_indexes_afterwards(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        before = _indexes(conn)
    lookup_sql = text("EXPLAIN QUERY PLAN SELECT contact_id FROM contact_emails WHERE key = 'a@example.org'")
    with sqlite_db.session() as session, deferred_indexes(session, 1500):
        during = _indexes(session)
        insert_contacts(session, generate(1500, seed=6))
        with sqlite_db.engine.connect() as other:  # an import's look-ups, meanwhile, on their own connection
            other_plan = " ".join(str(r[-1]) for r in other.execute(lookup_sql))
    assert "ix_contact_emails_key" in other_plan
    for name in ("ix_contacts_live_sort_name", "ix_contact_emails_key", "ix_contact_phones_e164"):
        assert name in before and name not in during
    assert "ix_contacts_uid" in during and "ix_contact_emails_contact_id" in during  # appended to in order
    with sqlite_db.engine.connect() as conn:
        assert _indexes(conn) == before
        plan = " ".join(str(r[-1]) for r in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY sort_name, id LIMIT 50")))
        lookup = " ".join(str(r[-1]) for r in conn.execute(lookup_sql))
    assert "ix_contacts_live_sort_name" in plan
    assert "ix_contact_emails_key" in lookup


def test_a_failed_batch_keeps_the_list_indexes(sqlite_db: Database) -> None:
    with sqlite_db.engine.connect() as conn:
        before = _indexes(conn)
    with pytest.raises(RuntimeError), sqlite_db.session() as session, deferred_indexes(session, 1500):
        insert_contacts(session, generate(1500, seed=7))
        raise RuntimeError("cancelled")
    with sqlite_db.engine.connect() as conn:
        assert _indexes(conn) == before


def test_a_batch_smaller_than_the_table_keeps_the_indexes_in_place(sqlite_db: Database) -> None:
    with sqlite_db.session() as session:
        insert_contacts(session, generate(1500, seed=8))
    with sqlite_db.session() as session, deferred_indexes(session, 1200):
        assert "ix_contacts_live_sort_name" in _indexes(session)
        insert_contacts(session, generate(1200, seed=9))
