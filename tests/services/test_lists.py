"""Send-lists: membership from a saved query and by hand, exclusions with reasons, refresh, export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from outreach.domain.contact import ContactInput, EmailInput
from outreach.errors import UserError
from outreach.services import contacts, lists, outreach_log
from outreach.store.database import Database
from outreach.store.queries.lists import (
    BOUNCED,
    DO_NOT_CONTACT,
    IN_TRASH,
    NO_VALID_EMAIL,
    OPTED_OUT,
    SUPPRESSED,
)


def person(db: Database, name: str, *emails: str, beat: str = "climate", country: str = "GB",
           org: str = "Metro Wire", dnc: bool = False) -> int:
    data = ContactInput(display_name=name, organization=org, country=country, tags=[beat], do_not_contact=dnc,
                        dnc_reason="asked" if dnc else "",
                        emails=[EmailInput(e, primary=i == 0) for i, e in enumerate(emails)])
    return contacts.add_contact(db, data).id


def member_ids(resolved: lists.ResolvedList) -> list[int]:
    return sorted(m.id for m in resolved.members)


def reasons(resolved: lists.ResolvedList) -> dict[int, str]:
    return {x.contact.id: x.reason for x in resolved.excluded}


def test_a_list_from_a_query_holds_the_matching_people_at_their_primary_address(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example", "ann.home@mail.example")
    bo = person(db, "Bo Chen", "bo@metro.example")
    person(db, "Cy Park", "cy@other.example", beat="sport")
    person(db, "Di Ruiz", "di@metro.example", country="FR")
    resolved = lists.create(db, "climate-gb", query='beat:climate country:GB org:"Metro Wire"')
    assert member_ids(resolved) == sorted([ann, bo])
    assert {m.id: m.email for m in resolved.members}[ann] == "ann@metro.example"
    assert resolved.excluded == []
    assert lists.summaries(db)[0].query == 'beat:climate country:GB org:"Metro Wire"'


def test_people_without_a_usable_address_are_excluded_with_the_reason(db: Database) -> None:
    ok = person(db, "Ann Lee", "ann@metro.example")
    dnc = person(db, "Bo Chen", "bo@metro.example", dnc=True)
    nomail = person(db, "Cy Park")
    invalid = person(db, "Di Ruiz", "not-an-address")
    bounced = person(db, "Ed Wu", "ed@metro.example")
    opted = person(db, "Flo Ng", "flo@metro.example")
    trashed = person(db, "Gus Roe", "gus@metro.example")
    outreach_log.log(db, bounced, "bounced")
    outreach_log.log(db, opted, "opted_out")
    contacts.trash(db, [trashed])
    resolved = lists.create(db, "all", query="beat:climate", contact_ids=[trashed])
    assert member_ids(resolved) == [ok]
    assert reasons(resolved) == {dnc: DO_NOT_CONTACT, nomail: NO_VALID_EMAIL, invalid: NO_VALID_EMAIL,
                                 bounced: BOUNCED, opted: OPTED_OUT, trashed: IN_TRASH}
    shown = {x.contact.id: x.contact for x in resolved.excluded}
    assert shown[bounced].name == "Ed Wu" and shown[bounced].email == "ed@metro.example"


def test_a_second_good_address_is_used_when_the_primary_bounced(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example", "ann@home.example")
    outreach_log.log(db, ann, "bounced", address="ann@metro.example")
    resolved = lists.create(db, "l", contact_ids=[ann])
    assert [m.email for m in resolved.members] == ["ann@home.example"]


def test_a_chosen_address_is_used_instead_of_the_primary(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example", "ann@home.example")
    lists.create(db, "l", contact_ids=[ann])
    lists.set_address(db, "l", ann, "ANN@home.example")
    assert [m.email for m in lists.show(db, "l").members] == ["ann@home.example"]


def test_refresh_adds_new_matches_keeps_hand_added_and_never_re_adds_removed(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example")
    bo = person(db, "Bo Chen", "bo@metro.example")
    sport = person(db, "Cy Park", "cy@metro.example", beat="sport")
    lists.create(db, "climate", query="beat:climate")
    assert lists.remove(db, "climate", [bo]) == 1
    assert lists.add(db, "climate", [sport]) == 1
    late = person(db, "Di Ruiz", "di@metro.example")
    assert lists.refresh(db, "climate") == 1
    resolved = lists.show(db, "climate")
    assert member_ids(resolved) == sorted([ann, sport, late])
    assert {m.id: m.added_by for m in resolved.members}[sport] == "hand"
    # Adding a removed person by hand brings them back.
    lists.add(db, "climate", [bo])
    lists.refresh(db, "climate")
    assert bo in member_ids(lists.show(db, "climate"))


def test_list_names_are_unique_and_unknown_names_and_ids_are_user_errors(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example")
    lists.create(db, "l", contact_ids=[ann])
    with pytest.raises(UserError, match="already exists"):
        lists.create(db, "l")
    with pytest.raises(UserError, match="no send-list"):
        lists.show(db, "nope")
    with pytest.raises(UserError, match="no contact with id 999"):
        lists.add(db, "l", [999])
    with pytest.raises(UserError, match="no release"):
        lists.create(db, "m", release_id=42)


def test_delete_removes_the_list_but_keeps_the_people_and_their_history(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example")
    lists.create(db, "l", contact_ids=[ann])
    outreach_log.log_for_list(db, "l", "sent")
    lists.delete(db, "l")
    assert lists.summaries(db) == []
    assert [e.kind for e in outreach_log.timeline(db, ann)] == ["sent"]


@pytest.mark.parametrize("fmt", ["bcc", "csv", "outlook", "google", "mailchimp", "vcard", "vcard4", "xlsx"])
def test_export_holds_exactly_the_members(db: Database, tmp_path: Path, fmt: str) -> None:
    if fmt not in lists.export_formats():
        pytest.skip(f"the export module has no {fmt}")
    person(db, "Ann Lee", "ann@metro.example", "ann@home.example")
    bo = person(db, "Bo Chen", "bo@metro.example", "bo@home.example")
    person(db, "Cy Park", "cy@metro.example", dnc=True)
    person(db, "Di Ruiz")
    lists.create(db, "l", query="beat:climate")
    lists.set_address(db, "l", bo, "bo@home.example")
    target = tmp_path / f"out.{fmt}"
    result = lists.export(db, "l", fmt, target)
    assert result.written == 2 and result.excluded == 2
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(target, read_only=True).active
        assert sheet is not None
        text = "\n".join(",".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True))
    else:
        text = target.read_text(encoding="utf-8-sig")
    assert "ann@metro.example" in text and "bo@home.example" in text
    assert "Cy Park" not in text and "cy@metro.example" not in text and "Di Ruiz" not in text
    assert "bo@metro.example" not in text  # only the address chosen for the list
    if fmt == "bcc":
        assert text.splitlines() == ["Ann Lee <ann@metro.example>", "Bo Chen <bo@home.example>"]
    if fmt in ("csv", "outlook", "google", "mailchimp"):
        rows = list(csv.reader(text.splitlines()))
        assert len(rows) == 3  # header and the two members
    if fmt in ("vcard", "vcard4"):
        assert text.count("BEGIN:VCARD") == 2


def test_export_refuses_an_unknown_format(db: Database, tmp_path: Path) -> None:
    lists.create(db, "l")
    with pytest.raises(UserError, match="--format"):
        lists.export(db, "l", "pdf", tmp_path / "x")


def test_an_opted_out_address_stays_out_even_on_a_new_contact(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example")
    outreach_log.log(db, ann, "opted_out")
    again = person(db, "Ann Lee (re-imported)", "Ann@Metro.example")
    resolved = lists.create(db, "l", contact_ids=[again])
    assert resolved.members == []
    assert reasons(resolved) == {again: SUPPRESSED}
