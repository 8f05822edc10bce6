"""Send-list and outreach-history figures on the 100k-contact demo database plus 500k events.

- timeline_100k_500k_ms: one person's timeline (events newest first with release titles) (target 50 ms)
- timeline_busy_2000_events_ms: the timeline of someone with 2,000 events (target 50 ms)
- status_board_5000_ms: a release status board for a 5,000-member list (target 200 ms)
- list_from_query_20000_s: creating a ~20,000-member list from a query, INSERT … SELECT, and reading
  it back with exclusions resolved (target 1 s)
- log_list_5000_s: logging `sent` for every member of the 5,000-member list in one transaction (no target)
- pg.status_board_5000_ms, pg.list_from_query_20000_s: the same on PostgreSQL (OUTREACH_BENCH_PG_URL, default
  the local server), in a schema `outreach_bench_lists` filled once with a copy of the SQLite database
  (a couple of minutes the first time) and kept between runs; skipped with a note when no server answers
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import demo_database, figure, pg_schema_url, timed

EVENTS = 500_000
RELEASES = 60
BIG_QUERY = "country:GB country:US country:NG country:ES"  # about 20,400 of the 100k demo people
BOARD_QUERY = "country:US"  # 4,998 people; topped up by hand to 5,000
PG_SCHEMA = "outreach_bench_lists"


def _fill_events(db: object, contact_ids: list[int], release_ids: list[int], seed: int = 7) -> None:
    from sqlalchemy import insert

    from outreach.store.database import Database
    from outreach.store.models import EVENT_KINDS, OutreachEvent, table

    assert isinstance(db, Database)
    rng = random.Random(seed)
    start = datetime(2025, 11, 1, tzinfo=UTC)
    kinds = [k for k in EVENT_KINDS if k not in ("bounced", "opted_out")]
    weights = [20 if k == "sent" else 10 if k in ("pitched", "followed_up") else 3 for k in kinds]
    statement = insert(table(OutreachEvent))
    with db.engine.begin() as conn:
        batch = []
        for _ in range(EVENTS):
            batch.append({
                "contact_id": rng.choice(contact_ids), "release_id": rng.choice(release_ids),
                "send_list_id": None, "kind": rng.choices(kinds, weights)[0], "channel": "email",
                "occurred_at": start + timedelta(seconds=rng.randrange(365 * 86400)), "notes": "",
                "coverage_url": "",
            })
            if len(batch) == 10_000:
                conn.execute(statement, batch)
                batch = []
        if batch:
            conn.execute(statement, batch)


def _busy_contact(db: object, contact_id: int, release_ids: list[int], count: int = 2000) -> None:
    """One person with years of history: the worst timeline to show."""
    from outreach.services import outreach_log
    from outreach.store.database import Database
    from outreach.store.events import insert_events

    assert isinstance(db, Database)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    rows = [{"contact_id": contact_id, "kind": "sent", "release_id": release_ids[n % len(release_ids)],
             "occurred_at": start + timedelta(hours=n * 13)} for n in range(count)]
    db.run(lambda session: insert_events(session, rows))
    assert len(outreach_log.timeline(db, contact_id)) >= count


def _suppress_some(db: object, count: int = 2000) -> None:
    """Opted-out addresses on the suppression list, so reading a list hashes and checks every address."""
    from sqlalchemy import select

    from outreach.store.database import Database
    from outreach.store.models import ContactEmail
    from outreach.store.privacy import hash_key, secret, suppress_hashes

    assert isinstance(db, Database)
    with db.session() as session:
        keys = session.scalars(select(ContactEmail.key).where(ContactEmail.key != "").order_by(ContactEmail.id)
                               .limit(count * 10))
        key = secret(session)
        suppress_hashes(session, [hash_key(key, k) for n, k in enumerate(keys) if n % 10 == 0], "opted_out")


def run(quick: bool) -> list[dict[str, object]]:
    from sqlalchemy import select

    from outreach.services import lists, outreach_log
    from outreach.store import releases
    from outreach.store.database import Database
    from outreach.store.models import Contact

    tmp = Path(tempfile.mkdtemp(prefix="bench-lists-"))
    try:
        path = tmp / "lists.db"
        shutil.copy(demo_database(), path)
        db = Database.open(f"sqlite:///{path}", backup_dir=tmp / "backups")
        with db.session() as session:
            release_ids = [releases.create_release(session, title=f"Release {n}") for n in range(RELEASES)]
            contact_ids = list(session.scalars(select(Contact.id).where(Contact.deleted_at.is_(None))))
        _fill_events(db, contact_ids, release_ids)
        _suppress_some(db)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")

        figures = []
        rng = random.Random(3)
        samples = [timed(lambda: outreach_log.timeline(db, rng.choice(contact_ids))) * 1000
                   for _ in range(30 if quick else 200)]
        figures.append(figure("timeline_100k_500k_ms", samples, "ms", 50))
        busy = contact_ids[len(contact_ids) // 2]
        _busy_contact(db, busy, release_ids)
        samples = [timed(lambda: outreach_log.timeline(db, busy)) * 1000 for _ in range(10 if quick else 30)]
        figures.append(figure("timeline_busy_2000_events_ms", samples, "ms", 50))

        board_release = release_ids[0]
        made = lists.create(db, "board", release_id=board_release, query=BOARD_QUERY)
        on_list = {m.id for m in made.members} | {x.contact.id for x in made.excluded}
        extra = [c for c in contact_ids if c not in on_list][: max(0, 5000 - len(on_list))]
        lists.add(db, "board", extra)
        log_runs = [timed(lambda: outreach_log.log_for_list(db, "board", "sent", release_id=board_release))]
        board = outreach_log.status_board(db, board_release)
        assert sum(board.counts.values()) == len(board.members)
        samples = [timed(lambda: outreach_log.status_board(db, board_release)) * 1000
                   for _ in range(5 if quick else 15)]
        figures.append(figure(f"status_board_{len(on_list) + len(extra)}_ms", samples, "ms", 200))
        figures.append(figure("log_list_5000_s", log_runs, "s"))

        build_runs, size = _build_lists(db, 2 if quick else 5)
        figures.append(figure(f"list_from_query_{size}_s", build_runs, "s", 1))
        db.close()
        figures += _postgresql(path, quick)
        return figures
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _build_lists(db: object, runs: int) -> tuple[list[float], int]:
    """Seconds to create the big list from a query (INSERT … SELECT, then read back with exclusions)."""
    from outreach.services import lists
    from outreach.store.database import Database

    assert isinstance(db, Database)
    build_runs = []
    size = 0
    for n in range(runs):
        name = f"big-{n}"
        build_runs.append(timed(lambda name=name: lists.create(db, name, query=BIG_QUERY)))
        shown = lists.show(db, name)
        size = len(shown.members) + len(shown.excluded)
        lists.delete(db, name)
    return build_runs, size


def _pg_database(sqlite_path: Path) -> str | None:
    """The schema holding a copy of the prepared SQLite database, made once; None when no server answers."""
    from sqlalchemy import func, select, text

    from outreach.store.copy import copy_database
    from outreach.store.database import Database
    from outreach.store.models import Contact, OutreachEvent, SendList

    url = pg_schema_url(PG_SCHEMA)
    if url is None:
        return None
    db = Database.open(url)
    try:
        with db.read() as session:
            ready = (session.scalar(select(func.count()).select_from(Contact)) == 100_000
                     and (session.scalar(select(func.count()).select_from(OutreachEvent)) or 0) >= EVENTS
                     and session.scalar(select(SendList.id).where(SendList.name == "board")) is not None)
        if not ready:
            print(f"# copying the list benchmark database into PostgreSQL schema {PG_SCHEMA} (once)",
                  file=sys.stderr)
            with db.engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{PG_SCHEMA}" CASCADE'))
                conn.execute(text(f'CREATE SCHEMA "{PG_SCHEMA}"'))
            db.close()
            db = Database.open(url)
            source = Database.open(f"sqlite:///{sqlite_path}", backup_dir=sqlite_path.parent / "backups")
            try:
                copy_database(source.engine, db.engine)
            finally:
                source.close()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        else:  # the big lists of earlier runs came and went: clean up as autovacuum would (it may be off)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE send_list_members, send_lists"))
    finally:
        db.close()
    return url


def _postgresql(sqlite_path: Path, quick: bool) -> list[dict[str, object]]:
    from sqlalchemy import select

    from outreach.services import outreach_log
    from outreach.store.database import Database
    from outreach.store.models import SendList

    url = _pg_database(sqlite_path)
    if url is None:
        return []
    db = Database.open(url)
    try:
        with db.read() as session:
            board_release = session.scalar(select(SendList.release_id).where(SendList.name == "board"))
        assert board_release is not None
        board = outreach_log.status_board(db, board_release)
        samples = [timed(lambda: outreach_log.status_board(db, board_release)) * 1000
                   for _ in range(5 if quick else 15)]
        figures = [figure(f"pg.status_board_{len(board.members)}_ms", samples, "ms", 200)]
        build_runs, size = _build_lists(db, 2 if quick else 5)
        figures.append(figure(f"pg.list_from_query_{size}_s", build_runs, "s", 1))
        return figures
    finally:
        db.close()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for fig in run("--quick" in sys.argv):
        print(json.dumps(fig), flush=True)
