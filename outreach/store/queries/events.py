"""Reading the outreach log: timelines, release status boards, follow-ups and chart data (plain rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Subquery, case, cast, distinct, func, select, true
from sqlalchemy import Date as SqlDate
from sqlalchemy.orm import Session, aliased

from outreach.store.errors import NotFoundError
from outreach.store.models import Contact, OutreachEvent, Release, SendList, SendListMember, Tag, contact_tags
from outreach.store.queries.lists import (
    NO_VALID_EMAIL,
    AnySelect,
    MemberRow,
    judge,
    member_select,
    release_list_ids,
    resolve,
)
from outreach.store.types import utcnow

RESPONSES = ("replied", "interview", "covered", "declined")
POSITIVE = ("replied", "interview", "covered")
# An answer, or a sign that no answer will come: either way no follow-up is due.
SETTLED = (*RESPONSES, "bounced", "opted_out")
OUTREACH = ("pitched", "sent", "followed_up")
NOT_SENT = "not_sent"
EXCLUDED = "excluded"


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    contact_id: int
    contact_name: str
    kind: str
    occurred_at: datetime
    release_id: int | None
    release_title: str
    send_list: str
    notes: str
    url: str


@dataclass(frozen=True, slots=True)
class StatusRow:
    id: int
    name: str
    organization: str
    email: str
    status: str  # the latest event's kind; not_sent, or excluded when nothing was logged
    at: datetime | None
    excluded: str = ""  # why nothing can be sent to them now ("" for sendable members)


@dataclass(frozen=True, slots=True)
class StatusBoard:
    release_id: int
    title: str
    members: list[StatusRow]
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    contact_id: int
    name: str
    organization: str
    email: str
    release_id: int | None
    release_title: str
    sent_at: datetime
    last_contacted: datetime
    days_waiting: int


@dataclass(frozen=True, slots=True)
class FunnelRow:
    release_id: int
    title: str
    sent: int
    replied: int
    covered: int


@dataclass(frozen=True, slots=True)
class WeekRow:
    week: str  # ISO week, e.g. 2026-W05
    year: int
    number: int
    count: int


@dataclass(frozen=True, slots=True)
class RateRow:
    group: str
    sent: int
    responded: int
    rate: float


def _event_rows(session: Session, *where: ColumnElement[bool], limit: int | None) -> list[EventRow]:
    stmt = (select(OutreachEvent.id, OutreachEvent.contact_id, Contact.display_name, OutreachEvent.kind,
                   OutreachEvent.occurred_at, OutreachEvent.release_id, func.coalesce(Release.title, ""),
                   func.coalesce(SendList.name, ""), OutreachEvent.notes, OutreachEvent.coverage_url)
            .join(Contact, Contact.id == OutreachEvent.contact_id)
            .outerjoin(Release, Release.id == OutreachEvent.release_id)
            .outerjoin(SendList, SendList.id == OutreachEvent.send_list_id)
            .where(*where).order_by(OutreachEvent.occurred_at.desc(), OutreachEvent.id.desc()))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [EventRow(*tuple(row)) for row in session.execute(stmt)]


def timeline(session: Session, contact_id: int, limit: int | None = None) -> list[EventRow]:
    """A person's events, newest first, with the release title."""
    return _event_rows(session, OutreachEvent.contact_id == contact_id, limit=limit)


def list_events(session: Session, contact_id: int | None = None, release_id: int | None = None,
                limit: int | None = 500, kind: str | None = None) -> list[EventRow]:
    """Events newest first, of one person, release and/or kind (each filter optional)."""
    where: list[ColumnElement[bool]] = []
    if contact_id is not None:
        where.append(OutreachEvent.contact_id == contact_id)
    if release_id is not None:
        where.append(OutreachEvent.release_id == release_id)
    if kind is not None:
        where.append(OutreachEvent.kind == kind)
    return _event_rows(session, *where, limit=limit)


