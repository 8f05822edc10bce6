"""Send-list and outreach-history figures on the 100k-contact demo database plus 500k events.

- timeline_100k_500k_ms: one person's timeline (events newest first with release titles) (target 50 ms)
- timeline_busy_2000_events_ms: the timeline of someone with 2,000 events (target 50 ms)
- status_board_5000_ms: a release status board for a 5,000-member list (target 200 ms)
- list_from_query_20000_s: creating a ~20,000-member list from a query, INSERT … SELECT, and reading
  it back with exclusions resolved (target 1 s)
- log_list_5000_s: logging `sent` for every member of the 5,000-member list in one transaction (no target)
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import demo_database, figure, timed

EVENTS = 500_000
RELEASES = 60
BIG_QUERY = "country:GB country:US country:NG country:ES"  # about 20,400 of the 100k demo people
BOARD_QUERY = "country:US"  # 4,998 people; topped up by hand to 5,000


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

        build_runs = []
        size = 0
        for n in range(2 if quick else 5):
            name = f"big-{n}"

            def build(name: str = name) -> None:
                lists.create(db, name, query=BIG_QUERY)  # INSERT … SELECT, then read back with exclusions

            build_runs.append(timed(build))
            shown = lists.show(db, name)
            size = len(shown.members) + len(shown.excluded)
            lists.delete(db, name)
        figures.append(figure(f"list_from_query_{size}_s", build_runs, "s", 1))
        db.close()
        return figures
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for fig in run("--quick" in sys.argv):
        print(json.dumps(fig), flush=True)
