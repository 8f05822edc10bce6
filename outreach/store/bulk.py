"""Fast insertion of many contacts at once (imports, demo data).

Per-object ORM inserts cost about 11 s per 100k rows here; batched Core INSERTs with
RETURNING take well under a second, so bulk paths build plain dicts and insert in batches.
Values arrive already checked (see :mod:`outreach.store.contacts_write` for the checks).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from outreach.store.models import Contact, ContactEmail, ContactPhone, Organization, Tag, contact_tags, table
from outreach.store.packing import Packer, PartsPacker
from outreach.store.summaries import summarize

BATCH = 2000
DEFER_INDEX_FROM = 1000
BIG_CACHE_KIB = 256 * 1024  # an upper bound: pages are only allocated as they are used


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """``session.execute(insert(table), rows)``, faster on SQLite; the stored rows are the same.

    Core's parameter processing for executemany (construct_params) costs about as much as SQLite's own
    work here. On SQLite the rows go to the DB-API cursor as tuples, several hundred rows to a statement
    (see :class:`Packer`).
    """
    if not rows:
        return
    packer = Packer.of(session.get_bind().dialect, table, rows[0])
    if packer is None:
        session.execute(insert(table), list(rows))
        return
    packer.execute(session, packer.pack(rows))


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
    # The derived columns (:meth:`derive`), when the caller computed them ahead, in a thread with time to spare.
    summary: dict[str, object] | None = None

    def derived(self) -> dict[str, object]:
        """The derived column values: those computed ahead, else :meth:`derive`'s."""
        return self.summary if self.summary is not None else self.derive()

    def derive(self) -> dict[str, object]:
        """The derived column values (:func:`summarize`) of this contact."""
        return summarize(
            self.columns.get("display_name", ""), self.organization, self.columns.get("title", ""), self.tags,
            [(e.get("is_primary", False), e["normalized"], e["raw"], e["status"]) for e in self.emails],
            [(ph.get("is_primary", False), ph["e164"], ph["raw"], ph["status"]) for ph in self.phones],
        )


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
def big_page_cache(session: Session, rows: int) -> Iterator[None]:
    """On SQLite, a page cache that holds the indexes being grown (the default 2 MB makes a 100k-row
    insert re-read index pages over and over); the connection's own setting comes back afterwards.

    Held over a whole import: shrinking the cache between its steps would write the transaction's
    dirty pages out to the WAL and read them back in the next step. Nested uses change nothing.
    """
    if session.get_bind().dialect.name != "sqlite" or rows < DEFER_INDEX_FROM:
        yield
        return
    conn = session.connection()
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    if before is not None and int(before) <= -BIG_CACHE_KIB:
        yield
        return
    conn.exec_driver_sql(f"PRAGMA cache_size = {-BIG_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


# Indexes on columns whose new values land all over the index (each inserted row costs a B-tree descent
# in every one of them): the contacts' list indexes, never read while an import matches rows, and the
# look-up indexes of e-mail keys and numbers. An import looks people up on a second connection, which
# sees the committed schema -- the import's DROP INDEX stays uncommitted until the import commits -- so
# its look-ups keep their indexes; on a single connection (a database in memory) a look-up scans those
# tables once per slice instead. A 100k-row import here, four alternating pairs (deferred / kept):
# 25.5/27.0, 27.7/29.1, 26.5/29.6, 30.2/30.6 s.
DEFERRABLE_INDEXES = ("ix_contacts_live_*", "ix_contacts_country", "ix_contacts_organization_id",
                      "ix_contact_emails_key", "ix_contact_phones_e164")  # GLOB patterns


@contextmanager
def deferred_indexes(session: Session, adding: int) -> Iterator[None]:
    """On SQLite, when a bulk insert may add at least as many contacts as the table holds (`adding` is
    the most it adds: an import's rows), drop the DEFERRABLE_INDEXES and build them again afterwards:
    one sort per index instead of a random insertion per row and index.

    (About 1.3 s of a 100k-row import into an empty database, against 0.4 s to build them after.) When
    the table holds more, rebuilding would cost more than it saves, and nothing changes.
    Like :class:`SearchIndex`, the indexes are re-created from their own stored SQL in the caller's
    transaction: when the work fails, is cancelled or killed, the caller's rollback brings them back.
    """
    if session.get_bind().dialect.name != "sqlite" or adding < DEFER_INDEX_FROM:
        yield
        return
    conn = session.connection()
    conn.exec_driver_sql("UPDATE contacts SET id = id WHERE 0")  # open the transaction before DDL (see SearchIndex)
    stored = int(conn.exec_driver_sql("SELECT count(*) FROM contacts").scalar_one())
    if stored > adding:
        yield
        return
    clauses = " OR ".join("name GLOB ?" for _ in DEFERRABLE_INDEXES)
    dropped = conn.exec_driver_sql(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND ({clauses})",
        tuple(DEFERRABLE_INDEXES)).all()
    for name, _ in dropped:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in dropped:
        conn.exec_driver_sql(sql)


class SearchIndex:
    """On SQLite, index new rows with one INSERT … SELECT per chunk instead of a trigger per row.

    The per-row trigger costs about twice as much. It is dropped and re-created from its own stored
    SQL inside the caller's transaction (SQLite DDL is transactional), so a failure or a kill leaves
    it exactly as it was. A caller that writes in several steps (an import, a slice at a time) holds
    one across them with `deferring`: each step's new rows are left in `pending`, for the caller to
    index with :meth:`flush` when it suits it (an import's writer thread, after each slice: the
    statement runs without the interpreter lock while the importer matches the next slice);
    :meth:`close` indexes whatever is left.
    """

    def __init__(self, session: Session, *, deferring: bool = False) -> None:
        self.session = session
        self.deferring = deferring
        self.pending: list[int] = []
        # Python's sqlite3 opens a transaction before a write, not before DDL: without this no-op write
        # first, DROP TRIGGER would be committed at once (and a dry run would lose the trigger for good).
        session.execute(text("UPDATE contacts SET id = id WHERE 0"))
        self.trigger_sql = session.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'contacts_search_ai'")
        ).scalar()
        if self.trigger_sql:
            session.execute(text("DROP TRIGGER contacts_search_ai"))

    def add(self, ids: Sequence[int]) -> None:
        """Index these new contacts (consecutive ids, as allocate_ids gives them)."""
        if self.trigger_sql and ids:
            self.session.execute(
                text("INSERT INTO contact_search(rowid, search_text) SELECT id, search_text FROM contacts "
                     "WHERE id BETWEEN :low AND :high"), {"low": ids[0], "high": ids[-1]})

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        self.add(pending)

    def close(self) -> None:
        self.flush()
        if self.trigger_sql:
            self.session.execute(text(self.trigger_sql))


