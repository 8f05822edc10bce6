"""The release status board: each person's latest status when events share a timestamp or were logged
through several lists, and counts that always add up -- checked against a plain recomputation."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from outreach.domain.contact import ContactInput, EmailInput
from outreach.services import contacts, lists, outreach_log
from outreach.store import releases
from outreach.store.database import Database
from outreach.store.queries.events import EXCLUDED, NOT_SENT, StatusBoard

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def person(db: Database, name: str, email: str = "", dnc: bool = False) -> int:
    emails = [EmailInput(email, primary=True)] if email else []
    return contacts.add_contact(db, ContactInput(display_name=name, do_not_contact=dnc, emails=emails)).id


def release(db: Database, title: str) -> int:
    with db.session() as session:
        return releases.create_release(session, title=title)


def statuses(board: StatusBoard) -> dict[int, str]:
    return {r.id: r.status for r in board.members}


def test_events_at_the_same_moment_the_one_logged_last_wins_and_notes_never_do(db: Database) -> None:
    rel = release(db, "Heat report")
    ann = person(db, "Ann Lee", "ann@metro.example")
    bo = person(db, "Bo Chen", "bo@metro.example")
    lists.create(db, "l", release_id=rel, contact_ids=[ann, bo])
    outreach_log.log_for_list(db, "l", "sent", when=T0)
    outreach_log.log(db, ann, "replied", release_id=rel, when=T0)  # same moment as the send: logged later
    outreach_log.log(db, ann, "note", release_id=rel, when=T0)  # same moment again, but a note is no status
    outreach_log.log(db, bo, "declined", release_id=rel, when=T0 + timedelta(hours=1))
    outreach_log.log(db, bo, "followed_up", release_id=rel, when=T0 + timedelta(hours=1))
    board = outreach_log.status_board(db, rel)
    assert statuses(board) == {ann: "replied", bo: "followed_up"}
    assert {r.id: r.at for r in board.members} == {ann: T0, bo: T0 + timedelta(hours=1)}
    assert board.counts == {"replied": 1, "followed_up": 1}


def test_people_on_several_lists_of_the_release_are_on_the_board_once_with_their_latest_event(db: Database) -> None:
    rel = release(db, "Heat report")
    other = release(db, "Other")
    ann = person(db, "Ann Lee", "ann@metro.example")
    bo = person(db, "Bo Chen", "bo@metro.example")
    cy = person(db, "Cy Park", "cy@metro.example")
    di = person(db, "Di Ruiz", "di@metro.example")
    ed = person(db, "Ed Wu", "ed@metro.example", dnc=True)
    lists.create(db, "a", release_id=rel, contact_ids=[ann, bo, ed])
    lists.create(db, "b", release_id=rel, contact_ids=[bo, cy, di])
    lists.create(db, "c", release_id=other, contact_ids=[ann, di])
    outreach_log.log_for_list(db, "a", "sent", when=T0)
    outreach_log.log_for_list(db, "b", "sent", when=T0)  # Bo gets it twice, at the same moment
    outreach_log.log_for_list(db, "c", "sent", when=T0 + timedelta(days=2))  # another release: not this board
    outreach_log.log(db, bo, "replied", release_id=rel, when=T0 + timedelta(days=1))
    lists.remove(db, "b", [di])  # Di is off the only list of this release he was on
    lists.remove(db, "a", [ann])
    lists.add(db, "b", [ann])  # Ann moved from a to b: still on the board, her send still counts
    board = outreach_log.status_board(db, rel)
    assert [r.id for r in board.members].count(bo) == 1
    assert statuses(board) == {ann: "sent", bo: "replied", cy: "sent", ed: EXCLUDED}
    assert board.counts == {"sent": 2, "replied": 1, EXCLUDED: 1}
    # Deleting a list keeps what was logged through it.
    lists.delete(db, "a")
    assert statuses(outreach_log.status_board(db, rel)) == {ann: "sent", bo: "replied", cy: "sent"}


def test_the_board_matches_a_plain_recomputation_from_the_log(db: Database) -> None:
    rng = random.Random(5)
    rel = release(db, "Heat report")
    other = release(db, "Other")
    people = [person(db, f"Reporter {n:02d}", f"r{n}@metro.example" if n % 7 else "", dnc=n % 11 == 0)
              for n in range(40)]
    lists.create(db, "a", release_id=rel, contact_ids=people[:25])
    lists.create(db, "b", release_id=rel, contact_ids=people[15:35])
    kinds = ["pitched", "sent", "followed_up", "replied", "interview", "covered", "declined", "note"]
    moments = [T0 + timedelta(hours=h) for h in range(4)]  # few moments: many ties
    for _ in range(150):
        outreach_log.log(db, rng.choice(people), rng.choice(kinds), release_id=rng.choice([rel, rel, other, None]),
                         when=rng.choice(moments))
    outreach_log.log_for_list(db, "b", "sent", when=moments[1])
    board = outreach_log.status_board(db, rel)

    on_board = set(people[:35])
    latest: dict[int, tuple[datetime, int, str]] = {}
    for e in outreach_log.events(db, release_id=rel, limit=None):
        if e.kind != "note" and e.contact_id in on_board:
            latest[e.contact_id] = max(latest.get(e.contact_id, (e.occurred_at, -1, "")), (e.occurred_at, e.id, e.kind))
    sendable = {m.id for m in lists.show(db, "a").members} | {m.id for m in lists.show(db, "b").members}
    expected = {cid: latest[cid][2] if cid in latest else NOT_SENT if cid in sendable else EXCLUDED
                for cid in on_board}
    assert statuses(board) == expected
    assert {r.id: r.at for r in board.members} == {cid: latest[cid][0] if cid in latest else None
                                                   for cid in on_board}
    counts: dict[str, int] = {}
    for status in expected.values():
        counts[status] = counts.get(status, 0) + 1
    assert board.counts == counts and sum(board.counts.values()) == len(board.members) == 35
    # Sendable people first, then the excluded ones (with their reason), each in name order.
    reasons = [r.excluded for r in board.members]
    assert reasons == sorted(reasons, key=bool)
    assert all((r.excluded == "") == (r.id in sendable) for r in board.members)