def _release(session: Session, release_id: int) -> Release:
    release = session.get(Release, release_id)
    if release is None:
        raise NotFoundError(f"no release with id {release_id}")
    return release


def release_members(session: Session, release_id: int) -> list[MemberRow]:
    members, _ = resolve(session, release_list_ids(session, release_id))
    return members


def _with_latest_status(session: Session, release_id: int, stmt: AnySelect) -> AnySelect:
    """`stmt` (rows of send_list_members) plus the kind and time of each person's latest event about
    the release (notes aside; the higher id wins a tie): one index probe per person, newest first."""
    event = aliased(OutreachEvent)
    newest = (select(event.id, event.kind, event.occurred_at)
              .where(event.release_id == release_id, event.contact_id == SendListMember.contact_id,
                     event.kind != "note")
              .order_by(event.occurred_at.desc(), event.id.desc()).limit(1))
    if session.get_bind().dialect.name == "postgresql":
        latest = newest.lateral("latest")
        return stmt.add_columns(latest.c.kind, latest.c.occurred_at).outerjoin(latest, true())
    # SQLite has no LATERAL: the newest event's id from a correlated subquery, then that row by its id.
    found = aliased(OutreachEvent)
    return (stmt.add_columns(found.kind, found.occurred_at)
            .outerjoin(found, found.id == newest.with_only_columns(event.id).scalar_subquery()))


def status_board(session: Session, release_id: int) -> StatusBoard:
    """Everyone on the release's lists with their latest status for it, and counts per status.

    People now excluded (say their address bounced after the send) stay on the board with their
    last status and the reason; excluded people never sent anything count as `excluded`.
    """
    release = _release(session, release_id)
    ids = release_list_ids(session, release_id)
    members: list[StatusRow] = []
    excluded: list[StatusRow] = []
    if ids:
        stmt = _with_latest_status(session, release_id, member_select(ids))
        for row, address, problem in judge(session, ids, stmt):
            cid, name, org, kind, at = row[0], row[1], row[2], row[9], row[10]
            if problem or address is None:
                excluded.append(StatusRow(cid, name, org, address.normalized if address is not None else "",
                                          kind or EXCLUDED, at, problem or NO_VALID_EMAIL))
            else:
                members.append(StatusRow(cid, name, org, address.normalized, kind or NOT_SENT, at))
    rows = members + excluded
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.status] = counts.get(r.status, 0) + 1
    return StatusBoard(release.id, release.title, rows, counts)


def follow_ups(session: Session, days: int, release_id: int | None = None,
               now: datetime | None = None) -> list[FollowUpRow]:
    """People sent a release, last contacted about it at least `days` ago, with no answer since it was sent.

    Sends logged without a release count together as one (release_id None).
    """
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    kind = OutreachEvent.kind
    first_sent = func.min(case((kind == "sent", OutreachEvent.occurred_at)))
    last_touch = func.max(case((kind.in_(("sent", "followed_up")), OutreachEvent.occurred_at)))
    last_answer = func.max(case((kind.in_(SETTLED), OutreachEvent.occurred_at)))
    grouped = (select(OutreachEvent.contact_id, OutreachEvent.release_id, first_sent.label("first_sent"),
                      last_touch.label("last_touch"), last_answer.label("last_answer"))
               .where(kind.in_(("sent", "followed_up", *SETTLED)))
               .group_by(OutreachEvent.contact_id, OutreachEvent.release_id))
    if release_id is not None:
        grouped = grouped.where(OutreachEvent.release_id == release_id)
    g = grouped.subquery()
    stmt = (select(g.c.contact_id, Contact.display_name, Contact.org_name, Contact.primary_email, g.c.release_id,
                   func.coalesce(Release.title, ""), g.c.first_sent, g.c.last_touch)
            .join(Contact, Contact.id == g.c.contact_id)
            .outerjoin(Release, Release.id == g.c.release_id)
            .where(g.c.first_sent.is_not(None), g.c.last_touch <= cutoff,
                   (g.c.last_answer.is_(None)) | (g.c.last_answer < g.c.first_sent),
                   Contact.deleted_at.is_(None), Contact.do_not_contact.is_(False))
            .order_by(g.c.last_touch, g.c.contact_id))
    rows = []
    for cid, name, org, email, rid, title, sent_at, touched in session.execute(stmt):
        rows.append(FollowUpRow(cid, name, org, email, rid, title, sent_at, touched, (now - touched).days))
    return rows