@contextmanager
def search_indexing(session: Session) -> Iterator[SearchIndex | None]:
    """A :class:`SearchIndex` held over several :func:`insert_contacts` calls (None where the
    database indexes by itself: PostgreSQL)."""
    if session.get_bind().dialect.name != "sqlite":
        yield None
        return
    search = SearchIndex(session, deferring=True)
    yield search
    search.close()


def insert_contacts(session: Session, prepared: Sequence[PreparedContact],
                    search: SearchIndex | None = None) -> list[int]:
    """Insert the contacts with their e-mails, phones and tags; returns the new ids in order.

    The derived columns are computed before the insert (tags and organisation names are known
    here), which spares the FTS index an update of every row afterwards. The e-mail and phone
    dicts of `prepared` get their contact_id set. `search`: see :func:`search_indexing`.
    """
    if not prepared:
        return []
    orgs = org_ids(session, {p.organization for p in prepared})
    tags = tag_ids(session, {t for p in prepared for t in p.tags})
    now = datetime.now(UTC)
    if session.get_bind().dialect.name != "sqlite" or (search is None and len(prepared) < DEFER_INDEX_FROM):
        new_ids: list[int] = []
        for start in range(0, len(prepared), BATCH):
            chunk = prepared[start:start + BATCH]
            ids = allocate_ids(session, table(Contact), len(chunk))
            rows = _Rows(ids, chunk, orgs, tags, now)
            session.execute(insert(table(Contact)), rows.contacts)
            for model, children in ((ContactEmail, rows.emails), (ContactPhone, rows.phones)):
                if children:
                    session.execute(insert(table(model)), children)
            if rows.links:
                session.execute(insert(contact_tags), rows.links)
            new_ids.extend(ids)
        return new_ids
    own = search is None
    search = search or SearchIndex(session)
    with big_page_cache(session, len(prepared)):
        ids = _insert_pipelined(session, prepared, orgs, tags, now, search)
    if own:
        search.close()
    return ids


