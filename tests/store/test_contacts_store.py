import pytest
from sqlalchemy import select

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput
from outreach.errors import UserError
from outreach.services import contacts
from outreach.store.database import Database
from outreach.store.errors import ConflictError, NotFoundError
from outreach.store.models import ContactEmail, ContactPhone, Organization


def person(name: str, email: str = "", phone: str = "", **kw: object) -> ContactInput:
    data = ContactInput(display_name=name, **kw)  # type: ignore[arg-type]
    if email:
        data.emails.append(EmailInput(email, primary=True))
    if phone:
        data.phones.append(PhoneInput(phone, "work", primary=True))
    return data


def test_a_contact_keeps_raw_and_normalised_values_with_their_check(db: Database) -> None:
    stored = contacts.add_contact(db, person("Michael Connor", "MConnor@OpenMIC.org", "(212) 875-9381",
                                             organization="Open MIC", title="Executive Director"), region="US")
    assert stored.organization == "Open MIC"
    (email,) = stored.emails
    assert (email.raw, email.normalized, email.status) == ("MConnor@OpenMIC.org", "MConnor@openmic.org", "valid")
    (phone,) = stored.phones
    assert (phone.raw, phone.e164, phone.status) == ("(212) 875-9381", "+12128759381", "valid")
    assert stored.time_zone == "America/New_York" and stored.time_zone_inferred
    with db.read() as s:
        row = s.scalars(select(ContactPhone)).one()
        assert row.checked_with.startswith("phonenumbers ")
        assert s.scalars(select(ContactEmail.key)).one() == "mconnor@openmic.org"


def test_invalid_values_are_kept_with_their_problem(db: Database) -> None:
    stored = contacts.add_contact(db, person("Greta Voss", "greta.voss@harborkeepers,example", "(410) 837-22"),
                                  region="US")
    assert stored.emails[0].status == "invalid" and stored.emails[0].raw == "greta.voss@harborkeepers,example"
    assert stored.phones[0].status == "invalid" and "too short" in stored.phones[0].message
    assert contacts.search(db, "is:invalid")[0].name == "Greta Voss"


def test_the_contacts_country_decides_how_numbers_are_read(db: Database) -> None:
    stored = contacts.add_contact(db, person("Tom Avery", phone="0117 496 0831", country="GB"), region="US")
    assert stored.phones[0].e164 == "+441174960831"


def test_missing_name_and_channels_is_refused(db: Database) -> None:
    with pytest.raises(UserError, match="needs a name"):
        contacts.add_contact(db, ContactInput())


def test_bad_role_and_country_are_refused(db: Database) -> None:
    with pytest.raises(UserError, match="role"):
        contacts.add_contact(db, person("A", role="editor"))
    with pytest.raises(UserError, match="country"):
        contacts.add_contact(db, person("A", country="GBR"))


def test_search_matches_name_org_email_phone_digits_and_beat(db: Database) -> None:
    contacts.add_contact(db, person("Aoife Murphy", "aoife.murphy@harbourpost.example", "+353 1 496 0388",
                                    organization="The Harbour Post", tags=["politics"]))
    contacts.add_contact(db, person("Bjørn Lindqvist", "bjorn.l@northernstar.example", "+44 20 7946 0958",
                                    organization="Northern Star", tags=["climate"], country="GB"))
    names = lambda q: [r.name for r in contacts.search(db, q)]  # noqa: E731
    assert names("murph") == ["Aoife Murphy"]
    assert names("northern") == ["Bjørn Lindqvist"]
    assert names("harbourpost.example") == ["Aoife Murphy"]
    assert names("7946 0958") == ["Bjørn Lindqvist"]
    assert names("020 7946") == ["Bjørn Lindqvist"]  # national form of the number
    assert names("bjorn") == ["Bjørn Lindqvist"]  # accents do not matter
    assert names("beat:climate") == ["Bjørn Lindqvist"]
    assert names('org:"harbour post"') == ["Aoife Murphy"]
    assert names("country:gb") == ["Bjørn Lindqvist"]
    assert names("beat:climate murphy") == []


def test_search_text_is_literal_never_an_operator(db: Database) -> None:
    contacts.add_contact(db, person("Siobhán O'Brien", "sob@x.example"))
    contacts.add_contact(db, person("Percent 100% Under_score", "p@x.example"))
    for text in ['"', "'", "*", "AND", "OR", "NEAR", "a OR b", '"unclosed', "%", "_", "\\", "NOT x", "(", "^"]:
        contacts.search(db, text)  # never raises
    assert [r.name for r in contacts.search(db, "O'Brien")] == ["Siobhán O'Brien"]
    assert [r.name for r in contacts.search(db, "100%")] == ["Percent 100% Under_score"]
    assert contacts.search(db, "%") and len(contacts.search(db, "_")) == 1


def test_sorting_by_every_column_both_ways(db: Database) -> None:
    contacts.add_contact(db, person("Zoe Adams", "zoe@b.example", organization="Alpha Times"))
    contacts.add_contact(db, person("adam zed", "adam@a.example", organization="Zulu Post"))
    assert [r.name for r in contacts.search(db, "", sort="name")] == ["adam zed", "Zoe Adams"]
    assert [r.name for r in contacts.search(db, "", sort="org")] == ["Zoe Adams", "adam zed"]
    assert [r.name for r in contacts.search(db, "", sort="email", descending=True)] == ["Zoe Adams", "adam zed"]
    for column in ("title", "beats", "phone", "time_zone"):
        assert len(contacts.search(db, "", sort=column)) == 2


