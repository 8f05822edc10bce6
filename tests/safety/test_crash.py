"""A process killed (SIGKILL) in the middle of an import, an export or a bulk log leaves a database
that passes integrity_check, with the work absent or whole; running it again duplicates nothing.

Real subprocesses, killed while their transaction is writing (seen as the WAL file growing)."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROWS = 30_000


def outreach(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "outreach", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def kill_when_writing(process: subprocess.Popen[str], db: Path, grown_by: int = 2_000_000,
                      timeout: float = 120) -> bool:
    """SIGKILL once the WAL has grown by `grown_by` bytes; False if the process ended first."""
    wal = db.with_name(db.name + "-wal")
    start = wal.stat().st_size if wal.exists() else 0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if wal.exists() and wal.stat().st_size - start > grown_by:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.005)
    process.kill()
    raise AssertionError("the process neither wrote nor finished in time")


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def outlook_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "E-mail Address", "Business Phone", "Company", "Job Title",
                         "Categories"])
        for i in range(rows):
            writer.writerow([f"Given{i}", f"Family{i}", f"person{i}@outlet{i % 300}.example",
                             f"+1 212 555 {i % 10000:04d}" if i % 3 else "", f"Outlet {i % 300}", "Reporter",
                             "climate;politics" if i % 2 else "health"])


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "crash.db"
    subprocess.run([sys.executable, "-m", "outreach", "--database", f"sqlite:///{db}", "stats"], check=True,
                   capture_output=True)
    return db, f"sqlite:///{db}"


def test_an_import_killed_mid_write_is_absent_and_a_rerun_is_whole(workspace: tuple[Path, str],
                                                                    tmp_path: Path) -> None:
    db, url = workspace
    source = tmp_path / "big.csv"
    outlook_csv(source, ROWS)
    killed = kill_when_writing(outreach("--database", url, "contacts", "import", str(source)), db)
    assert killed, "the import finished before it could be killed: make the file bigger"
    assert integrity(db) == "ok"
    assert count(db, "contacts") == 0  # never half an import
    rerun = subprocess.run([sys.executable, "-m", "outreach", "--database", url, "contacts", "import", str(source)],
                           capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert count(db, "contacts") == ROWS
    again = subprocess.run([sys.executable, "-m", "outreach", "--database", url, "contacts", "import", str(source)],
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0 and count(db, "contacts") == ROWS  # no duplicates
    assert integrity(db) == "ok"


def test_an_export_killed_midway_leaves_the_previous_file_intact(workspace: tuple[Path, str],
                                                                 tmp_path: Path) -> None:
    db, url = workspace
    subprocess.run([sys.executable, "-m", "outreach", "--database", url, "demo", "--contacts", "20000"],
                   check=True, capture_output=True, timeout=600)
    target = tmp_path / "out.csv"
    target.write_text("the previous export\n", encoding="utf-8")
    process = outreach("--database", url, "contacts", "export", "--format", "csv", "-o", str(target))
    killed = False
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        partial = [p for p in tmp_path.glob(f".{target.name}.*.tmp")]
        if partial and partial[0].stat().st_size > 100_000:
            os.kill(process.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.002)
    process.wait()
    assert killed, "the export finished before it could be killed"
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert integrity(db) == "ok"


def test_a_bulk_log_killed_mid_write_is_absent_or_whole(workspace: tuple[Path, str]) -> None:
    db, url = workspace
    subprocess.run([sys.executable, "-m", "outreach", "--database", url, "demo", "--contacts", "40000"],
                   check=True, capture_output=True, timeout=600)
    made = subprocess.run([sys.executable, "-m", "outreach", "--database", url, "lists", "create", "Everyone",
                           "--query", "role:journalist"], capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stderr
    members = len(json.loads(subprocess.run(
        [sys.executable, "-m", "outreach", "--database", url, "lists", "show", "Everyone", "--json"],
        capture_output=True, text=True, check=True).stdout)["members"])
    assert members > 30000
    killed = kill_when_writing(outreach("--database", url, "log", "add", "--list", "Everyone", "--kind", "sent"),
                               db, grown_by=300_000)
    assert integrity(db) == "ok"
    assert count(db, "outreach_events") == (0 if killed else members)