def funnel(session: Session, release_id: int | None = None) -> list[FunnelRow]:
    """Per release: how many people were sent it, answered (replied, interview or coverage), covered it."""
    kind = OutreachEvent.kind
    who = OutreachEvent.contact_id
    stmt = (select(Release.id, Release.title,
                   func.count(distinct(case((kind == "sent", who)))),
                   func.count(distinct(case((kind.in_(POSITIVE), who)))),
                   func.count(distinct(case((kind == "covered", who)))))
            .join(OutreachEvent, OutreachEvent.release_id == Release.id)
            .group_by(Release.id, Release.title).order_by(Release.id))
    if release_id is not None:
        stmt = stmt.where(Release.id == release_id)
    return [FunnelRow(rid, title or "", int(s), int(r), int(c)) for rid, title, s, r, c in session.execute(stmt)]


def outreach_per_week(session: Session, kinds: tuple[str, ...] = OUTREACH) -> list[WeekRow]:
    """Outreach events (pitched, sent, followed up) per ISO week, oldest first (UTC)."""
    if session.get_bind().dialect.name == "sqlite":
        day: ColumnElement[object] = func.date(OutreachEvent.occurred_at)
    else:
        day = cast(func.timezone("UTC", OutreachEvent.occurred_at), SqlDate)
    stmt = select(day, func.count()).where(OutreachEvent.kind.in_(kinds)).group_by(day)
    weeks: dict[tuple[int, int], int] = {}
    for value, count in session.execute(stmt):
        when = value if isinstance(value, date) else date.fromisoformat(str(value))
        year, number, _ = when.isocalendar()
        weeks[(year, number)] = weeks.get((year, number), 0) + int(count)
    return [WeekRow(f"{y}-W{n:02d}", y, n, c) for (y, n), c in sorted(weeks.items())]


def _pairs() -> Subquery:
    """One row per (person, release) -- sends without a release as one -- : sent? answered?"""
    kind = OutreachEvent.kind
    return (select(OutreachEvent.contact_id, OutreachEvent.release_id,
                   func.max(case((kind == "sent", 1), else_=0)).label("sent"),
                   func.max(case((kind.in_(RESPONSES), 1), else_=0)).label("answered"))
            .group_by(OutreachEvent.contact_id, OutreachEvent.release_id)).subquery()


def _rates(rows: list[tuple[str, int, int]]) -> list[RateRow]:
    return [RateRow(group, int(sent), int(answered), round(int(answered) / int(sent), 4) if sent else 0.0)
            for group, sent, answered in rows]


def response_rate_by_outlet(session: Session) -> list[RateRow]:
    p = _pairs()
    stmt = (select(Contact.org_name, func.sum(p.c.sent), func.sum(p.c.answered))
            .join(Contact, Contact.id == p.c.contact_id)
            .where(p.c.sent == 1)
            .group_by(Contact.org_name).order_by(Contact.org_name))
    return _rates([(org or "(no organisation)", s, a) for org, s, a in session.execute(stmt)])


def response_rate_by_beat(session: Session) -> list[RateRow]:
    p = _pairs()
    stmt = (select(Tag.name, func.sum(p.c.sent), func.sum(p.c.answered))
            .join(contact_tags, contact_tags.c.contact_id == p.c.contact_id)
            .join(Tag, Tag.id == contact_tags.c.tag_id)
            .where(p.c.sent == 1)
            .group_by(Tag.name).order_by(Tag.name))
    return _rates([(beat, s, a) for beat, s, a in session.execute(stmt)])