def test_edit_changes_values_and_bumps_version(db: Database) -> None:
    from outreach.services.editing import input_from_detail

    stored = contacts.add_contact(db, person("Ann Lee", "ann@x.example"))
    data = input_from_detail(stored)
    data.emails.append(EmailInput("ann.lee@y.example"))
    data.tags = ["health"]
    edited = contacts.edit_contact(db, stored.id, data, expected_version=stored.version)
    assert [e.normalized for e in edited.emails] == ["ann@x.example", "ann.lee@y.example"]
    assert edited.version == stored.version + 1
    assert [r.name for r in contacts.search(db, "y.example")] == ["Ann Lee"]
    assert [r.name for r in contacts.search(db, "beat:health")] == ["Ann Lee"]


def test_a_stale_edit_is_refused_not_silently_overwritten(db: Database) -> None:
    from outreach.services.editing import input_from_detail

    stored = contacts.add_contact(db, person("Ann Lee", "ann@x.example"))
    first = input_from_detail(stored)
    first.title = "Editor"
    contacts.edit_contact(db, stored.id, first, expected_version=stored.version)
    second = input_from_detail(stored)
    second.title = "Reporter"
    with pytest.raises(ConflictError, match="changed by someone else"):
        contacts.edit_contact(db, stored.id, second, expected_version=stored.version)
    assert contacts.get_contact(db, stored.id).title == "Editor"


def test_moving_to_another_outlet_keeps_the_earlier_job(db: Database) -> None:
    from outreach.services.editing import input_from_detail

    stored = contacts.add_contact(db, person("Ann Lee", "ann@x.example", organization="Old Post", title="Reporter"))
    data = input_from_detail(stored)
    data.organization, data.title = "New Times", "Editor"
    moved = contacts.edit_contact(db, stored.id, data)
    assert moved.organization == "New Times"
    assert [(j.organization, j.title) for j in moved.jobs] == [("Old Post", "Reporter")]


def test_trash_hides_restores_and_empties(db: Database) -> None:
    a = contacts.add_contact(db, person("Ann Lee", "ann@x.example"))
    contacts.add_contact(db, person("Bo Li", "bo@x.example"))
    assert contacts.trash(db, [a.id]) == 1
    assert [r.name for r in contacts.search(db, "")] == ["Bo Li"]
    assert [r.name for r in contacts.search(db, "is:deleted")] == ["Ann Lee"]
    assert contacts.restore(db, [a.id]) == 1
    assert contacts.count(db) == 2
    contacts.trash(db, [a.id])
    assert contacts.empty_trash(db) == 1
    with pytest.raises(NotFoundError):
        contacts.get_contact(db, a.id)
    assert contacts.count(db, "is:deleted") == 0


def test_organisations_are_matched_by_name_case_insensitively(db: Database) -> None:
    contacts.add_contact(db, person("Ann Lee", organization="Metro Wire"))
    contacts.add_contact(db, person("Bo Li", organization="metro wire"))
    with db.read() as s:
        assert s.scalars(select(Organization.name)).all() == ["Metro Wire"]
    (org,) = contacts.list_orgs(db)
    assert org.people == 2
    _, people = contacts.org_with_people(db, org.id)
    assert [p.name for p in people] == ["Ann Lee", "Bo Li"]


def test_deleting_an_organisation_keeps_its_people(db: Database) -> None:
    stored = contacts.add_contact(db, person("Ann Lee", organization="Metro Wire"))
    with db.session() as s:
        s.delete(s.get(Organization, stored.organization_id))
    assert contacts.get_contact(db, stored.id).organization == ""


def test_recheck_reports_changes_and_never_deletes(db: Database) -> None:
    from sqlalchemy import update

    from outreach.services.recheck import recheck_all

    stored = contacts.add_contact(db, person("Ann Lee", "ann@x.example", "(212) 875-9381"), region="US")
    with db.session() as s:  # as if an older library had judged the number differently
        s.execute(update(ContactPhone).values(status="invalid", e164=""))
    report = recheck_all(db)
    assert report.phones_checked == 1 and report.emails_checked == 1
    assert [(c.kind, c.after) for c in report.changes] == [("phone", "valid +12128759381")]
    after = contacts.get_contact(db, stored.id)
    assert after.phones[0].status == "valid" and len(after.emails) == 1


def test_bulk_beat_and_do_not_contact_change_only_who_needs_it_and_undo_exactly(db: Database) -> None:
    from outreach.services import gui_support

    a = contacts.add_contact(db, person("Ann Lee", "ann@x.example", tags=["climate"]))
    b = contacts.add_contact(db, person("Bo Li", "bo@x.example"))
    change = gui_support.add_beat(db, [a.id, b.id], "Climate ")
    assert change.ids == (b.id,)  # Ann had it already
    assert [r.name for r in contacts.search(db, "beat:climate")] == ["Ann Lee", "Bo Li"]
    assert contacts.get_contact(db, b.id).version == b.version + 1
    gui_support.undo(db, change)
    assert [r.name for r in contacts.search(db, "beat:climate")] == ["Ann Lee"]

    dnc = gui_support.mark_do_not_contact(db, [a.id, b.id], "asked")
    assert set(dnc.ids) == {a.id, b.id}
    assert contacts.count(db, "is:dnc") == 2 and contacts.get_contact(db, a.id).dnc_reason == "asked"
    gui_support.undo(db, dnc)
    assert contacts.count(db, "is:dnc") == 0
    gui_support.redo(db, dnc)
    assert contacts.count(db, "is:dnc") == 2
