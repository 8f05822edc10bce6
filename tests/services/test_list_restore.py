"""Deleting a send-list loses nothing: restore brings back the same list (members, chosen addresses,
hand additions and removals, links of the events logged through it); per-list counts for the list
table; the log filtered by kind."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from outreach.domain.contact import ContactInput, EmailInput
from outreach.errors import UserError
from outreach.services import contacts, lists, outreach_log, privacy
from outreach.store import releases
from outreach.store.database import Database
from outreach.store.queries.contacts import input_from_detail

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def person(db: Database, name: str, *emails: str, beat: str = "climate", dnc: bool = False) -> int:
    data = ContactInput(display_name=name, tags=[beat], do_not_contact=dnc, dnc_reason="asked" if dnc else "",
                        emails=[EmailInput(e, primary=i == 0) for i, e in enumerate(emails)])
    return contacts.add_contact(db, data).id


def release(db: Database, title: str = "Heat report") -> int:
    with db.session() as session:
        return releases.create_release(session, title=title)


def state(db: Database, name: str) -> tuple[str, str, str]:
    """Everything a list shows, for comparing before a delete and after the restore."""
    summary = next(s for s in lists.summaries(db) if s.name == name)
    overview = next(o for o in lists.overviews(db) if o.name == name)
    return repr(lists.show(db, name)), repr(summary), repr(overview)


@pytest.fixture
def climate(db: Database) -> dict[str, int]:
    """A list for a release from a query, with a hand addition, a hand removal, a chosen address, an
    excluded person, and events logged through it."""
    rel = release(db)
    ids = {
        "ann": person(db, "Ann Lee", "ann@metro.example", "ann@home.example"),
        "bo": person(db, "Bo Chen", "bo@metro.example"),
        "cy": person(db, "Cy Park", "cy@metro.example", dnc=True),
        "di": person(db, "Di Ruiz", "di@metro.example", beat="sport"),
        "ed": person(db, "Ed Wu", "ed@metro.example"),
        "rel": rel,
    }
    lists.create(db, "climate", release_id=rel, query="beat:climate", contact_ids=[ids["di"]])
    lists.remove(db, "climate", [ids["ed"]])
    lists.set_address(db, "climate", ids["ann"], "ann@home.example")
    outreach_log.log_for_list(db, "climate", "sent", when=T0)
    outreach_log.log(db, ids["bo"], "replied", release_id=rel, when=T0 + timedelta(days=1))
    return ids


def test_delete_then_restore_gives_back_the_same_list(db: Database, climate: dict[str, int]) -> None:
    before = state(db, "climate")
    board = repr(outreach_log.status_board(db, climate["rel"]))
    list_id = lists.show(db, "climate").id
    deleted = lists.delete(db, "climate")
    assert (deleted.id, deleted.name, deleted.release_id, deleted.query) == (list_id, "climate", climate["rel"],
                                                                            "beat:climate")
    assert {(m.contact_id, m.added_by, m.removed) for m in deleted.members} == {
        (climate["ann"], "query", False), (climate["bo"], "query", False), (climate["cy"], "query", False),
        (climate["ed"], "query", True), (climate["di"], "hand", False)}
    assert lists.summaries(db) == [] and lists.overviews(db) == []
    assert {e.send_list for e in outreach_log.events(db, limit=None)} == {""}  # the log keeps every event

    restored = lists.restore(db, deleted)
    assert (restored.id, restored.name, restored.members, restored.skipped, restored.events) == (
        list_id, "climate", 5, 0, 3)
    assert state(db, "climate") == before
    assert repr(outreach_log.status_board(db, climate["rel"])) == board
    assert {e.send_list for e in outreach_log.events(db, kind="sent")} == {"climate"}
    # The hand removal is kept: a refresh does not bring Ed back.
    assert lists.refresh(db, "climate") == 0
    assert climate["ed"] not in {m.id for m in lists.show(db, "climate").members}
    # And it can be deleted and restored again.
    assert lists.restore(db, lists.delete(db, "climate")).id == list_id
    assert state(db, "climate") == before


def test_a_name_taken_again_is_refused_unless_another_name_is_given(db: Database, climate: dict[str, int]) -> None:
    deleted = lists.delete(db, "climate")
    lists.create(db, "climate", contact_ids=[climate["bo"]])
    with pytest.raises(UserError, match="exists again"):
        lists.restore(db, deleted)
    restored = lists.restore(db, deleted, name="climate (restored)")
    assert restored.name == "climate (restored)" and restored.id != lists.show(db, "climate").id
    assert {e.send_list for e in outreach_log.events(db, kind="sent")} == {"climate (restored)"}
    assert sorted(m.id for m in lists.show(db, "climate (restored)").members) == sorted(
        [climate["ann"], climate["bo"], climate["di"]])


def test_people_erased_since_stay_out_and_a_deleted_address_falls_back_to_the_primary(
        db: Database, climate: dict[str, int]) -> None:
    deleted = lists.delete(db, "climate")
    privacy.erase(db, climate["bo"])
    ann = contacts.get_contact(db, climate["ann"])
    data = input_from_detail(ann)
    contacts.edit_contact(db, ann.id, dataclasses.replace(data, emails=data.emails[:1]))  # no home address now
    restored = lists.restore(db, deleted)
    assert (restored.members, restored.skipped, restored.events) == (4, 1, 2)
    shown = lists.show(db, "climate")
    assert {m.id: m.email for m in shown.members} == {climate["ann"]: "ann@metro.example",
                                                     climate["di"]: "di@metro.example"}
    assert climate["bo"] not in {x.contact.id for x in shown.excluded}


def test_an_id_given_to_a_new_list_meanwhile_is_not_taken_over(db: Database, climate: dict[str, int]) -> None:
    deleted = lists.delete(db, "climate")
    lists.create(db, "new", contact_ids=[climate["bo"]])
    outreach_log.log_for_list(db, "new", "pitched", when=T0)
    restored = lists.restore(db, deleted)
    assert restored.events == 3
    assert {e.send_list for e in outreach_log.events(db, kind="pitched")} == {"new"}
    assert {e.send_list for e in outreach_log.events(db, kind="sent")} == {"climate"}
    assert [m.id for m in lists.show(db, "new").members] == [climate["bo"]]
    # Lists made after a restore get fresh ids (on PostgreSQL too, after an insert with an explicit id).
    lists.create(db, "later")
    assert len({s.id for s in lists.summaries(db)}) == 3


def test_a_list_restored_with_an_id_beyond_the_last_one_given_does_not_block_new_lists(
        db: Database, climate: dict[str, int]) -> None:
    deleted = lists.delete(db, "climate")
    probe = lists.create(db, "probe").id  # the last id given out
    restored = lists.restore(db, dataclasses.replace(deleted, id=probe + 1))  # as from another database
    assert restored.id == probe + 1
    lists.create(db, "later")
    assert len({s.id for s in lists.summaries(db)}) == 3


def test_the_json_form_round_trips_and_anything_else_is_a_user_error(db: Database, climate: dict[str, int]) -> None:
    deleted = lists.delete(db, "climate")
    assert lists.deleted_from_json(lists.deleted_json(deleted)) == deleted
    for bad in ([], {}, {"send_list": {}, "members": [], "events": []}, {**lists.deleted_json(deleted), "events": 3}):
        with pytest.raises(UserError, match="not a deleted send-list"):
            lists.deleted_from_json(bad)


def test_overviews_count_members_and_excluded_as_show_does(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example", "ann@home.example")
    bo = person(db, "Bo Chen", "bo@metro.example")
    cy = person(db, "Cy Park", "cy@metro.example", dnc=True)
    di = person(db, "Di Ruiz")
    ed = person(db, "Ed Wu", "ed@metro.example")
    flo = person(db, "Flo Ng", "flo@metro.example")
    lists.create(db, "a", contact_ids=[ann, bo, cy, di, ed, flo])
    lists.create(db, "b", contact_ids=[ann, ed])
    lists.create(db, "empty")
    lists.set_address(db, "b", ann, "ann@home.example")
    lists.remove(db, "a", [bo])
    outreach_log.log(db, ann, "bounced", address="ann@home.example")  # on b: the chosen address bounced
    outreach_log.log(db, ed, "opted_out")
    contacts.trash(db, [flo])
    counts = {o.name: (o.members, o.excluded) for o in lists.overviews(db)}
    assert counts == {"a": (1, 4), "b": (0, 2), "empty": (0, 0)}
    for name in counts:
        shown = lists.show(db, name)
        assert counts[name] == (len(shown.members), len(shown.excluded))
    assert [(o.name, o.members + o.excluded) for o in lists.overviews(db)] == [
        (s.name, s.people) for s in lists.summaries(db)]


def test_events_can_be_filtered_by_kind(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example")
    for n, kind in enumerate(["sent", "replied", "sent", "note"]):
        outreach_log.log(db, ann, kind, when=T0 + timedelta(hours=n))
    assert [e.occurred_at for e in outreach_log.events(db, kind="sent")] == [T0 + timedelta(hours=2), T0]
    assert [e.kind for e in outreach_log.events(db, kind="sent", limit=1)] == ["sent"]
    assert outreach_log.events(db, kind="covered") == []
    assert len(outreach_log.events(db)) == 4
    with pytest.raises(UserError, match="--kind"):
        outreach_log.events(db, kind="waved")
