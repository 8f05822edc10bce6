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
