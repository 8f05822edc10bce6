"""Bulk inserts (demo data, imports) keep the search index and derived columns right."""

import pytest
from sqlalchemy import text

from outreach.services import contacts
from outreach.services.demo import generate
from outreach.store.bulk import insert_contacts
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
