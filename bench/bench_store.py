"""Foundation figures: demo data generation and contact search on 100,000 contacts.

- demo_100k_s: `outreach demo --contacts 100000` into a fresh SQLite file (target < 30 s)
- cli_search_smith_100k_s: `outreach contacts search smith --json` as a process, start-up included (< 1 s)
- search_<query>_100k_ms: the search service alone, first page of 200 rows
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import demo_database, figure, timed


def run(quick: bool) -> list[dict[str, object]]:
    env = {**os.environ, "OUTREACH_CONFIG_DIR": tempfile.mkdtemp(), "OUTREACH_DATA_DIR": tempfile.mkdtemp()}
    figures = []
    demo_runs = []
    for _ in range(1 if quick else 3):
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'demo.db'}"
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "outreach", "--database", url, "demo", "--contacts", "100000"],
                           check=True, env=env, capture_output=True)
            demo_runs.append(time.perf_counter() - start)
    figures.append(figure("demo_100k_s", demo_runs, "s", 30))

    db_path = demo_database()
    url = f"sqlite:///{db_path}"
    cli_runs = []
    for _ in range(3 if quick else 7):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "outreach", "--database", url, "contacts", "search", "smith",
                              "--json"], check=True, env=env, capture_output=True, text=True).stdout
        cli_runs.append(time.perf_counter() - start)
        assert json.loads(out), "search found nobody called smith"
    figures.append(figure("cli_search_smith_100k_s", cli_runs, "s", 1))

    from outreach.services import contacts
    from outreach.store.database import Database

    db = Database.open(url)
    for query in ("smith", "sm", "beat:climate country:GB", "org:\"metro\" smith", "7946", "is:invalid"):
        samples = [timed(lambda q=query: contacts.search(db, q)) * 1000 for _ in range(5 if quick else 15)]
        figures.append(figure(f"search[{query}]_100k_ms", samples, "ms", 50))
    for column in ("name", "org", "email", "phone"):
        samples = [timed(lambda c=column: contacts.search(db, "", sort=c, descending=True)) * 1000
                   for _ in range(5 if quick else 15)]
        figures.append(figure(f"sort[{column}]_100k_ms", samples, "ms", 150))
    db.close()
    return figures


if __name__ == "__main__":
    for fig in run("--quick" in sys.argv):
        print(json.dumps(fig), flush=True)
