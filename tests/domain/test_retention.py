from datetime import UTC, datetime, timedelta

from outreach.domain.retention import to_keep

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_everything_from_the_last_day_is_kept() -> None:
    made = [(f"h{i}", NOW - timedelta(hours=i)) for i in range(24)]
    assert to_keep(made, NOW) == {name for name, _ in made}


def test_older_backups_thin_to_one_a_day_week_and_month() -> None:
    hourly_for_a_year = [(f"b{i}", NOW - timedelta(hours=i)) for i in range(0, 24 * 365, 3)]
    kept = to_keep(hourly_for_a_year, NOW)
    by_name = dict(hourly_for_a_year)
    older = sorted((by_name[k] for k in kept if NOW - by_name[k] > timedelta(days=1)), reverse=True)
    # 7 daily + 4 weekly + 12 monthly at most, some of which coincide
    assert 10 <= len(older) <= 23
    assert NOW - older[-1] > timedelta(days=300)  # something about a year old survives
    months = {(at.year, at.month) for at in older}
    assert len(months) >= 11


def test_the_newest_backup_is_always_kept() -> None:
    made = [("old", NOW - timedelta(days=400)), ("older", NOW - timedelta(days=800))]
    assert "old" in to_keep(made, NOW)
