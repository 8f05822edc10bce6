"""Rolling back a whole import: created people are removed (edited ones to the trash), additions come off."""

from sqlalchemy import func, insert, select

from outreach.domain.contact import ContactInput, EmailInput
from outreach.services import contacts
from outreach.services.demo import generate
from outreach.store import import_batches
from outreach.store.bulk import insert_contacts, tag_ids
from outreach.store.contacts_write import add_tag, email_values
from outreach.store.database import Database
from outreach.store.models import Contact, ContactEmail, contact_tags, table
from outreach.store.summaries import refresh_summaries


def test_an_import_is_rolled_back_as_a_whole(db: Database) -> None:
    known = contacts.add_contact(db, ContactInput(display_name="Ann Lee", emails=[EmailInput("ann@x.example")]))
    with db.session() as session:
        batch = import_batches.start_batch(session, "outlook.csv", "csv")
        prepared = generate(3, seed=2)
        for p in prepared:
            p.columns["import_batch_id"] = batch
        created = insert_contacts(session, prepared)
        # what the import added to Ann: an address, a beat, an empty title filled
        session.execute(insert(table(ContactEmail)), [{**email_values(EmailInput("ann.lee@y.example"), 1),
                                                       "contact_id": known.id, "import_batch_id": batch}])
        climate = tag_ids(session, {"climate"})["climate"]
        session.execute(insert(contact_tags), [{"contact_id": known.id, "tag_id": climate}])
        from sqlalchemy import update

        session.execute(update(Contact).where(Contact.id == known.id).values(title="Editor"))
        refresh_summaries(session, [known.id])
        import_batches.record_merged(session, batch, [(known.id, {"fills": ["title"], "tags": [climate]})])
        import_batches.finish_batch(session, batch)
    assert contacts.count(db) == 4
    with db.read() as session:
        (row,) = import_batches.list_batches(session)
    assert (row.source_file, row.created, row.merged, row.undone_at) == ("outlook.csv", 3, 1, None)

    with db.session() as session:
        add_tag(session, [created[0]], "vip")  # someone worked on this one since the import
    with db.session() as session:
        assert import_batches.undo_batch(session, batch) == (3, 1)
    assert [r.name for r in contacts.search(db, "")] == ["Ann Lee"]
    # the edited one is restorable; the two untouched ones are gone, so the file can come in again
    assert [r.id for r in contacts.search(db, "is:deleted")] == [created[0]]
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Contact).where(Contact.id.in_(created[1:]))) == 0
    ann = contacts.get_contact(db, known.id)
    assert [e.normalized for e in ann.emails] == ["ann@x.example"]
    assert ann.tags == () and ann.title == ""
    with db.read() as session:
        assert import_batches.list_batches(session)[0].undone_at is not None
