"""A full disk mid-import: a one-line message, the database intact, nothing half-written."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_during_an_import_changes_nothing_and_says_so(tiny_disk: Path, tmp_path: Path) -> None:
    db = tiny_disk / "press.db"
    url = f"sqlite:///{db}"
    env = {**os.environ, "OUTREACH_DATA_DIR": str(tmp_path / "data"), "OUTREACH_CONFIG_DIR": str(tmp_path / "cfg")}
    first = subprocess.run([sys.executable, "-m", "outreach", "--database", url, "contacts", "add", "Ann Lee",
                            "--email", "ann@x.example"], capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr
    source = tmp_path / "big.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First Name", "Last Name", "E-mail Address", "Company", "Notes"])
        for i in range(8000):
            writer.writerow([f"Given{i}", f"Family{i}", f"p{i}@outlet.example", "Outlet", "x" * 200])
    result = subprocess.run([sys.executable, "-m", "outreach", "--database", url, "contacts", "import", str(source)],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("outreach: ") and "disk is full" in last and "Traceback" not in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT display_name FROM contacts").fetchall() == [("Ann Lee",)]
