"""Outreach log: events for a person or a whole list, delivery effects, timelines, status boards,
follow-ups, embargo local times, chart rows and pitches (mailto vs .eml)."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from outreach.domain.contact import ContactInput, EmailInput
from outreach.errors import UserError
from outreach.services import contacts, lists, outreach_log, pitching, privacy
from outreach.store import releases
from outreach.store.database import Database
from outreach.store.queries.lists import SUPPRESSED

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def person(db: Database, name: str, *emails: str, org: str = "Metro Wire", beat: str = "climate",
           tz: str = "", dnc: bool = False) -> int:
    data = ContactInput(display_name=name, organization=org, tags=[beat], time_zone=tz, do_not_contact=dnc,
                        emails=[EmailInput(e, primary=i == 0) for i, e in enumerate(emails)])
    return contacts.add_contact(db, data).id


def release(db: Database, title: str = "Heat report", embargo: datetime | None = None) -> int:
    with db.session() as session:
        return releases.create_release(session, title=title, embargo_at=embargo)


def test_logging_for_a_list_makes_one_event_per_member_and_skips_the_excluded(db: Database) -> None:
    rel = release(db)
    ann = person(db, "Ann Lee", "ann@metro.example")
    bo = person(db, "Bo Chen", "bo@metro.example")
    dnc = person(db, "Cy Park", "cy@metro.example", dnc=True)
    nomail = person(db, "Di Ruiz")
    lists.create(db, "climate", release_id=rel, query="beat:climate")
    result = outreach_log.log_for_list(db, "climate", "sent", when=T0)
    assert result.logged == 2
    assert sorted(x.contact.id for x in result.skipped) == sorted([dnc, nomail])
    sent = outreach_log.events(db, release_id=rel)
    assert sorted(e.contact_id for e in sent) == sorted([ann, bo])
    assert {e.release_title for e in sent} == {"Heat report"} and {e.send_list for e in sent} == {"climate"}
    assert outreach_log.timeline(db, dnc) == []


def test_a_bounce_marks_the_address_and_takes_the_person_off_sends(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example")
    lists.create(db, "l", contact_ids=[ann])
    outreach_log.log(db, ann, "bounced", when=T0)
    assert contacts.get_contact(db, ann).emails[0].delivery_status == "bounced"
    assert lists.show(db, "l").members == []
    assert outreach_log.log_for_list(db, "l", "sent").logged == 0


def test_opting_out_marks_the_address_and_suppresses_it_by_hash(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example", "ann@home.example")
    outreach_log.log(db, ann, "opted_out", address="ann@home.example")
    statuses = {e.normalized: e.delivery_status for e in contacts.get_contact(db, ann).emails}
    assert statuses == {"ann@metro.example": "ok", "ann@home.example": "opted_out"}
    assert privacy.is_suppressed(db, " ANN@home.example ")
    assert not privacy.is_suppressed(db, "ann@metro.example")
    other = person(db, "Someone", "ann@home.example")
    resolved = lists.create(db, "l", contact_ids=[other])
    assert [(x.contact.id, x.reason) for x in resolved.excluded] == [(other, SUPPRESSED)]


def test_opting_out_a_whole_list_marks_every_member(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example")
    bo = person(db, "Bo Chen", "bo@metro.example")
    lists.create(db, "l", contact_ids=[ann, bo])
    assert outreach_log.log_for_list(db, "l", "opted_out").logged == 2
    assert privacy.is_suppressed(db, "ann@metro.example") and privacy.is_suppressed(db, "bo@metro.example")
    assert lists.show(db, "l").members == []


def test_timeline_is_newest_first_with_release_titles(db: Database) -> None:
    rel = release(db, "Heat report")
    ann = person(db, "Ann Lee", "ann@metro.example")
    outreach_log.log(db, ann, "pitched", release_id=rel, when=T0)
    outreach_log.log(db, ann, "covered", release_id=rel, url="https://news.example/heat", when=T0 + timedelta(days=3))
    outreach_log.log(db, ann, "note", notes="prefers phone", when=T0 + timedelta(days=1))
    rows = outreach_log.timeline(db, ann)
    assert [r.kind for r in rows] == ["covered", "note", "pitched"]
    assert rows[0].release_title == "Heat report" and rows[0].url == "https://news.example/heat"
    assert rows[1].release_title == "" and rows[1].notes == "prefers phone"


def test_unknown_kind_contact_or_release_is_a_user_error(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example")
    with pytest.raises(UserError, match="--kind"):
        outreach_log.log(db, ann, "waved")
    with pytest.raises(UserError, match="no contact"):
        outreach_log.log(db, 999, "note")
    with pytest.raises(UserError, match="no release"):
        outreach_log.log(db, ann, "sent", release_id=999)


def test_status_board_shows_each_members_latest_status_and_counts(db: Database) -> None:
    rel = release(db)
    ann = person(db, "Ann Lee", "ann@metro.example")
    bo = person(db, "Bo Chen", "bo@metro.example")
    cy = person(db, "Cy Park", "cy@metro.example")
    di = person(db, "Di Ruiz", "di@metro.example")
    dnc = person(db, "Ed Wu", "ed@metro.example", dnc=True)
    lists.create(db, "a", release_id=rel, contact_ids=[ann, bo, dnc])
    lists.create(db, "b", release_id=rel, contact_ids=[bo, cy, di])  # Bo is on both: counted once
    outreach_log.log_for_list(db, "a", "sent", when=T0)
    outreach_log.log_for_list(db, "b", "sent", when=T0)
    outreach_log.log(db, ann, "replied", release_id=rel, when=T0 + timedelta(hours=2))
    outreach_log.log(db, bo, "covered", release_id=rel, url="https://x.example/a", when=T0 + timedelta(days=1))
    outreach_log.log(db, bo, "note", release_id=rel, when=T0 + timedelta(days=2))  # a note is no status
    outreach_log.log(db, cy, "replied", when=T0 + timedelta(days=1))  # about no release: not this one
    other = release(db, "Other")
    outreach_log.log(db, di, "declined", release_id=other, when=T0 + timedelta(days=1))
    board = outreach_log.status_board(db, rel)
    assert {r.id: r.status for r in board.members} == {ann: "replied", bo: "covered", cy: "sent", di: "sent",
                                                       dnc: "excluded"}
    assert {r.id: r.excluded for r in board.members}[dnc] == "do-not-contact"
    assert board.counts == {"replied": 1, "covered": 1, "sent": 2, "excluded": 1}


def test_a_bounce_after_sending_stays_on_the_status_board(db: Database) -> None:
    rel = release(db)
    ann = person(db, "Ann Lee", "ann@metro.example")
    lists.create(db, "a", release_id=rel, contact_ids=[ann])
    outreach_log.log_for_list(db, "a", "sent", when=T0)
    outreach_log.log(db, ann, "bounced", release_id=rel, when=T0 + timedelta(minutes=5))
    board = outreach_log.status_board(db, rel)
    assert [(r.id, r.status, r.excluded) for r in board.members] == [(ann, "bounced", "address bounced")]
    assert board.counts == {"bounced": 1}


def test_status_board_lists_members_not_yet_sent(db: Database) -> None:
    rel = release(db)
    ann = person(db, "Ann Lee", "ann@metro.example")
    lists.create(db, "a", release_id=rel, contact_ids=[ann])
    board = outreach_log.status_board(db, rel)
    assert [(r.id, r.status, r.at) for r in board.members] == [(ann, "not_sent", None)]
    assert board.counts == {"not_sent": 1}


def test_follow_ups_are_people_sent_a_release_with_no_answer_after_n_days(db: Database) -> None:
    rel = release(db)
    now = T0 + timedelta(days=10)
    waiting = person(db, "Ann Lee", "ann@metro.example")
    answered = person(db, "Bo Chen", "bo@metro.example")
    recent = person(db, "Cy Park", "cy@metro.example")
    chased = person(db, "Di Ruiz", "di@metro.example")
    lists.create(db, "l", release_id=rel, contact_ids=[waiting, answered, chased])
    outreach_log.log_for_list(db, "l", "sent", when=T0)
    outreach_log.log(db, recent, "sent", release_id=rel, when=now - timedelta(days=2))
    outreach_log.log(db, answered, "replied", release_id=rel, when=T0 + timedelta(days=1))
    outreach_log.log(db, chased, "followed_up", release_id=rel, when=now - timedelta(days=1))
    rows = outreach_log.follow_ups(db, 5, now=now)
    assert [(r.contact_id, r.release_title, r.days_waiting) for r in rows] == [(waiting, "Heat report", 10)]
    assert {r.contact_id for r in outreach_log.follow_ups(db, 1, release_id=rel, now=now)} == {waiting, recent, chased}
    assert outreach_log.follow_ups(db, 5, release_id=release(db, "unsent"), now=now) == []


def test_follow_ups_also_cover_sends_logged_without_a_release(db: Database) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example")
    bo = person(db, "Bo Chen", "bo@metro.example")
    lists.create(db, "l", contact_ids=[ann, bo])
    outreach_log.log_for_list(db, "l", "sent", when=T0)
    outreach_log.log(db, bo, "replied", when=T0 + timedelta(days=1))
    rows = outreach_log.follow_ups(db, 3, now=T0 + timedelta(days=4))
    assert [(r.contact_id, r.release_id, r.release_title, r.days_waiting) for r in rows] == [(ann, None, "", 4)]


def test_embargo_is_shown_in_each_members_local_time(db: Database) -> None:
    rel = release(db, embargo=datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
    berlin = person(db, "Ann Lee", "ann@metro.example", tz="Europe/Berlin")
    ny = person(db, "Bo Chen", "bo@metro.example", tz="America/New_York")
    nozone = person(db, "Cy Park", "cy@metro.example")
    lists.create(db, "l", release_id=rel, contact_ids=[berlin, ny, nozone])
    rows = {r.contact_id: (r.time_zone, r.local) for r in outreach_log.embargo_times(db, rel)}
    assert rows == {berlin: ("Europe/Berlin", "2026-12-01 09:00 CET"),
                    ny: ("America/New_York", "2026-12-01 03:00 EST"),
                    nozone: ("UTC", "2026-12-01 08:00 UTC")}
    assert outreach_log.embargo_local_time(datetime(2026, 7, 1, 8, 0, tzinfo=UTC), "Europe/London") == (
        "Europe/London", "2026-07-01 09:00 BST")


def test_chart_rows_funnel_weeks_and_response_rates(db: Database) -> None:
    rel = release(db, "Heat report")
    ann = person(db, "Ann Lee", "ann@metro.example", org="Metro Wire", beat="climate")
    bo = person(db, "Bo Chen", "bo@daily.example", org="Daily", beat="energy")
    cy = person(db, "Cy Park", "cy@metro.example", org="Metro Wire", beat="climate")
    lists.create(db, "l", release_id=rel, contact_ids=[ann, bo, cy])
    outreach_log.log_for_list(db, "l", "sent", when=datetime(2026, 11, 2, 9, tzinfo=UTC))  # Monday, W45
    outreach_log.log(db, ann, "replied", release_id=rel, when=datetime(2026, 11, 3, tzinfo=UTC))
    outreach_log.log(db, ann, "covered", release_id=rel, when=datetime(2026, 11, 4, tzinfo=UTC))
    outreach_log.log(db, bo, "followed_up", release_id=rel, when=datetime(2026, 11, 9, 9, tzinfo=UTC))  # W46
    outreach_log.log(db, cy, "declined", release_id=rel, when=datetime(2026, 11, 9, tzinfo=UTC))
    (row,) = outreach_log.funnel(db)
    assert (row.title, row.sent, row.replied, row.covered) == ("Heat report", 3, 1, 1)
    assert [(w.week, w.count) for w in outreach_log.outreach_per_week(db)] == [("2026-W45", 3), ("2026-W46", 1)]
    outlets = {r.group: (r.sent, r.responded, r.rate) for r in outreach_log.response_rate_by_outlet(db)}
    assert outlets == {"Metro Wire": (2, 2, 1.0), "Daily": (1, 0, 0.0)}
    beats = {r.group: (r.sent, r.responded) for r in outreach_log.response_rate_by_beat(db)}
    assert beats == {"climate": (2, 2), "energy": (1, 0)}


def test_a_small_list_gets_one_mailto_link_with_everyone_in_bcc(db: Database, tmp_path: Path) -> None:
    rel = release(db)
    ann = person(db, "Ann Lee", "ann@metro.example")
    bo = person(db, "Bo Chen", "bo@metro.example")
    dnc = person(db, "Cy Park", "cy@metro.example", dnc=True)
    lists.create(db, "l", release_id=rel, contact_ids=[ann, bo, dnc])
    result = pitching.compose(db, "l", "Heat & health", "Dear all,\nsee attached.", tmp_path / "out")
    assert result.mode == "mailto" and result.files == []
    parts = urlsplit(result.url)
    query = parse_qs(parts.query)
    assert parts.scheme == "mailto" and parts.path == ""
    assert query["bcc"] == ["ann@metro.example,bo@metro.example"]
    assert query["subject"] == ["Heat & health"] and query["body"] == ["Dear all,\r\nsee attached."]
    assert (tmp_path / "out" / "mailto.txt").read_text().strip() == result.url
    assert [x.contact.id for x in result.excluded] == [dnc]
    assert {e.contact_id for e in outreach_log.events(db, release_id=rel) if e.kind == "sent"} == {ann, bo}


def test_a_large_list_gets_one_eml_draft_per_recipient(db: Database, tmp_path: Path) -> None:
    ids = [person(db, f"Reporter {n}", f"r{n}@metro.example") for n in range(51)]
    lists.create(db, "big", contact_ids=ids)
    result = pitching.compose(db, "big", "Heat report", "Hello,\nthe report.", tmp_path / "eml")
    assert result.mode == "eml" and result.url == "" and len(result.files) == 51
    message = email.message_from_bytes(Path(result.files[0]).read_bytes(), policy=policy.default)
    assert message["Subject"] == "Heat report"
    assert message["To"].addresses[0].addr_spec.startswith("r")
    assert message.get_content().strip() == "Hello,\nthe report."
    recipients = set()
    for f in result.files:
        recipients.add(email.message_from_bytes(Path(f).read_bytes(), policy=policy.default)["To"].addresses[0]
                       .addr_spec)
    assert recipients == {f"r{n}@metro.example" for n in range(51)}
    assert len([e for e in outreach_log.events(db, limit=None) if e.kind == "sent"]) == 51


def test_a_long_pitch_to_a_few_people_also_goes_as_eml(db: Database, tmp_path: Path) -> None:
    ann = person(db, "Ann Lee", "ann@metro.example")
    lists.create(db, "l", contact_ids=[ann])
    result = pitching.compose(db, "l", "Heat", "x" * 2100, tmp_path / "o")
    assert result.mode == "eml" and len(result.files) == 1
