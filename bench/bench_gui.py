"""Desktop window benchmarks on a 100,000-contact demo database.

    python bench/bench_gui.py [--quick]      # one JSON line per figure

Figures (targets): startup from creating the QApplication -- importing the GUI included -- to the
first rows shown (<= 1.5 s); a keystroke in the search field via setText to updated rows, median
over a typed sequence (<= 50 ms); sortByColumn per column (<= 150 ms); peak RSS (<= 400 MB).
Each run happens in a fresh subprocess (offscreen Qt). The database is made once and reused.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CONTACTS = 100_000
TYPED = ("s", "sm", "smi", "smit", "smith", "beat:climate smith")

# Runs in the child process: prints one JSON object with its measurements.
CHILD = r"""
import json, os, resource, sys, tempfile, time
t0 = time.perf_counter()
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView
app = QApplication(["outreach-bench"])
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
from outreach.gui import create_window
window = create_window(sys.argv[1])
window.resize(1400, 820)
window.show()
view = window.findChild(QTableView, "contactsView")
while view.model().rowCount() == 0:
    app.processEvents()
app.processEvents()
startup = time.perf_counter() - t0

field = window.findChild(QLineEdit, "searchField")
typed = json.loads(sys.argv[2])
keystrokes = []
for _round in range(int(sys.argv[3])):
    field.setText("")
    app.processEvents()
    for text in typed:
        t = time.perf_counter()
        field.setText(text)  # the model re-queries on textChanged
        app.processEvents()  # and the view repaints
        keystrokes.append(time.perf_counter() - t)
        assert view.model().rowCount() >= 0
field.setText("")
app.processEvents()

from outreach.gui.contacts_model import COLUMNS
sorts = {}
for column, (_title, key) in enumerate(COLUMNS):
    times = []
    for _round in range(int(sys.argv[3])):
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            t = time.perf_counter()
            view.sortByColumn(column, order)
            app.processEvents()
            times.append(time.perf_counter() - t)
    sorts[key] = times
rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
window.close()
print(json.dumps({"startup": startup, "keystrokes": keystrokes, "sorts": sorts, "rss_mb": rss_kb / 1024}))
"""


def _child(url: str, rounds: int) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    home = Path(tempfile.mkdtemp(prefix="outreach-bench-home-"))
    env["OUTREACH_CONFIG_DIR"] = str(home / "config")
    env["OUTREACH_DATA_DIR"] = str(home / "data")
    done = subprocess.run([sys.executable, "-c", CHILD, url, json.dumps(TYPED), str(rounds)],
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"GUI benchmark child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _figure(name: str, values: list[float], unit: str, scale: float, target: float) -> dict[str, Any]:
    return {"name": name, "median": round(statistics.median(values) * scale, 2), "unit": unit,
            "runs": len(values), "target": target}


def run(quick: bool, url: str | None = None, prefix: str = "gui") -> list[dict[str, Any]]:
    """The window's figures on the 100k demo database (SQLite by default, or `url`)."""
    if url is None:
        from common import demo_database

        url = f"sqlite:///{demo_database(CONTACTS)}"
    children = 1 if quick else 3
    rounds = 1 if quick else 3
    results = [_child(url, rounds) for _ in range(children)]
    figures = [_figure(f"{prefix}.startup_to_first_rows", [r["startup"] for r in results], "ms", 1000, 1500)]
    figures.append(_figure(f"{prefix}.search_keystroke", [t for r in results for t in r["keystrokes"]], "ms",
                           1000, 50))
    for key in results[0]["sorts"]:
        times = [t for r in results for t in r["sorts"][key]]
        figures.append(_figure(f"{prefix}.sort_by_column.{key}", times, "ms", 1000, 150))
    figures.append({"name": f"{prefix}.peak_rss", "median": round(statistics.median(r["rss_mb"] for r in results), 1),
                    "unit": "MB", "runs": len(results), "target": 400})
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    started = time.perf_counter()
    for figure in run(quick="--quick" in sys.argv[1:]):
        print(json.dumps(figure))
    print(f"# {time.perf_counter() - started:.1f} s", file=sys.stderr)
