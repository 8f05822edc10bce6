"""Likely duplicates: found for review, never merged on their own; merges keep both histories and undo."""

from sqlalchemy import insert, select

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput
from outreach.services import contacts, duplicates
from outreach.store.database import Database
from outreach.store.models import OutreachEvent
from outreach.store.types import utcnow


def person(name: str, email: str = "", phone: str = "", org: str = "", **kw: object) -> ContactInput:
    data = ContactInput(display_name=name, organization=org, **kw)  # type: ignore[arg-type]
    if email:
        data.emails.append(EmailInput(email))
    if phone:
        data.phones.append(PhoneInput(phone))
    return data


def pairs(db: Database) -> dict[frozenset[str], str]:
    return {frozenset((c.first_name, c.second_name)): c.reason for c in duplicates.candidates(db)}


def test_shared_email_similar_name_at_same_outlet_and_phone_with_name_are_found(db: Database) -> None:
    contacts.add_contact(db, person("Elena Garcia", "elena@civic.example", org="Civic Times"))
    contacts.add_contact(db, person("Elena García", "ELENA@civic.example"))
    contacts.add_contact(db, person("Tom Avery", org="Bristol Post"))
    contacts.add_contact(db, person("Avery, Tom", "t.avery@other.example", org="bristol post"))
    contacts.add_contact(db, person("Bo Li", phone="+44 20 7946 0958"))
    contacts.add_contact(db, person("Li Bo", phone="+442079460958"))
    found = pairs(db)
    assert found[frozenset(("Elena Garcia", "Elena García"))] == "same e-mail address"
    assert found[frozenset(("Tom Avery", "Avery, Tom"))] == "similar name at the same organisation"
    assert found[frozenset(("Bo Li", "Li Bo"))] == "same phone number and a similar name"
    assert contacts.count(db) == 6  # nothing merged on its own


def test_a_shared_switchboard_alone_is_not_a_duplicate(db: Database) -> None:
    contacts.add_contact(db, person("Ann Lee", phone="+44 20 7946 0000"))
    contacts.add_contact(db, person("Sara Lind", phone="+44 20 7946 0000"))
    assert pairs(db) == {}


def test_not_a_duplicate_is_remembered(db: Database) -> None:
    a = contacts.add_contact(db, person("Tom Avery", org="Bristol Post"))
    b = contacts.add_contact(db, person("Tom Avery", org="Bristol Post"))
    duplicates.not_duplicate(db, b.id, a.id)
    assert pairs(db) == {}
    duplicates.maybe_duplicate(db, a.id, b.id)
    assert len(pairs(db)) == 1


def test_merge_keeps_both_histories_and_chosen_fields_and_undoes(db: Database) -> None:
    kept = contacts.add_contact(db, person("Elena Garcia", "elena@civic.example", org="Civic Times", title=""))
    other = contacts.add_contact(db, person("Elena García", "e.garcia@home.example", "+1 202 639 4412",
                                            org="Civic Times", title="Senior Correspondent", notes="Prefers calls",
                                            do_not_contact=True, dnc_reason="on leave"))
    with db.session() as s:
        s.execute(insert(OutreachEvent), [
            {"contact_id": kept.id, "kind": "sent", "occurred_at": utcnow(), "channel": "email"},
            {"contact_id": other.id, "kind": "replied", "occurred_at": utcnow(), "channel": "email"}])
    merge_id = duplicates.merge(db, kept.id, other.id, take_other={"display_name"})

    merged = contacts.get_contact(db, kept.id)
    assert merged.display_name == "Elena García"  # chosen from the other record
    assert merged.title == "Senior Correspondent"  # empty on the kept side, so filled
    assert sorted(e.normalized for e in merged.emails) == ["e.garcia@home.example", "elena@civic.example"]
    assert [p.e164 for p in merged.phones] == ["+12026394412"]
    assert merged.do_not_contact and merged.dnc_reason == "on leave"  # never re-enabled by a merge
    with db.read() as s:
        kinds = sorted(s.scalars(select(OutreachEvent.kind).where(OutreachEvent.contact_id == kept.id)))
    assert kinds == ["replied", "sent"]  # both histories
    assert contacts.count(db) == 1 and contacts.count(db, "is:deleted") == 1

    duplicates.undo_merge(db, merge_id)
    assert contacts.count(db) == 2
    restored = contacts.get_contact(db, kept.id)
    assert restored.display_name == "Elena Garcia" and restored.title == "" and not restored.do_not_contact
    assert [e.normalized for e in restored.emails] == ["elena@civic.example"]
    with db.read() as s:
        assert s.scalars(select(OutreachEvent.kind).where(OutreachEvent.contact_id == other.id)).all() == ["replied"]
