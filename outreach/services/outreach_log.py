"""Outreach history use cases: log what was done and what came of it; timelines, status boards,
follow-ups, embargo times and chart data as plain rows (for the command line and, later, GUI charts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from outreach.errors import UserError
from outreach.services.gc_pause import paused_gc
from outreach.store import events as event_store
from outreach.store.database import Database
from outreach.store.errors import NotFoundError
from outreach.store.events import ListLogResult
from outreach.store.models import Release
from outreach.store.queries import events as event_queries
from outreach.store.queries.events import EventRow, FollowUpRow, FunnelRow, RateRow, StatusBoard, WeekRow

__all__ = [
    "EmbargoRow", "EventRow", "FollowUpRow", "FunnelRow", "ListLogResult", "RateRow", "StatusBoard", "WeekRow",
    "embargo_local_time", "embargo_times", "follow_ups", "funnel", "log", "log_for_list", "outreach_per_week",
    "parse_when", "response_rate_by_beat", "response_rate_by_outlet", "status_board", "timeline",
]


def parse_when(text: str | None) -> datetime | None:
    """An ISO date or date-time; without a zone it is taken as UTC."""
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"--when: {text!r} is not an ISO date or date-time (2026-11-27 or 2026-11-27T09:30)") from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def log(db: Database, contact_id: int, kind: str, *, release_id: int | None = None, notes: str = "",
        url: str = "", when: datetime | None = None, address: str | None = None) -> int:
    """Log one event for one person. `bounced`/`opted_out` mark their address (or `address`)."""
    return db.run(lambda session: event_store.log_event(session, contact_id, kind, release_id=release_id,
                                                        notes=notes, url=url, when=when, address=address))


def log_for_list(db: Database, name: str, kind: str, *, release_id: int | None = None, notes: str = "",
                 url: str = "", when: datetime | None = None) -> ListLogResult:
    """One event per sendable member of a list, in one transaction; excluded people are skipped."""
    with paused_gc():
        return db.run(lambda session: event_store.log_for_list(session, name, kind, release_id=release_id,
                                                               notes=notes, url=url, when=when))


def timeline(db: Database, contact_id: int, limit: int | None = None) -> list[EventRow]:
    with db.read() as session:
        return event_queries.timeline(session, contact_id, limit)


def events(db: Database, contact_id: int | None = None, release_id: int | None = None,
           limit: int | None = 500, kind: str | None = None) -> list[EventRow]:
    """Events newest first (at most `limit`), of one person, release and/or kind (one of EVENT_KINDS)."""
    if kind is not None:
        event_store.check_kind(kind)
    with db.read() as session:
        return event_queries.list_events(session, contact_id, release_id, limit, kind)


def status_board(db: Database, release_id: int) -> StatusBoard:
    with paused_gc(), db.read() as session:
        return event_queries.status_board(session, release_id)


def follow_ups(db: Database, days: int, release_id: int | None = None, now: datetime | None = None
               ) -> list[FollowUpRow]:
    if days < 0:
        raise UserError("--days must be 0 or more")
    with db.read() as session:
        return event_queries.follow_ups(session, days, release_id, now)


def funnel(db: Database, release_id: int | None = None) -> list[FunnelRow]:
    with db.read() as session:
        return event_queries.funnel(session, release_id)


def outreach_per_week(db: Database) -> list[WeekRow]:
    with db.read() as session:
        return event_queries.outreach_per_week(session)


def response_rate_by_outlet(db: Database) -> list[RateRow]:
    with db.read() as session:
        return event_queries.response_rate_by_outlet(session)


def response_rate_by_beat(db: Database) -> list[RateRow]:
    with db.read() as session:
        return event_queries.response_rate_by_beat(session)


@dataclass(frozen=True, slots=True)
class EmbargoRow:
    contact_id: int
    name: str
    time_zone: str  # the zone used ("UTC" when the person has none or an unknown one)
    local: str  # e.g. "2026-12-01 09:00 CET"


def embargo_local_time(embargo_at: datetime, time_zone: str) -> tuple[str, str]:
    """(zone used, local date-time text) of an embargo for someone in `time_zone`."""
    try:
        zone = ZoneInfo(time_zone) if time_zone else None
    except (ZoneInfoNotFoundError, ValueError):
        zone = None
    name = time_zone if zone is not None else "UTC"
    local = embargo_at.astimezone(zone or UTC)
    return name, f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def embargo_times(db: Database, release_id: int) -> list[EmbargoRow]:
    """A release's embargo in each member's local time (members of the release's send-lists)."""
    with paused_gc(), db.read() as session:
        release = session.get(Release, release_id)
        if release is None:
            raise NotFoundError(f"no release with id {release_id}")
        if release.embargo_at is None:
            raise UserError(f"release {release_id} has no embargo")
        rows = []
        for m in event_queries.release_members(session, release_id):
            zone, local = embargo_local_time(release.embargo_at, m.time_zone)
            rows.append(EmbargoRow(m.id, m.name, zone, local))
        return rows
