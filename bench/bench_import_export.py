"""Import and export benchmarks on 100,000 people.

    python bench/bench_import_export.py [--quick]      # one JSON line per figure

Each run is a fresh process (the import starts its own two validation workers); besides the median
time of each figure its peak RSS is printed (the largest of the process and its workers, over the runs).

Figures (targets): importing a messy 100k-row Outlook CSV (mixed phone formats, repeats, invalid values)
with full validation into a fresh database (<= 10 s); exporting the 100k demo database as CSV (<= 2 s),
vCard (<= 8 s) and XLSX (<= 20 s).
"""

from __future__ import annotations

import csv
import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE, demo_database, figure

ROWS = 100_000


def messy_outlook_csv(path: Path, rows: int = ROWS, seed: int = 3) -> Path:
    """An Outlook export as users have them: mixed phone formats, repeated people, invalid values."""
    from phonenumbers import PhoneNumberType

    from outreach.services import demo_data as data
    from outreach.services.demo import _number, _outlets, _slug

    rng = random.Random(seed)
    outlets = _outlets(rng, 2000)
    cultures = list(data.GIVEN)
    written: list[list[str]] = []
    header = ["First Name", "Middle Name", "Last Name", "E-mail Address", "E-mail 2 Address", "Mobile Phone",
              "Business Phone", "Company Main Phone", "Company", "Job Title", "Categories", "Notes"]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i in range(rows):
            if written and rng.random() < 0.04:  # the same person again, written differently
                again = list(rng.choice(written))
                again[3] = again[3].upper()
                writer.writerow(again)
                continue
            culture = rng.choice(cultures)
            given, family = rng.choice(data.GIVEN[culture]), rng.choice(data.FAMILY[culture])
            outlet = rng.choice(outlets)
            email = f"{_slug(given)}.{_slug(family)}{i}@{outlet.domain}"
            roll = rng.random()
            if roll < 0.01:
                email = email.replace("@", " at ")
            elif roll < 0.012:
                email = '=HYPERLINK("http://evil.example","x")@x'
            mobile = _number(rng, outlet.country, PhoneNumberType.MOBILE) if rng.random() < 0.5 else ""
            work = _number(rng, outlet.country, PhoneNumberType.FIXED_LINE) if rng.random() < 0.8 else ""
            if work and rng.random() < 0.02:
                work = work[:-5]
            row = [given, "", family, email, f"{_slug(given)}{i}@gmail.com" if rng.random() < 0.2 else "",
                   mobile, work, outlet.switchboard if rng.random() < 0.1 else "", outlet.name,
                   rng.choice(data.TITLES), ";".join(rng.sample(data.BEATS, rng.choice((1, 1, 2)))), ""]
            writer.writerow(row)
            if len(written) < 5000:
                written.append(row)
    return path


def _one(kind: str, arg: str, out: str) -> None:
    """One timed run in this (child) process; prints {"seconds": ...} as the last line."""
    import time

    from outreach.store.database import Database

    if kind == "import":
        from outreach.services.importing import import_file

        db = Database.open(f"sqlite:///{out}")
        start = time.perf_counter()
        phases = import_file(db, arg, region="US").timings
    else:
        from outreach.services.exporting import export_contacts

        db = Database.open(f"sqlite:///{demo_database()}")
        start = time.perf_counter()
        export_contacts(db, arg, out)
        phases = {}
    seconds = time.perf_counter() - start
    db.close()
    print(json.dumps({"seconds": seconds, "phases": phases}))


def _in_child(kind: str, arg: str, out: str) -> tuple[float, float, dict[str, float]]:
    """(seconds, peak RSS in MiB, seconds per phase) of one run in a fresh process (so peaks are not
    shared between figures).

    The peak is the largest of the child's and its own worker processes' (RUSAGE_CHILDREN of a process
    that has only this child); ru_maxrss is in KiB on Linux.
    """
    import subprocess

    code = ("import sys; sys.path.insert(0, sys.argv[1]); import bench_import_export as b; "
            "b._one(sys.argv[2], sys.argv[3], sys.argv[4])")
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")
    done = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-c", code,
                           str(Path(__file__).resolve().parent), kind, arg, out],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} {arg} failed:\n{done.stderr}")
    lines = done.stdout.strip().splitlines()
    timed = json.loads(lines[-2])
    return float(timed["seconds"]), int(lines[-1]) / 1024, dict(timed.get("phases") or {})


def run(quick: bool) -> list[dict[str, object]]:
    """Median seconds (1 run with quick, else 3) and the largest peak RSS of the runs, one dict per figure."""
    CACHE.mkdir(parents=True, exist_ok=True)
    source = CACHE / f"outlook{ROWS}.csv"
    if not source.exists():
        messy_outlook_csv(source)
    demo_database()
    runs = 1 if quick else 3
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [("import", str(source), "import 100k Outlook CSV rows", 10.0, "db")]
        jobs += [("export", fmt, f"export 100k {fmt}", target, suffix)
                 for fmt, suffix, target in (("csv", "csv", 2.0), ("vcard", "vcf", 8.0), ("xlsx", "xlsx", 20.0))]
        for kind, arg, name, target, suffix in jobs:
            samples, peaks, phases = [], [], []
            for n in range(runs):
                seconds, peak, phase = _in_child(kind, arg, str(Path(tmp) / f"{kind}{n}.{suffix}"))
                samples.append(seconds)
                peaks.append(peak)
                phases.append(phase)
            results.append(figure(name, samples, "s", target))
            if any(phases):  # the import's own breakdown, from the median run
                median_run = phases[samples.index(sorted(samples)[len(samples) // 2])]
                results[-1]["phases"] = median_run
            results.append({"name": f"{name}: peak RSS", "median": round(max(peaks), 1), "unit": "MiB",
                            "runs": len(peaks)})
    return results


if __name__ == "__main__":
    from common import machine_figure

    print(json.dumps(machine_figure()), flush=True)
    for result in run("--quick" in sys.argv):
        print(json.dumps(result), flush=True)
    print(json.dumps(machine_figure()), flush=True)  # before and after: the machine may change meanwhile
