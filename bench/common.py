"""Helpers shared by the benchmarks: medians, timing, a cached 100k-contact demo database."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

CACHE = Path(os.environ.get("OUTREACH_BENCH_DIR", "/tmp/outreach-bench"))


def figure(name: str, samples: list[float], unit: str, target: float | None = None) -> dict[str, object]:
    result: dict[str, object] = {"name": name, "median": round(statistics.median(samples), 4), "unit": unit,
                                 "runs": len(samples)}
    if target is not None:
        result["target"] = target
    return result


def machine_figure(runs: int = 5) -> dict[str, object]:
    """A fixed pure-Python workload (ten million additions in a function), printed beside the figures:
    this shared machine's speed varies from day to day, and figures taken on different days compare only
    with it beside them. On 2026-11-27 it read 0.66-0.70 s, on a day when the CSV export took 5.0 s
    against 1.66 s the day before (when it was not yet measured)."""
    def work() -> None:
        total = 0
        for n in range(10_000_000):
            total += n

    return figure("machine: 10M-step Python loop (reference, no target)", [timed(work) for _ in range(runs)], "s")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def demo_database(contacts: int = 100_000, seed: int = 1) -> Path:
    """A demo database of N contacts, made once and reused by every benchmark."""
    from outreach.services.demo import fill
    from outreach.store.database import Database

    path = CACHE / f"demo{contacts}-s{seed}.db"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial.db")
        partial.unlink(missing_ok=True)
        db = Database.open(f"sqlite:///{partial}")
        fill(db, contacts, seed)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        partial.rename(path)
    return path


PG_BASE = os.environ.get("OUTREACH_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pg_schema_url(schema: str) -> str | None:
    """The URL of `schema` on the bench's PostgreSQL server (created if missing); None, with a note on
    stderr, when no server answers."""
    import sys

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    admin = create_engine(PG_BASE)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    except OperationalError as exc:
        print(f"# PostgreSQL benchmarks in {schema} skipped: {exc.orig}", file=sys.stderr)
        return None
    finally:
        admin.dispose()
    url = make_url(PG_BASE)
    return url.set(query={**url.query, "options": f"-csearch_path={schema},public"}).render_as_string(
        hide_password=False)
