"""What the send-list and outreach-log pages show, gathered in one call each so the window can run
it off the GUI thread. Only calls other services; no queries of its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from outreach.errors import UserError
from outreach.services import contacts as contact_service
from outreach.services import lists as list_service
from outreach.services import outreach_log as log_service
from outreach.services import release_import
from outreach.services.lists import ListOverview
from outreach.services.outreach_log import (
    EmbargoRow,
    EventRow,
    FollowUpRow,
    FunnelRow,
    RateRow,
    StatusBoard,
    WeekRow,
)
from outreach.store.database import Database
from outreach.store.models import EVENT_KINDS
from outreach.store.releases import ReleaseRow

__all__ = ["EVENT_KINDS", "BoardData", "ChartData", "ListOverview", "board_data", "chart_data", "count_matches",
           "events", "follow_ups", "overviews", "releases"]


def overviews(db: Database) -> list[ListOverview]:
    """Every send-list with how many people can be sent to and how many are excluded now (one read,
    without building member rows: services.lists.overviews)."""
    return list_service.overviews(db)


def releases(db: Database) -> list[ReleaseRow]:
    return release_import.list_releases(db)


def count_matches(db: Database, query: str) -> int:
    return contact_service.count(db, query)


@dataclass(frozen=True, slots=True)
class BoardData:
    board: StatusBoard
    embargo: list[EmbargoRow] = field(default_factory=list)  # empty when the release has no embargo


def board_data(db: Database, release_id: int) -> BoardData:
    """A release's status board, and its embargo in each member's local time."""
    board = log_service.status_board(db, release_id)
    try:
        embargo = log_service.embargo_times(db, release_id)
    except UserError:  # no embargo
        embargo = []
    return BoardData(board, embargo)


def events(db: Database, release_id: int | None, kind: str | None, limit: int = 500) -> list[EventRow]:
    """The newest `limit` events, of a release and/or a kind (filtered in SQL, not after reading them all)."""
    return log_service.events(db, release_id=release_id, limit=limit, kind=kind or None)


def follow_ups(db: Database, days: int, release_id: int | None = None,
               now: datetime | None = None) -> list[FollowUpRow]:
    return log_service.follow_ups(db, days, release_id, now)


@dataclass(frozen=True, slots=True)
class ChartData:
    funnel: list[FunnelRow]
    weeks: list[WeekRow]
    by_outlet: list[RateRow]
    by_beat: list[RateRow]


def chart_data(db: Database) -> ChartData:
    return ChartData(log_service.funnel(db), log_service.outreach_per_week(db),
                     log_service.response_rate_by_outlet(db), log_service.response_rate_by_beat(db))