class _Rows:
    """The rows of one chunk of contacts: the contacts' own (derived columns computed), their e-mails,
    phones and beat links. Pure Python: built while the connection does other work."""

    def __init__(self, ids: Sequence[int], chunk: Sequence[PreparedContact], orgs: dict[str, int],
                 tags: dict[str, int], now: datetime, contacts: PartsPacker | None = None) -> None:
        """`contacts`: the packer that makes the contacts' parameters here (left in self.packed) instead
        of their row dicts (self.contacts)."""
        self.contacts: list[dict[str, Any]] = []
        self.packed: list[tuple[Any, ...]] = []
        self.emails: list[dict[str, Any]] = []
        self.phones: list[dict[str, Any]] = []
        links: set[tuple[int, int]] = set()
        defaults = _contact_defaults(now)
        parts: list[tuple[tuple[Any, ...], dict[str, Any], dict[str, object]]] = []
        for contact_id, p in zip(ids, chunk, strict=True):
            organization_id = orgs.get(p.organization.lower()) if p.organization else None
            derived = p.derived()
            if contacts is not None:
                parts.append(((contact_id, organization_id), p.columns, derived))
            else:
                row = dict(defaults, socials={})
                row["id"] = contact_id
                row.update(p.columns)
                row["organization_id"] = organization_id
                row.update(derived)
                self.contacts.append(row)
            for e in p.emails:
                e["contact_id"] = contact_id
                self.emails.append(e)
            for ph in p.phones:
                ph["contact_id"] = contact_id
                self.phones.append(ph)
            links.update((contact_id, tags[t.lower()]) for t in p.tags if t.lower() in tags)
        self.links = [{"contact_id": c, "tag_id": t} for c, t in sorted(links)]
        if contacts is not None:
            self.packed = contacts.pack(parts)

    def tables(self) -> list[tuple[str, Table, list[dict[str, Any]]]]:
        """(name, table, row dicts) of each table the chunk writes to (contacts: none when packed here)."""
        return [("contacts", table(Contact), self.contacts), ("emails", table(ContactEmail), self.emails),
                ("phones", table(ContactPhone), self.phones), ("links", contact_tags, self.links)]


PIPELINE_CHUNK = 12_000


def _insert_pipelined(session: Session, prepared: Sequence[PreparedContact], orgs: dict[str, int],
                      tags: dict[str, int], now: datetime, search: SearchIndex) -> list[int]:
    """The SQLite bulk path: while the connection inserts one chunk (statements of many rows, which
    sqlite3 runs without the interpreter lock) and indexes it for search, a thread builds the next
    chunk's rows.
    """
    ids = allocate_ids(session, table(Contact), len(prepared))
    dialect = session.get_bind().dialect
    packers: dict[str, Packer | None] = {}
    first = prepared[0]
    own_keys = dict.fromkeys(chain.from_iterable(p.columns for p in prepared))  # every key any of them has
    contact_packer = PartsPacker.of(dialect, table(Contact), ["id", "organization_id"], own_keys,
                                    first.derived(),
                                    _contact_defaults(now))

    def build(start: int) -> tuple[_Rows, dict[str, list[tuple[Any, ...]]]]:
        rows = _Rows(ids[start:start + PIPELINE_CHUNK], prepared[start:start + PIPELINE_CHUNK], orgs, tags, now,
                     contact_packer)
        packed: dict[str, list[tuple[Any, ...]]] = {}
        for name, target, items in rows.tables():
            if items:
                if name not in packers:
                    packers[name] = Packer.of(dialect, target, items[0])
                packer = packers[name]
                if packer is not None:
                    packed[name] = packer.pack(items)
        return rows, packed

    def write(rows: _Rows, packed: dict[str, list[tuple[Any, ...]]]) -> None:
        if contact_packer is not None:
            contact_packer.execute(session, rows.packed)
        for name, target, items in rows.tables():
            if not items:
                continue
            packer = packers.get(name)
            if packer is not None and name in packed:
                packer.execute(session, packed[name])
            else:
                session.execute(insert(target), items)

    search.flush()  # what an earlier call left: `add` indexes a range of ids, so nothing may lie between
    current = build(0)  # the first build makes the packers, before any thread reads them
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-rows") as pool:
        for start in range(0, len(prepared), PIPELINE_CHUNK):
            write(*current)
            after = start + PIPELINE_CHUNK
            following = pool.submit(build, after) if after < len(prepared) else None
            try:
                if search.deferring:
                    search.pending.extend(ids[start:after])  # the caller indexes them (see SearchIndex)
                else:
                    search.add(ids[start:after])
            finally:
                if following is not None:
                    current = following.result()  # waits; re-raises what the thread raised
    return ids


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
