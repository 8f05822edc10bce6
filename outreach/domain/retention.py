"""Which automatic backups to keep (as Anki does): recent ones, then one a day, a week, a month."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

KEEP_ALL_FOR = timedelta(hours=24)
DAILY = 7
WEEKLY = 4
MONTHLY = 12


def to_keep(made: Iterable[tuple[str, datetime]], now: datetime) -> set[str]:
    """Names of the backups to keep: all of the last day, then the newest of each of the last
    seven days, four weeks and twelve months. Older ones may be deleted."""
    newest_first = sorted(made, key=lambda item: item[1], reverse=True)
    keep = {name for name, at in newest_first if now - at <= KEEP_ALL_FOR}
    for count, period in ((DAILY, _day), (WEEKLY, _week), (MONTHLY, _month)):
        seen: list[tuple[int, ...]] = []
        for name, at in newest_first:
            key = period(at)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(name)
    return keep


def _day(at: datetime) -> tuple[int, ...]:
    return (at.year, at.month, at.day)


def _week(at: datetime) -> tuple[int, ...]:
    year, week, _ = at.isocalendar()
    return (year, week)


def _month(at: datetime) -> tuple[int, ...]:
    return (at.year, at.month)
