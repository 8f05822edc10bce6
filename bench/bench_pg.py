"""Team mode: the 100k-contact speed targets on PostgreSQL.

Uses OUTREACH_BENCH_PG_URL (default: the local server, postgresql+psycopg://postgres@127.0.0.1:5432/test)
and keeps a filled schema `outreach_bench100k` there between runs. Skipped (no figures, a note on
stderr) when no server answers.

- pg.search[...]_100k_ms, pg.sort[...]_100k_ms: the search service, first page (targets as on SQLite)
- pg.gui.*: the window's startup, keystroke and sort figures (see bench_gui)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from common import figure, pg_schema_url, timed

SCHEMA = "outreach_bench100k"


def prepared_database() -> str | None:
    """The schema with 100k demo contacts, made once; None when the server is not there."""
    from sqlalchemy import text

    from outreach.services import contacts
    from outreach.services.demo import fill
    from outreach.store.database import Database

    url = pg_schema_url(SCHEMA)
    if url is None:
        return None
    db = Database.open(url)
    try:
        if contacts.count(db) != 100_000:
            with db.engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{SCHEMA}" CASCADE'))
                conn.execute(text(f'CREATE SCHEMA "{SCHEMA}"'))
            db.close()
            db = Database.open(url)
            fill(db, 100_000)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
    finally:
        db.close()
    return url


def run(quick: bool) -> list[dict[str, object]]:
    url = prepared_database()
    if url is None:
        return []
    from outreach.services import contacts
    from outreach.store.database import Database

    db = Database.open(url)
    figures = []
    runs = 5 if quick else 15
    for query in ("smith", "sm", "beat:climate country:GB", 'org:"metro" smith', "7946", "is:invalid"):
        samples = [timed(lambda q=query: contacts.search(db, q)) * 1000 for _ in range(runs)]
        figures.append(figure(f"pg.search[{query}]_100k_ms", samples, "ms", 50))
    for column in ("name", "org", "email", "phone"):
        samples = [timed(lambda c=column: contacts.search(db, "", sort=c, descending=True)) * 1000
                   for _ in range(runs)]
        figures.append(figure(f"pg.sort[{column}]_100k_ms", samples, "ms", 150))
    db.close()
    import bench_gui

    figures += bench_gui.run(quick, url=url, prefix="pg.gui")
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for fig in run("--quick" in sys.argv):
        print(json.dumps(fig), flush=True)
