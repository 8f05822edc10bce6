"""Copying a whole Outreach database to another engine (SQLite <-> PostgreSQL).

Both ends are at the current schema (opening them migrates). The target must be empty. Rows go
table by table in foreign-key order, in pages, inside one transaction on the target; then every
table's row count and a checksum of its rows (in primary-key order, through the column types, so
both engines are compared on the same Python values) must match, or nothing is kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, select, text

from outreach.store.errors import StorageError
from outreach.store.models import Base

PAGE = 5000
Progress = Callable[[str, int], None]  # (table, rows copied so far)


@dataclass
class CopyReport:
    tables: dict[str, int] = field(default_factory=dict)  # rows per table
    checksums: dict[str, str] = field(default_factory=dict)


def _tables() -> list[Table]:
    return [t for t in Base.metadata.sorted_tables if t.name != "alembic_version"]


def _ordered(table: Table) -> Any:
    return select(table).order_by(*table.primary_key.columns)


def _pages(conn: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    result = conn.execution_options(yield_per=PAGE).execute(_ordered(table))
    for partition in result.mappings().partitions(PAGE):
        yield [dict(row) for row in partition]


def _canonical(value: Any) -> str:
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return repr(value)


def checksum(conn: Connection, table: Table) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    for page in _pages(conn, table):
        for row in page:
            digest.update("\x1f".join(_canonical(row[c.name]) for c in table.columns).encode())
            digest.update(b"\x1e")
            count += 1
    return count, digest.hexdigest()


def _is_empty(conn: Connection) -> bool:
    return all(conn.execute(select(func.count()).select_from(t)).scalar_one() == 0 for t in _tables())


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: the next id after a copy continues after the highest copied one."""
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].name == "id":
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))


def copy_database(source: Engine, target: Engine, progress: Progress | None = None) -> CopyReport:
    report = CopyReport()
    with source.connect() as src, target.begin() as dst:
        if not _is_empty(dst):
            raise StorageError("the target database is not empty; copy only into a new, empty database")
        for table in _tables():
            copied = 0
            for page in _pages(src, table):
                dst.execute(insert(table), page)
                copied += len(page)
                if progress is not None:
                    progress(table.name, copied)
            report.tables[table.name] = copied
        if target.dialect.name == "postgresql":
            _reset_sequences(dst)
        for table in _tables():
            source_sum = checksum(src, table)
            target_sum = checksum(dst, table)
            if source_sum != target_sum:
                raise StorageError(
                    f"verification failed for {table.name}: {source_sum[0]} rows copied as {target_sum[0]}; "
                    "nothing was kept")
            report.checksums[table.name] = source_sum[1]
    return report
