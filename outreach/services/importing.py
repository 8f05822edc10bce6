"""Importing contact files (CSV, vCard, XLSX) into the store: validate, match, merge, in one transaction.

The steps: read the file into rows (:mod:`outreach.io`), validate every e-mail and phone once per unique
value (with :func:`email_values` / :func:`phone_values`, split over two processes for big files), resolve
each row to a stored person, an earlier row, or a new person with the identity rule
(:class:`outreach.domain.identity.IdentityIndex`), then insert the new people and merge the rest -- a
slice of rows at a time: a writer thread inserts one slice while this thread matches the next and the
workers check the ones after. Invalid values are kept with their problem. People in the trash and
erased or opted-out addresses are never brought back, and a do-not-contact flag is never cleared. A
file-level problem raises :class:`InputFileError` before anything is written; a cancelled import rolls
back. A real import is one batch of the import history
(:mod:`outreach.store.import_batches`), and on SQLite a backup is taken first.
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy.pool import SingletonThreadPool, StaticPool

from outreach.domain.contact import ContactInput
from outreach.domain.identity import IdentityIndex, IdentityKeys
from outreach.domain.phones import time_zone_for
from outreach.errors import InputFileError, UserError
from outreach.io.mapping import Mapping, RowBuilder, guess_mapping
from outreach.io.records import ImportRow, RowError
from outreach.io.validation import (
    EMAIL_CHECKED_WITH,
    PHONE_CHECKED_WITH,
    EmailFacts,
    PhoneFacts,
    PhoneKey,
    check_chunk,
    enable_caches,
    lower_priority,
)
from outreach.settings import default_region
from outreach.store import import_batches
from outreach.store.bulk import (
    DEFER_INDEX_FROM,
    PreparedContact,
    big_page_cache,
    deferred_indexes,
    insert_contacts,
    search_indexing,
)
from outreach.store.database import Database
from outreach.store.importing import FILLABLE, Existing, Merge, apply_merges, find_existing
from outreach.store.privacy import address_key, suppressed_keys

Progress = Callable[[int, int], bool]
IMPORT_FORMATS = ("csv", "vcard", "xlsx")
PARALLEL_AT = 20_000  # unique values; below this a second process costs more than it saves
PARALLEL_FILE_BYTES = 1_000_000  # files from this size start the worker processes before reading
WORKERS = 2
CHECK_CHUNK = 8_000  # values handed to a worker at a time
SINK_BATCH = 4_000  # rows read before they are handed on
STREAM_ROWS = 32_000  # rows matched and written at a time, while the workers check the next ones
EDGE_SLICE = 8_000  # rows of the first and the last slice of a big file
_NAME_FIELDS = ("display_name", "given_name", "family_name")


class ImportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__("import cancelled; nothing was changed")


@dataclass(slots=True)
class RowOutcome:
    line: int
    action: str  # created | merged | unchanged | skipped | error
    name: str = ""
    contact_id: int | None = None
    reason: str = ""
    problems: list[dict[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class ImportReport:
    file: str
    format: str
    encoding: str = ""
    rows: int = 0
    created: int = 0
    merged: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: int = 0
    invalid_values: int = 0
    dry_run: bool = False
    batch_id: int | None = None  # the import's entry in the import history (None for a dry run)
    mapping: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    # Seconds per phase (read, validate, match, write, commit): what bench/ prints as the breakdown.
    timings: dict[str, float] = field(default_factory=dict)

    def timed(self, phase: str, since: float) -> float:
        now = time.perf_counter()
        self.timings[phase] = round(self.timings.get(phase, 0.0) + now - since, 3)
        return now

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def detect_format(path: Path, explicit: str | None = None) -> str:
    if explicit:
        if explicit not in IMPORT_FORMATS:
            raise UserError(f"--format: {explicit!r} is not one of {', '.join(IMPORT_FORMATS)}")
        return explicit
    suffix = path.suffix.lower()
    if suffix in (".vcf", ".vcard"):
        return "vcard"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    try:
        with open(path, "rb") as handle:
            head = handle.read(2048)
    except OSError:
        return "csv"
    if head.startswith(b"PK\x03\x04") and suffix not in (".csv", ".txt"):
        return "xlsx"
    text = head.decode("utf-8", "ignore").lstrip("\ufeff \r\n").upper()
    return "vcard" if text.startswith("BEGIN:VCARD") else "csv"


@dataclass(slots=True)
class ReadResult:
    rows: list[ImportRow]
    errors: list[RowError]
    encoding: str
    mapping: dict[str, str]
    total: int


def read_file(path: Path, fmt: str, mapping: Mapping | None = None, encoding: str | None = None,
              sheet: str | None = None, *, delimiter: str | None = None,
              sink: Callable[[list[ImportRow]], None] | None = None) -> ReadResult:
    """The rows of a contact file; InputFileError when the file is empty, binary or not this format.

    `sink`, when given, is handed the rows as they are read, a batch at a time (an import starts
    validating them in other processes while the rest of the file is read).
    """
    if fmt == "vcard":
        from outreach.io.textfile import decode, read_bytes
        from outreach.io.vcard import read_vcards

        text, used = decode(read_bytes(path), str(path), encoding)
        cards, card_errors, count = read_vcards(text)
        if count == 0 and not card_errors:
            raise InputFileError(str(path), "not a vCard file (no BEGIN:VCARD … END:VCARD)")
        if sink is not None and cards:
            sink(cards)
        return ReadResult(cards, card_errors, used, {}, count + sum(1 for e in card_errors if "END:VCARD" in e.message))
    if fmt == "xlsx":
        from outreach.io.xlsx import read_xlsx_table

        table = read_xlsx_table(path, sheet)
    else:
        from outreach.io.csv_format import read_csv_table

        table = read_csv_table(path, encoding, delimiter)
    used_mapping = dict(mapping) if mapping is not None else guess_mapping(table.headers)
    if table.headers and not any(
        s.startswith(("email", "phone")) or s in _NAME_FIELDS or s in ("given_name", "family_name")
        for s in used_mapping.values()
    ):
        shown = ", ".join(repr(h) for h in table.headers[:8])
        raise InputFileError(table.path, f"not a contact list: no column for names, e-mails or phones "
                                         f"(headers: {shown}); give a --mapping")
    builder = RowBuilder(table.headers, used_mapping)
    rows: list[ImportRow] = []
    handed = 0
    build = builder.build
    for line, cells in table.rows:
        row = build(line, cells)
        if row is not None:
            rows.append(row)
            if sink is not None and len(rows) - handed >= SINK_BATCH:
                sink(rows[handed:])
                handed = len(rows)
    if sink is not None and len(rows) > handed:
        sink(rows[handed:])
    return ReadResult(rows, list(table.errors), table.encoding, used_mapping, len(table.rows) + len(table.errors))


# --- validation ------------------------------------------------------------------------------------

class _Checker:
    """Checks each distinct e-mail and phone of the file once, in worker processes for big files.

    Values are handed over in chunks as the file is read (:meth:`add`), so two spawned workers validate
    while this process reads and maps the rest. The importer then takes the facts a slice of rows at a
    time (:meth:`wait_rows`); a chunk no worker has started yet is checked here (a cancelled future is
    one nobody runs), so both cores stay busy to the end.
    Without a pool (small files, or no second process here) everything is checked in this process.
    """

    def __init__(self, region: str, fallback: str, parallel: bool) -> None:
        self.region = region
        self.fallback = fallback
        self.emails: dict[str, EmailFacts] = {}
        self.phones: dict[PhoneKey, PhoneFacts] = {}
        self._pending_e: list[str] = []
        self._pending_p: list[PhoneKey] = []
        self._seen_e: set[str] = set()
        self._seen_p: set[PhoneKey] = set()
        # (future, e-mails, phones, index of the first row whose values may be in it)
        self._jobs: list[tuple[Future[Any] | None, list[str], list[PhoneKey], int]] = []
        self._rows_added = 0  # rows handed to add()
        self._rows_submitted = 0  # rows whose values are all in self._jobs
        self._next_job = 0
        self.zones: dict[str, str] = {}  # time zone of each valid number checked, by E.164
        self.checked_at = datetime.now(UTC)
        self.pool: ProcessPoolExecutor | None = None
        enable_caches()
        if parallel:
            try:
                self.pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn"),
                                                initializer=lower_priority)
                self.pool.submit(enable_caches)  # starts the workers now: they import while the file is read
            except (BrokenProcessPool, OSError, RuntimeError):
                self.close()

    def regions(self, data: ContactInput) -> tuple[str, tuple[str, ...]]:
        """The region a row's numbers are read in, and the other region suggested for one invalid there
        (with its raw text, the key of a number's facts)."""
        region = data.country or self.region
        return region, ((self.fallback,) if self.fallback and self.fallback != region else ())

    def add(self, rows: list[ImportRow]) -> None:
        seen_e, seen_p = self._seen_e, self._seen_p
        for row in rows:
            data = row.contact
            for e in data.emails:
                raw = e.raw
                if raw not in seen_e and raw.strip():
                    seen_e.add(raw)
                    self._pending_e.append(raw)
            region, others = self.regions(data)
            for p in data.phones:
                if p.raw.strip():
                    key = (p.raw, region, others)
                    if key not in seen_p:
                        seen_p.add(key)
                        self._pending_p.append(key)
        self._rows_added += len(rows)
        if self.pool is not None and len(self._pending_e) + len(self._pending_p) >= CHECK_CHUNK:
            self._submit()

    def _submit(self) -> None:
        emails, phones = self._pending_e, self._pending_p
        self._pending_e, self._pending_p = [], []
        first_row, self._rows_submitted = self._rows_submitted, self._rows_added
        pieces: list[tuple[list[str], list[PhoneKey]]] = [
            (emails[i:i + CHECK_CHUNK], []) for i in range(0, len(emails), CHECK_CHUNK)]
        pieces += [([], phones[i:i + CHECK_CHUNK]) for i in range(0, len(phones), CHECK_CHUNK)]
        for piece_e, piece_p in pieces:
            future: Future[Any] | None = None
            if self.pool is not None:
                try:
                    future = self.pool.submit(check_chunk, piece_e, piece_p)
                except (BrokenProcessPool, RuntimeError, OSError):
                    future = None
            self._jobs.append((future, piece_e, piece_p, first_row))

    def read_done(self) -> None:
        """The whole file was read: hand over what is left."""
        if self.pool is not None and len(self._seen_e) + len(self._seen_p) < PARALLEL_AT:
            self.close()  # a small file after all: a second process costs more than it saves
        self._submit()

    def wait_rows(self, rows: int) -> None:
        """Wait until the facts of every value of the first `rows` rows are in self.emails / self.phones.

        The chunks are taken in order; one no worker has started yet is checked here (a cancelled
        future is one nobody runs), so this process works rather than waits.
        """
        while self._next_job < len(self._jobs) and self._jobs[self._next_job][3] < rows:
            future, emails, phones, _ = self._jobs[self._next_job]
            if future is None or future.cancelled() or future.cancel():
                e_facts, p_facts, _ = check_chunk(emails, phones)
            else:
                try:
                    e_facts, p_facts, _ = future.result()
                except (BrokenProcessPool, RuntimeError, OSError):  # the worker died: check here
                    e_facts, p_facts, _ = check_chunk(emails, phones)
            self.emails.update(zip(emails, e_facts, strict=True))
            self.phones.update(zip(phones, p_facts, strict=True))
            self.zones.update((f[1], f[6]) for f in p_facts if f[4] == "valid")
            self._jobs[self._next_job] = (None, [], [], self._jobs[self._next_job][3])  # free the values
            self._next_job += 1
        self.checked_at = datetime.now(UTC)
        if self._next_job >= len(self._jobs):
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


# --- matching -------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Person:
    """A person being built from one or more rows of this file (new) or merged into a stored one."""

    data: ContactInput
    emails: list[dict[str, Any]]
    phones: list[dict[str, Any]]
    email_seen: set[str]
    phone_seen: set[str]


_Entry = tuple[ImportRow, list[dict[str, Any]], list[dict[str, Any]], IdentityKeys, str]  # row, e-mails, phones,
# identity keys, name


# What a person handed to the writer needs for later rows that match them (see _as_stored): their name,
# UID, do-not-contact flag, whether they have an organisation, FILLABLE values, (key, raw) of each e-mail,
# (E.164, raw) of each phone, tags. Kept instead of the whole PreparedContact (a 100k-row import's peak
# RSS: 880 MiB against 976).
_Handed = tuple[str, str | None, bool, bool, tuple[Any, ...], tuple[tuple[str, str], ...],
                tuple[tuple[str, str], ...], tuple[str, ...]]


_fillable = itemgetter(*FILLABLE)
_email_identity = itemgetter("key", "raw")
_phone_identity = itemgetter("e164", "raw")


def _handed(person: PreparedContact) -> _Handed:
    columns = person.columns
    return (columns["display_name"], columns["uid"], columns["do_not_contact"], bool(person.organization),
            _fillable(columns), tuple(map(_email_identity, person.emails)),
            tuple(map(_phone_identity, person.phones)), tuple(person.tags))


@dataclass(slots=True)
class _Matching:
    """Where matching stands, across the slices of one file."""

    index: IdentityIndex = field(default_factory=IdentityIndex)
    # Stored people met so far, by id; people of this file an earlier slice handed to the writer, by temp key.
    existing: dict[int, Existing] = field(default_factory=dict)
    new: dict[int, _Person] = field(default_factory=dict)  # people of this slice not handed over yet, by temp key
    handed: dict[int, _Handed] = field(default_factory=dict)  # people handed to the writer, by temp key
    written: dict[int, int] = field(default_factory=dict)  # temp key -> id, of the people this import wrote
    created: list[int] = field(default_factory=list)
    merges: dict[int, tuple[Merge, _Person]] = field(default_factory=dict)  # by id or temp key
    outcomes: list[tuple[RowOutcome, int | None]] = field(default_factory=list)
    last_temp: int = 0


def _suppression_key(row: dict[str, Any]) -> str:
    return str(row["key"] or address_key(row["raw"]))


def _email_id(row: dict[str, Any]) -> str:
    return str(row["key"] or "raw:" + row["raw"].casefold())


def _phone_id(row: dict[str, Any]) -> str:
    return str(row["e164"] or "raw:" + row["raw"])


def _slices(total: int) -> list[tuple[int, int]]:
    """(first, end) of each slice of rows: short ones first and last (the writer starts early, and little
    is left to match and write once the workers are done), the rest in even slices up to STREAM_ROWS."""
    if total <= STREAM_ROWS:
        return [(0, total)] if total else []
    edge = min(EDGE_SLICE, STREAM_ROWS, total // 4)
    middle = total - 2 * edge
    count = -(-middle // STREAM_ROWS)
    bounds = [0] + [edge + middle * n // count for n in range(count + 1)] + [total]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def _as_stored(key: int, handed: _Handed) -> Existing:
    """A person this import handed to the writer, as :func:`load_existing` would read them back once written
    (by their temp key: the writer may not have given them an id yet)."""
    name, uid, do_not_contact, has_organization, fields, emails, phones, tags = handed
    return Existing(key, name, uid, False, do_not_contact, -1 if has_organization else None,
                    dict(zip(FILLABLE, fields, strict=True)),
                    email_keys={k for k, _ in emails if k}, email_raws={raw.strip().casefold() for _, raw in emails},
                    phones={e164 for e164, _ in phones if e164}, phone_raws={raw.strip() for _, raw in phones},
                    tags={t.lower() for t in tags}, emails_count=len(emails), phones_count=len(phones))


class _Importer:
    def __init__(self, rows: list[ImportRow], checker: _Checker, source_detail: str,
                 report: ImportReport, progress: Progress | None) -> None:
        self.rows = rows
        self.checker = checker
        self.zones: dict[str, str] = {}
        self.source_detail = source_detail
        self.report = report
        self.progress = progress
        self.today = datetime.now(UTC).date()
        self.batch_id: int | None = None
        self.created = 0  # people this import created, once it has run

    def _tick(self, done: int, total: int) -> None:
        if self.progress is not None and self.progress(done, total) is False:
            raise ImportCancelled

    def run(self, session: Any, batch_id: int | None = None, reader: Any = None) -> None:
        """Match and write every row; with `batch_id`, everything added is stamped for the import history.

        The rows go a slice at a time (STREAM_ROWS): while the workers check the values of the next
        slices, this process matches one slice and a writer thread inserts the slice before it (the
        database does that work without the interpreter lock), so both cores work to the end.
        `reader`, a session on another connection that sees the database as it was before the import,
        looks the stored people up meanwhile; without it (a database in memory, whose connection
        belongs to one thread) everything runs on `session`, in this thread, in turn. A row that
        matches a person an earlier slice handed over is merged into them as it would have been before
        the write.
        """
        try:
            self._run(session, batch_id, reader)
        finally:
            self.checker.close()  # a cancel or an error midway: the workers stop too

    def _run(self, session: Any, batch_id: int | None, reader: Any) -> None:
        self.batch_id = batch_id
        total = len(self.rows)
        self._tick(0, total)
        checker = self.checker
        checker.read_done()
        self.zones = checker.zones
        state = _Matching()
        started = time.perf_counter()
        # Small files keep the per-row trigger: no schema change for a handful of people.
        indexing_here = search_indexing(session) if total >= DEFER_INDEX_FROM else nullcontext(None)
        with indexing_here as search, big_page_cache(session, total), deferred_indexes(session, total), \
                ThreadPoolExecutor(1, "import-writer") as writer:
            writing: Future[tuple[list[int], list[int]]] | None = None

            def write(order: list[int], people: list[PreparedContact]) -> tuple[list[int], list[int]]:
                ids = insert_contacts(session, people, search)
                if search is not None:
                    search.flush()  # the slice's search index, still without the interpreter lock
                return order, ids

            def record(order: list[int], ids: list[int]) -> None:
                state.written.update(zip(order, ids, strict=True))
                state.created.extend(ids)

            def collect() -> None:
                nonlocal writing
                if writing is not None:
                    done, writing = writing, None
                    record(*done.result())  # re-raises what the writer raised

            lookups = reader if reader is not None else session
            try:
                for first, last in _slices(total):
                    rows = self.rows[first:last]
                    checker.wait_rows(first + len(rows))
                    started = self.report.timed("validate", started)
                    entries = [self._entry(row) for row in rows]
                    self._learn_existing(lookups, entries, state)
                    suppressed = suppressed_keys(lookups, {_suppression_key(e) for _, emails, _, _, _ in entries
                                                           for e in emails})
                    for done, entry in enumerate(entries, start=first + 1):
                        if done % 2000 == 0:
                            self._tick(done, total)
                        self._match(entry, state, suppressed)
                    started = self.report.timed("match", started)
                    order = sorted(state.new, reverse=True)  # -1, -2, … : file order
                    people = [self._prepared(state.new[t]) for t in order]
                    state.handed.update(zip(order, map(_handed, people), strict=True))
                    state.new.clear()
                    collect()  # one slice at a time: ids are given in file order
                    started = self.report.timed("write", started)
                    if reader is None:  # one connection (a database in memory): it is this thread's alone
                        record(*write(order, people))
                    else:
                        writing = writer.submit(write, order, people)
                collect()
            finally:
                if writing is not None:  # cancelled or failed midway: the connection is the writer's until it stops
                    writing.exception()
            started = self.report.timed("write", started)
        self._tick(total, total)
        fresh = set(state.created)
        for merge, _ in state.merges.values():
            if merge.contact_id < 0:
                merge.contact_id = state.written[merge.contact_id]
        changed = [m for m, _ in state.merges.values() if m.changes]
        tags = apply_merges(session, changed, fresh=fresh)
        if batch_id is not None:  # the people it created carry its batch id already
            import_batches.record_merged(session, batch_id, [
                (m.contact_id, {"fills": sorted(m.fills), "organization": bool(m.organization),
                                "do_not_contact": m.do_not_contact is not None, "tags": tags.get(m.contact_id, [])})
                for m in changed if m.contact_id not in fresh])
        self.report.timed("write", started)
        for done_outcome, new_key in state.outcomes:
            if new_key is not None:
                done_outcome.contact_id = state.written[new_key]
            self.report.outcomes.append(done_outcome)
        self.created = len(state.created)

    def _entry(self, row: ImportRow) -> _Entry:
        """A row with its e-mails and phones as stored (checked), and its identity keys."""
        checker = self.checker
        email_facts, phone_facts, when, batch_id = checker.emails, checker.phones, checker.checked_at, self.batch_id
        data = row.contact
        emails: list[dict[str, Any]] = []
        seen: set[str] = set()
        delivery = row.email_delivery
        for n, e in enumerate(data.emails):
            raw = e.raw
            if not raw.strip():
                continue
            f = email_facts[raw]
            ident = f[1] or "raw:" + raw.strip()[:1000].casefold()
            if ident not in seen:
                seen.add(ident)
                emails.append({"position": 0, "label": e.label[:50], "is_primary": e.primary,
                               "raw": raw.strip()[:1000], "normalized": f[0], "key": f[1], "status": f[2],
                               "message": f[3], "suggestion": f[4], "checked_at": when,
                               "checked_with": EMAIL_CHECKED_WITH, "import_batch_id": batch_id,
                               "delivery_status": delivery[n] if n < len(delivery) else "ok"})
        phones: list[dict[str, Any]] = []
        pseen: set[str] = set()
        region, others = checker.regions(data)
        for p in data.phones:
            if not p.raw.strip():
                continue
            g = phone_facts[p.raw, region, others]
            ident = g[1] or "raw:" + g[0]
            if ident not in pseen:
                pseen.add(ident)
                phones.append({"position": 0, "label": p.label[:50], "is_primary": p.primary, "raw": g[0],
                               "e164": g[1], "extension": g[2], "number_type": g[3], "status": g[4],
                               "message": g[5], "checked_at": when, "checked_with": PHONE_CHECKED_WITH,
                               "import_batch_id": batch_id})
        name = data.name()
        keys = IdentityKeys.of(emails=[e["key"] for e in emails if e["key"]], uid=data.uid,
                               phones=[p["e164"] for p in phones if p["status"] == "valid" and p["e164"]],
                               name=name)
        return row, emails, phones, keys, name

    def _learn_existing(self, session: Any, entries: list[_Entry], state: _Matching) -> None:
        """The stored people these rows may be, into the index (people of this file are there already, by
        temp key; the ones already written are left out of the look-up, which sees them on one connection).

        Numbers are looked up with the name beside them: every row with both records its (number,
        name) pair in the index (one with an e-mail too), and a stored person holding the same pair
        must be there first, whatever slice the row is in.
        """
        found = find_existing(session, {k for _, _, _, ks, _ in entries for k in ks.email_keys},
                              {ks.uid for _, _, _, ks, _ in entries if ks.uid},
                              {(p, ks.name) for _, _, _, ks, _ in entries if ks.name for p in ks.phones},
                              state.existing.keys() | set(state.written.values()))
        for person in found.values():
            state.existing[person.id] = person
            state.index.add_stored(person.id, IdentityKeys.of(emails=person.email_keys, uid=person.uid,
                                                              phones=person.phones, name=person.display_name))

    def _match(self, entry: _Entry, state: _Matching, suppressed: set[str]) -> None:
        row, emails, phones, keys, name = entry
        outcome = RowOutcome(row.line, "created", name)
        if row.problems or row.warnings:
            outcome.problems = [{"field": p.field, "message": p.message} for p in row.problems]
            outcome.problems += [{"field": "file", "message": w} for w in row.warnings]
        for ev in emails:
            if ev["status"] != "valid" or ev["message"]:
                outcome.problems.append({"field": "email", "message": f"{ev['raw']!r}: {ev['message']}"
                                         + ("" if ev["status"] == "valid" else " (kept, marked invalid)")})
        for pv in phones:
            if pv["status"] != "valid":
                outcome.problems.append({
                    "field": "phone", "message": f"{pv['raw']!r}: {pv['message'] or pv['status']}"
                    + (" (kept, marked invalid)" if pv["status"] == "invalid" else "")})
        self.report.invalid_values += sum(1 for ev in emails if ev["status"] != "valid") + \
            sum(1 for pv in phones if pv["status"] == "invalid")
        if not name and not emails and not phones:
            outcome.action, outcome.reason = "skipped", "no name, e-mail address or phone number"
            state.outcomes.append((outcome, None))
            return
        index = state.index
        found = index.find(keys)
        blocked = [e for e in emails if _suppression_key(e) in suppressed] if suppressed else []
        if blocked:
            if found is None or found < 0:
                outcome.action = "skipped"
                outcome.reason = (f"{blocked[0]['raw']!r} is on the suppression list (erased or opted out); "
                                  "not imported")
                state.outcomes.append((outcome, None))
                return
            emails = [e for e in emails if e not in blocked]  # a known person keeps them off too
        if found is None:
            state.last_temp -= 1
            temp = state.last_temp
            state.new[temp] = _Person(row.contact, emails, phones, {_email_id(e) for e in emails},
                                      {_phone_id(p) for p in phones})
            index.add(temp, keys)
            state.outcomes.append((outcome, temp))
        elif found < 0:
            if found in state.new:
                added = self._merge_pending(state.new[found], row, emails, phones)
            else:  # handed to the writer by an earlier slice of this file: merged as if it were still pending
                person = state.existing.get(found) or _as_stored(found, state.handed[found])
                state.existing[found] = person
                added = self._merge_existing(person, state.merges, row, emails, phones, fresh=True)
            outcome.action = "merged" if added else "unchanged"
            outcome.reason = f"same person as an earlier row ({added or 'nothing new'})"
            index.add(found, keys)
            state.outcomes.append((outcome, found))
        else:
            person = state.existing[found]
            outcome.contact_id = found
            if person.trashed:
                outcome.action, outcome.reason = "skipped", f"in the trash (contact {found}); not brought back"
                state.outcomes.append((outcome, None))
                return
            added = self._merge_existing(person, state.merges, row, emails, phones)
            outcome.action = "merged" if added else "unchanged"
            outcome.reason = f"matches contact {found}" + (f"; added {added}" if added else "; nothing new")
            if person.do_not_contact:
                outcome.reason += "; stays do-not-contact"
            index.add(found, keys)
            state.outcomes.append((outcome, None))

    def _merge_pending(self, person: _Person, row: ImportRow, emails: list[dict[str, Any]],
                       phones: list[dict[str, Any]]) -> str:
        added: list[str] = []
        for e in emails:
            if _email_id(e) not in person.email_seen:
                person.email_seen.add(_email_id(e))
                person.emails.append(dict(e, is_primary=False))
                added.append(e["raw"])
        for p in phones:
            if _phone_id(p) not in person.phone_seen:
                person.phone_seen.add(_phone_id(p))
                person.phones.append(dict(p, is_primary=False))
                added.append(p["raw"])
        data, incoming = person.data, row.contact
        for tag in incoming.tags:
            if tag.lower() not in {t.lower() for t in data.tags}:
                data.tags.append(tag)
                added.append(f"tag {tag}")
        for name in (*FILLABLE, "display_name", "organization", "role"):
            if name in ("uid",):
                continue
            if not getattr(data, name, None) and getattr(incoming, name, None):
                setattr(data, name, getattr(incoming, name))
                added.append(name)
        if incoming.do_not_contact and not data.do_not_contact:
            data.do_not_contact, data.dnc_reason, data.dnc_date = True, incoming.dnc_reason, incoming.dnc_date
            added.append("do-not-contact")
        return ", ".join(added)

    def _merge_existing(self, person: Existing, merges: dict[int, tuple[Merge, _Person]], row: ImportRow,
                        emails: list[dict[str, Any]], phones: list[dict[str, Any]], fresh: bool = False) -> str:
        """What a row adds to a stored person. `fresh`: a person an earlier slice of this file handed to the
        writer, who gets what :meth:`_merge_pending` would have given them (no primary flags, no UID, a
        time zone from a valid number when they had none)."""
        if person.id not in merges:
            shadow = _Person(ContactInput(), [], [],
                             set(person.email_keys) | {"raw:" + r for r in person.email_raws},
                             set(person.phones) | {"raw:" + r for r in person.phone_raws})
            merges[person.id] = (Merge(person.id), shadow)
        merge, shadow = merges[person.id]
        added: list[str] = []
        for e in emails:
            if _email_id(e) not in shadow.email_seen and "raw:" + e["raw"].casefold() not in shadow.email_seen:
                shadow.email_seen.add(_email_id(e))
                position = person.emails_count + len(merge.emails)
                merge.emails.append(dict(e, position=position,
                                         is_primary=e["is_primary"] and position == 0 and not fresh))
                added.append(e["raw"])
        for p in phones:
            if _phone_id(p) not in shadow.phone_seen and "raw:" + p["raw"] not in shadow.phone_seen:
                shadow.phone_seen.add(_phone_id(p))
                position = person.phones_count + len(merge.phones)
                merge.phones.append(dict(p, position=position,
                                         is_primary=p["is_primary"] and position == 0 and not fresh))
                added.append(p["raw"])
        data = row.contact
        for tag in data.tags:
            if tag.lower() not in person.tags:
                person.tags.add(tag.lower())
                merge.tags.append(tag)
                added.append(f"tag {tag}")
        for name in FILLABLE:
            if fresh and name == "uid":
                continue
            value = getattr(data, name)
            if name == "country":
                value = value.upper()
            if value and not person.fields.get(name) and name not in merge.fills:
                merge.fills[name] = value
                person.fields[name] = value
                added.append(name)
        if data.organization and person.organization_id is None and not merge.organization:
            merge.organization = data.organization
            added.append("organization")
        if fresh and not person.fields.get("time_zone"):
            zone = next((z for z in (self._zone(p["e164"]) for p in merge.phones if p["status"] == "valid") if z), "")
            if zone:
                merge.fills.update(time_zone=zone, time_zone_inferred=True)
                person.fields["time_zone"] = zone
        if data.do_not_contact and not person.do_not_contact:
            person.do_not_contact = True
            merge.do_not_contact = (data.dnc_reason, data.dnc_date or self.today)
            added.append("do-not-contact")
        return ", ".join(added)

    def _zone(self, e164: str) -> str:
        zone = self.zones.get(e164)
        return (time_zone_for(e164) or "") if zone is None else zone

    def _prepared(self, person: _Person) -> PreparedContact:
        data = person.data
        for kind in (person.emails, person.phones):
            for n, values in enumerate(kind):
                values["position"] = n
        zone = data.time_zone
        inferred = False
        if not zone:
            for phone in person.phones:
                if phone["status"] == "valid":
                    zone = self._zone(phone["e164"])
                    if zone:
                        inferred = True
                        break
        dnc = data.do_not_contact
        prepared = PreparedContact(
            columns={
                "display_name": data.name()[:300] or "?", "given_name": data.given_name[:150],
                "family_name": data.family_name[:150], "title": data.title[:300], "role": data.role,
                "country": data.country.upper()[:2], "time_zone": zone, "time_zone_inferred": inferred,
                "preferred_channel": data.preferred_channel, "socials": dict(data.socials), "notes": data.notes,
                "do_not_contact": dnc, "dnc_reason": data.dnc_reason[:500] if dnc else "",
                "dnc_date": (data.dnc_date or self.today) if dnc else None, "source": "file",
                "source_detail": self.source_detail[:500], "consent_basis": data.consent_basis[:200],
                "last_verified": data.last_verified, "uid": data.uid, "import_batch_id": self.batch_id,
            },
            organization=" ".join(data.organization.split())[:300],
            emails=person.emails,
            phones=person.phones,
            tags=[" ".join(t.split())[:100] for t in data.tags],
        )
        prepared.summary = prepared.derive()  # here, not in the writer thread, which the import waits for
        return prepared


class _Backup:
    """The safety copy taken before an import, made in a thread while the file is read and validated.

    It copies the database as it is before the import's transaction begins (that waits for it), so
    the copy holds nothing of the import whatever the timing. Nothing to do on a server.
    """

    def __init__(self, db: Database) -> None:
        from outreach.services.backups import backup_before

        self._error: BaseException | None = None

        def work() -> None:
            try:
                backup_before(db, "import")
            except BaseException as error:  # handed to the importing thread in wait()
                self._error = error

        self._thread = threading.Thread(target=work, name="backup-before-import", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a big import builds its millions of small objects.

    Each full collection walks every live object, and an import of 100,000 rows holds millions of them
    (rows, value dicts, index entries): the collections cost seconds and find nothing, since these
    objects form no cycles and are freed by reference counting. Collection resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_file(db: Database, path: str | Path, *, fmt: str | None = None, mapping: Mapping | None = None,
                region: str | None = None, encoding: str | None = None, sheet: str | None = None,
                delimiter: str | None = None, dry_run: bool = False,
                progress: Progress | None = None) -> ImportReport:
    """Import one file; every change in one transaction (none with dry_run, none when cancelled).

    A real import is a batch in the import history (it can be rolled back as a whole), and on SQLite
    a backup of the database is taken first, while the file is being read.
    """
    with paused_gc():
        return _import_file(db, path, fmt=fmt, mapping=mapping, region=region, encoding=encoding, sheet=sheet,
                            delimiter=delimiter, dry_run=dry_run, progress=progress)


def _lookup_connection(db: Database) -> AbstractContextManager[Any]:
    """A session on a second connection, for the importer to look stored people up while the first
    writes; none where the engine has a single connection per thread (a database in memory: another
    connection would not see it, and its one connection may not change threads)."""
    return nullcontext(None) if isinstance(db.engine.pool, SingletonThreadPool | StaticPool) else db.read()


def _import_file(db: Database, path: str | Path, *, fmt: str | None, mapping: Mapping | None, region: str | None,
                 encoding: str | None, sheet: str | None, delimiter: str | None, dry_run: bool,
                 progress: Progress | None) -> ImportReport:
    path = Path(path)
    kind = detect_format(path, fmt)
    backup = None if dry_run else _Backup(db)
    started = time.perf_counter()
    fallback = default_region()
    try:
        big = path.stat().st_size >= PARALLEL_FILE_BYTES
    except OSError:
        big = False
    checker = _Checker((region or fallback).upper(), fallback, parallel=big)
    try:
        read = read_file(path, kind, mapping, encoding, sheet, delimiter=delimiter, sink=checker.add)
    except BaseException:
        checker.close()
        if backup is not None:
            backup.wait()  # the file is refused: no import, but the backup (already begun) is whole
        raise
    report = ImportReport(str(path), kind, read.encoding, read.total, dry_run=dry_run, mapping=read.mapping)
    report.timed("read", started)
    for error in read.errors:
        report.outcomes.append(RowOutcome(error.line, "error", reason=error.message))
    importer = _Importer(read.rows, checker, path.name, report, progress)
    errors = list(report.outcomes)
    report.outcomes = []
    lookups = _lookup_connection(db)
    if dry_run:
        with db.read() as session, lookups as reader:
            importer.run(session, reader=reader)
    else:
        try:
            assert backup is not None
            backup.wait()
        except BaseException:
            checker.close()
            raise
        with db.session() as session, lookups as reader:
            report.batch_id = import_batches.start_batch(session, path.name, kind)
            importer.run(session, report.batch_id, reader)
            import_batches.finish_batch(session, report.batch_id, importer.created)
            started = time.perf_counter()
        report.timed("commit", started)
    counts = Counter(outcome.action for outcome in report.outcomes)
    report.created, report.merged = counts["created"], counts["merged"]
    report.unchanged, report.skipped = counts["unchanged"], counts["skipped"]
    report.errors = len(errors)
    report.outcomes = sorted(errors + report.outcomes, key=attrgetter("line"))
    report.warnings.extend(sorted({w for r in read.rows for w in r.warnings}))
    return report

