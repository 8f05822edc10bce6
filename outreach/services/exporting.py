"""Exporting people: a full export of everything (round-trips through our import) or a distribution
list that leaves out do-not-contact people and people without a usable e-mail address.

Who is exported is chosen by a search (default: everyone not in the trash) or by ids (the selection in
the window, `contacts export --ids`): exactly those people, in that order, trashed ones included.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import multiprocessing.process
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from outreach.domain.query import parse_query
from outreach.errors import UserError
from outreach.io.formats import FORMATS, SPLITTABLE, Shape, format_losses, write_people
from outreach.services.gc_pause import paused_gc
from outreach.store.database import Database
from outreach.store.importing import ExportPerson, export_people, export_shape
from outreach.store.queries.contacts import count_contacts, matching_ids

__all__ = ["FORMATS", "NOT_FOUND", "ExportReport", "export_contacts", "format_losses", "unique_ids"]

NOT_FOUND = "no such contact (deleted for good?)"


@dataclass(slots=True)
class ExportReport:
    file: str
    format: str
    selected: int = 0
    written: int = 0
    left_out: dict[str, int] = field(default_factory=dict)  # reason → count
    losses: list[str] = field(default_factory=list)


def _usable_email(person: ExportPerson) -> bool:
    return any(e.status == "valid" and e.delivery_status == "ok" for e in person.emails)


def unique_ids(ids: Sequence[int]) -> list[int]:
    """The ids in their order, each once."""
    return list(dict.fromkeys(int(i) for i in ids))


def export_contacts(db: Database, fmt: str, target: str | Path, *, query: str = "", distribution: bool = False,
                    ids: Sequence[int] | None = None,
                    progress: Callable[[int], None] | None = None) -> ExportReport:
    """Write the people `query` selects, or exactly the people with these `ids` (not both).

    Ids that name nobody (erased, or never there) are counted as left out with :data:`NOT_FOUND`.
    """
    if ids is not None and query.strip():
        raise UserError("export either the people a query selects or people by id, not both")
    if fmt not in FORMATS:
        raise UserError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    target = Path(target)
    if target.is_dir():
        raise UserError(f"{target}: is a folder; give a file name")
    if not target.parent.exists():
        raise UserError(f"{target.parent}: no such folder")
    report = ExportReport(str(target), fmt, losses=format_losses(fmt))
    # No cyclic GC while pages stream through (about a quarter of a CSV export): the rows hold no cycles.
    with paused_gc(), db.read() as session:
        # The second process takes about 0.4 s to start: when the export is sure to be big (everyone, or
        # many ids), it starts before the people are chosen; otherwise once they are known to be many.
        likely = len(unique_ids(ids)) if ids is not None else 0 if query.strip() else count_contacts(session)
        with _OtherPart(db, fmt, distribution, target) as other:
            if _split_at(db, fmt, likely) < likely:
                other.start()
            chosen = unique_ids(ids) if ids is not None else matching_ids(session, parse_query(query))
            report.selected = len(chosen)
            stored = export_shape(session)
            shape = Shape(stored.emails, stored.phones, stored.notes_length)
            found = [0]
            split = _split_at(db, fmt, len(chosen))
            mine = chosen[:split] if other.give(chosen[split:], shape) else chosen  # else: all here
            result = write_people(fmt, target, _selected(export_people(session, mine), distribution,
                                                         report.left_out, found),
                                  shape, progress, rest=other.wait if other.started else None)
            if other.started:
                _add(report.left_out, other.left_out)
                found[0] += other.found
                result.written += other.written
                result.left_out += other.format_left_out
    report.written = result.written
    if found[0] < len(chosen):
        report.left_out[NOT_FOUND] = len(chosen) - found[0]
    if result.left_out:
        reason = "no valid e-mail address (the format needs one)"
        report.left_out[reason] = report.left_out.get(reason, 0) + result.left_out
    return report


def _selected(people: Iterator[ExportPerson], distribution: bool, left_out: dict[str, int],
              found: list[int]) -> Iterator[ExportPerson]:
    """The people to write; a distribution export leaves some out, counted by reason in `left_out`."""
    for person in people:
        found[0] += 1
        if distribution:
            if person.do_not_contact:
                left_out["do-not-contact"] = left_out.get("do-not-contact", 0) + 1
                continue
            if not _usable_email(person):
                reason = "no valid e-mail address (or it bounced / opted out)"
                left_out[reason] = left_out.get(reason, 0) + 1
                continue
        yield person


def _add(total: dict[str, int], more: dict[str, int]) -> None:
    for reason, count in more.items():
        total[reason] = total.get(reason, 0) + count


# --- a big text export in two processes ------------------------------------------------------------
# Reading the pages and formatting the rows is Python work on one core; a big export to a text format
# writes its last part in a second process, on the other core, and joins the two files. Both read the
# same SQLite file (WAL: neither blocks the other or a writer), each in its own read transaction begun
# a moment apart: an edit saved in that moment can show in one part and not the other, as it could in
# an export started a moment later; no one is left out or written twice (the ids are chosen first).
PARALLEL_FROM = 20_000  # people; below this, starting the second process costs more than it saves
# Half each: this process chooses the people first and appends the other part last, while the other
# starts (about 0.4 s, begun before the choosing). Shares 0.4, 0.45, 0.5 measured: 2.10, 2.05, 1.90 s.
FIRST_SHARE = 0.5


def _split_at(db: Database, fmt: str, count: int) -> int:
    """How many people this process writes (the rest go to a second process)."""
    if count < PARALLEL_FROM or fmt not in SPLITTABLE or db.sqlite_path is None:
        return count
    return int(count * FIRST_SHARE)


class _OtherPart:
    """The second process writing some of the people (rows only) to a temporary file beside the target.

    Started with :meth:`start` (before the people are chosen, so that its start overlaps that work) or
    by :meth:`give`, which hands it its people -- in a file, so that handing them over never waits for
    the process -- or tells it there are none.
    """

    def __init__(self, db: Database, fmt: str, distribution: bool, target: Path) -> None:
        self.args = (db.engine.url.render_as_string(hide_password=False), fmt, distribution)
        self.target = target
        self.started = False  # running, and (after give) writing people this export needs
        self.written = self.format_left_out = self.found = 0
        self.left_out: dict[str, int] = {}
        self.process: multiprocessing.process.BaseProcess | None = None
        self.jobs: Connection | None = None
        self.files: list[Path] = []

    def __enter__(self) -> _OtherPart:
        return self

    def start(self) -> None:
        fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".part", dir=self.target.parent)
        os.close(fd)
        self.part = Path(name)
        self.answer, self.people = self.part.with_suffix(".json"), self.part.with_suffix(".ids.json")
        self.files = [self.part, self.answer, self.people]
        context = multiprocessing.get_context("spawn")
        theirs: Connection | None = None
        try:
            self.jobs, theirs = context.Pipe()
            process = context.Process(target=write_part, name="export-part", daemon=True,
                                      args=(*self.args, str(self.part), str(self.answer), str(self.people), theirs))
            process.start()
            self.process = process
            self.started = True
        except (OSError, RuntimeError):  # no second process here (limits, a frozen app): one does it all
            self._stop()
        finally:
            if theirs is not None:
                theirs.close()  # the process has its own end: it sees the pipe close when this one goes

    def give(self, ids: list[int], shape: Shape) -> bool:
        """Hand the process its people (starting it if need be); False when it is not running or there are
        none (then it stops)."""
        if ids and not self.files:  # not started (or tried) yet
            self.start()
        if not self.started or self.jobs is None:
            return False
        if ids:
            try:  # JSON, not pickle: the file lies beside the target, where others may write
                self.people.write_text(json.dumps({"ids": ids, "shape": [shape.emails, shape.phones,
                                                                         shape.notes_length]}), encoding="utf-8")
            except OSError:  # no room for it, say: this process writes them all
                self._stop()
                return False
        self.started = bool(ids)
        # A process that already failed (it could not open the database) has written why, for wait().
        with contextlib.suppress(OSError):
            self.jobs.send_bytes(b"1" if ids else b"0")
        return self.started

    def wait(self) -> Path:
        assert self.process is not None
        self.process.join()
        try:
            answer = json.loads(self.answer.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise UserError(f"{self.target}: the second export process failed (exit code "
                            f"{self.process.exitcode}); nothing was written") from None
        if "error" in answer:
            raise UserError(f"{self.target}: {answer['error']}; nothing was written")
        self.written, self.format_left_out, self.found = answer["written"], answer["format_left_out"], answer["found"]
        self.left_out = dict(answer["left_out"])
        return self.part

    def __exit__(self, *_exc: object) -> None:
        self._stop()

    def _stop(self) -> None:
        if self.process is not None:
            if self.process.is_alive():  # not given people, or cancelled or failed here: no part is wanted
                self.process.terminate()
            self.process.join()
        if self.jobs is not None:
            self.jobs.close()
        self.started = False
        for path in self.files:
            with contextlib.suppress(OSError):
                path.unlink()


def write_part(url: str, fmt: str, distribution: bool, part: str, answer: str, people: str,
               jobs: Connection) -> None:
    """In the second process: wait for the word, then write the rows of the people in the file `people`
    to `part`; counts (or the error) to `answer`. Told there are none (or the first process is gone):
    stops, writing nothing."""
    try:
        db = Database.open(url, upgrade=False, pool=False)
        try:
            try:
                go = jobs.recv_bytes() == b"1"
            except (EOFError, OSError):
                go = False
            if not go:
                return
            job = json.loads(Path(people).read_text(encoding="utf-8"))
            ids, shape = [int(i) for i in job["ids"]], Shape(*(int(n) for n in job["shape"]))
            left_out: dict[str, int] = {}
            found = [0]
            with paused_gc(), db.read() as session:
                result = write_people(fmt, Path(part), _selected(export_people(session, ids), distribution,
                                                                 left_out, found), shape, header=False)
        finally:
            db.close()
        done = {"written": result.written, "format_left_out": result.left_out, "found": found[0],
                "left_out": left_out}
    except Exception as error:  # reported by the first process, which owns the export
        done = {"error": str(error) or type(error).__name__}
    Path(answer).write_text(json.dumps(done), encoding="utf-8")
