"""Fast insertion of many contacts at once (imports, demo data).

Per-object ORM inserts cost about 11 s per 100k rows here; batched Core INSERTs with
RETURNING take well under a second, so bulk paths build plain dicts and insert in batches.
Values arrive already checked (see :mod:`outreach.store.contacts_write` for the checks).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from outreach.store.models import Contact, ContactEmail, ContactPhone, Organization, Tag, contact_tags, table
from outreach.store.summaries import summarize

BATCH = 2000
DEFER_INDEX_FROM = 1000
BIG_CACHE_KIB = 256 * 1024  # an upper bound: pages are only allocated as they are used


def _bind_processors(session: Session, table: Table, columns: list[str]) -> list[Any]:
    dialect = session.get_bind().dialect
    return [table.c[name].type._cached_bind_processor(dialect) for name in columns]


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """``session.execute(insert(table), rows)``, faster on SQLite; the stored rows are the same.

    Core's parameter processing for executemany (construct_params) costs about as much as SQLite's own
    work here. On SQLite the rows go to the DB-API cursor's executemany as tuples, each value passed
    through the column type's own bind processor (the one Core would use; a value repeated from the row
    before -- the same timestamp, an empty dict -- is processed once). Columns missing from the rows get
    their scalar Python-side default as Core would; anything else goes through Core.
    """
    if not rows:
        return
    columns = list(rows[0])
    defaults: dict[str, Any] = {}
    for column in table.columns:
        if column.name not in rows[0] and column.default is not None:
            if not getattr(column.default, "is_scalar", False):
                session.execute(insert(table), list(rows))
                return
            defaults[column.name] = getattr(column.default, "arg", None)
    if session.get_bind().dialect.name != "sqlite" or any(name not in table.c for name in columns):
        session.execute(insert(table), list(rows))
        return
    names = columns + list(defaults)
    processors = dict(zip(names, _bind_processors(session, table, names), strict=True))
    plain = [n for n in columns if processors[n] is None]
    processed = [(n, processors[n]) for n in columns if processors[n] is not None]
    fixed = tuple(defaults[n] if processors[n] is None else processors[n](defaults[n]) for n in defaults)
    order = plain + [n for n, _ in processed] + list(defaults)
    params: list[tuple[Any, ...]] = []
    append = params.append
    if not processed:
        for row in rows:
            append((*[row[n] for n in plain], *fixed))
    else:
        caches: list[list[Any]] = [[_UNSET, None, _UNSET] for _ in processed]  # last value, its result, {}
        for row in rows:
            values = [row[n] for n in plain]
            for (name, proc), cache in zip(processed, caches, strict=True):
                value = row[name]
                if value is cache[0]:
                    values.append(cache[1])
                elif type(value) is dict and not value:  # an empty JSON object, made anew for each row
                    if cache[2] is _UNSET:
                        cache[2] = proc({})
                    values.append(cache[2])
                else:
                    out = proc(value)
                    cache[0], cache[1] = value, out
                    values.append(out)
            values.extend(fixed)
            append(tuple(values))
    sql = (f"INSERT INTO {table.name} ({', '.join(_quoted(session, n) for n in order)}) "
           f"VALUES ({', '.join('?' * len(order))})")
    session.connection().exec_driver_sql(sql, params)


_UNSET: Any = object()


def _quoted(session: Session, name: str) -> str:
    return str(session.get_bind().dialect.identifier_preparer.quote(name))


def allocate_ids(session: Session, table: Table, count: int) -> list[int]:
    """Reserve `count` primary keys, so rows can be inserted with executemany and no RETURNING.

    (RETURNING in parameter order makes SQLAlchemy insert SQLite rows one at a time.)
    """
    if count == 0:
        return []
    if session.get_bind().dialect.name == "postgresql":
        seq = f"{table.name}_id_seq"
        return list(session.scalars(
            text("SELECT nextval(CAST(:seq AS regclass)) FROM generate_series(1, :n)"), {"seq": seq, "n": count}))
    # Take SQLite's write lock before reading max(id): no other writer can slip in between.
    session.execute(text(f"UPDATE {table.name} SET id = id WHERE 0"))
    start = int(session.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()) + 1
    return list(range(start, start + count))


@dataclass(slots=True)
class PreparedContact:
    """A contact with its rows ready to insert; emails/phones are column dicts without contact_id."""

    columns: dict[str, Any]
    organization: str = ""
    emails: list[dict[str, Any]] = field(default_factory=list)
    phones: list[dict[str, Any]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def org_ids(session: Session, names: set[str], extra: dict[str, dict[str, Any]] | None = None) -> dict[str, int]:
    """Ids of organisations by lower-cased name, creating the missing ones."""
    wanted = {n.lower(): n for n in names if n}
    found: dict[str, int] = {}
    for org_id, name in session.execute(select(Organization.id, Organization.name).order_by(Organization.id)):
        found.setdefault(name.lower(), org_id)
    missing = [key for key in wanted if key not in found]
    now = datetime.now(UTC)
    for start in range(0, len(missing), BATCH):
        chunk = missing[start:start + BATCH]
        ids = allocate_ids(session, table(Organization), len(chunk))
        rows = [{"id": i, "name": wanted[k], "created_at": now, "updated_at": now, "kind": "other", "website": "",
                 "country": "", "notes": "", "version": 1, **(extra or {}).get(k, {})}
                for i, k in zip(ids, chunk, strict=True)]
        session.execute(insert(table(Organization)), rows)
        found.update(zip(chunk, ids, strict=True))
    return found


def tag_ids(session: Session, names: set[str]) -> dict[str, int]:
    wanted = {n.lower(): n for n in names if n}
    found = {key: tag_id for tag_id, key in session.execute(select(Tag.id, Tag.key).where(Tag.key.in_(wanted)))}
    missing = [k for k in wanted if k not in found]
    if missing:
        ids = allocate_ids(session, table(Tag), len(missing))
        rows = [{"id": i, "name": wanted[k], "key": k, "kind": "beat"} for i, k in zip(ids, missing, strict=True)]
        session.execute(insert(table(Tag)), rows)
        found.update(zip(missing, ids, strict=True))
    return found


@contextmanager
def _search_index_deferred(session: Session, new_ids: list[int], rows: int) -> Iterator[None]:
    """On SQLite, index the new rows in one INSERT … SELECT instead of row by row.

    The per-row trigger costs about twice as much as one statement over the batch. The trigger is
    dropped and re-created from its own stored SQL inside this transaction (SQLite DDL is
    transactional), so a failure or a kill leaves it exactly as it was.
    """
    if session.get_bind().dialect.name != "sqlite" or rows < DEFER_INDEX_FROM:
        yield
        return
    trigger_sql = session.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'contacts_search_ai'")
    ).scalar()
    if not trigger_sql:
        yield
        return
    session.execute(text("DROP TRIGGER contacts_search_ai"))
    yield
    for start in range(0, len(new_ids), 50_000):
        chunk = new_ids[start:start + 50_000]
        session.execute(
            text("INSERT INTO contact_search(rowid, search_text) SELECT id, search_text FROM contacts "
                 "WHERE id BETWEEN :low AND :high"), {"low": min(chunk), "high": max(chunk)})
    session.execute(text(trigger_sql))


def insert_contacts(session: Session, prepared: Sequence[PreparedContact]) -> list[int]:
    """Insert the contacts with their e-mails, phones and tags; returns the new ids in order.

    The derived columns are computed before the insert (tags and organisation names are known
    here), which spares the FTS index an update of every row afterwards.
    """
    if not prepared:
        return []
    orgs = org_ids(session, {p.organization for p in prepared})
    tags = tag_ids(session, {t for p in prepared for t in p.tags})
    now = datetime.now(UTC)
    new_ids: list[int] = []
    with _search_index_deferred(session, new_ids, len(prepared)), _big_page_cache(session, len(prepared)):
        _insert_batches(session, prepared, orgs, tags, now, new_ids)
    return new_ids


@contextmanager
def _big_page_cache(session: Session, rows: int) -> Iterator[None]:
    """On SQLite, a page cache that holds the indexes being grown (the default 2 MB makes a 100k-row
    insert re-read index pages over and over); the connection's own setting comes back afterwards."""
    if session.get_bind().dialect.name != "sqlite" or rows < DEFER_INDEX_FROM:
        yield
        return
    conn = session.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = {-BIG_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


def _insert_batches(session: Session, prepared: Sequence[PreparedContact], orgs: dict[str, int],
                    tags: dict[str, int], now: datetime, new_ids: list[int]) -> None:
    for start in range(0, len(prepared), BATCH):
        chunk = prepared[start:start + BATCH]
        ids = allocate_ids(session, table(Contact), len(chunk))
        rows = []
        for contact_id, p in zip(ids, chunk, strict=True):
            row = _contact_defaults(now)
            row["id"] = contact_id
            row.update(p.columns)
            row["organization_id"] = orgs.get(p.organization.lower()) if p.organization else None
            row.update(summarize(
                row["display_name"], p.organization, row["title"], p.tags,
                [(e.get("is_primary", False), e["normalized"], e["raw"], e["status"]) for e in p.emails],
                [(ph.get("is_primary", False), ph["e164"], ph["raw"], ph["status"]) for ph in p.phones],
            ))
            rows.append(row)
        insert_rows(session, table(Contact), rows)
        new_ids.extend(ids)
        add_children(session, list(zip(ids, chunk, strict=True)), tags)


def add_children(session: Session, pairs: list[tuple[int, PreparedContact]], tags: dict[str, int]) -> None:
    emails = [{**e, "contact_id": cid} for cid, p in pairs for e in p.emails]
    phones = [{**ph, "contact_id": cid} for cid, p in pairs for ph in p.phones]
    links = {(cid, tags[t.lower()]) for cid, p in pairs for t in p.tags if t.lower() in tags}
    if emails:
        insert_rows(session, table(ContactEmail), emails)
    if phones:
        insert_rows(session, table(ContactPhone), phones)
    if links:
        insert_rows(session, contact_tags, [{"contact_id": c, "tag_id": t} for c, t in sorted(links)])


def _contact_defaults(now: datetime) -> dict[str, Any]:
    return {
        "display_name": "", "sort_name": "", "given_name": "", "family_name": "", "title": "",
        "role": "journalist", "country": "", "time_zone": "", "time_zone_inferred": False,
        "preferred_channel": "", "socials": {}, "notes": "", "do_not_contact": False, "dnc_reason": "",
        "dnc_date": None, "source": "file", "source_detail": "", "consent_basis": "", "last_verified": None,
        "uid": None, "deleted_at": None, "version": 1, "org_name": "", "primary_email": "",
        "primary_phone": "", "beats_text": "", "search_text": "", "has_invalid": False,
        "created_at": now, "updated_at": now,
    }
