"""Import and export benchmarks on 100,000 people.

    python bench/bench_import_export.py [--quick]      # one JSON line per figure

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

from common import CACHE, demo_database, figure, timed

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


def run(quick: bool) -> list[dict[str, object]]:
    from outreach.services.exporting import export_contacts
    from outreach.services.importing import import_file
    from outreach.store.database import Database

    CACHE.mkdir(parents=True, exist_ok=True)
    source = CACHE / f"outlook{ROWS}.csv"
    if not source.exists():
        messy_outlook_csv(source)
    runs = 1 if quick else 3
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        samples = []
        for n in range(runs):
            db = Database.open(f"sqlite:///{Path(tmp) / f'import{n}.db'}")
            try:
                samples.append(timed(lambda db=db: import_file(db, source, region="US")))  # type: ignore[misc]
            finally:
                db.close()
        results.append(figure("import 100k Outlook CSV rows", samples, "s", 10))
        demo = Database.open(f"sqlite:///{demo_database()}")
        try:
            for fmt, suffix, target in (("csv", "csv", 2), ("vcard", "vcf", 8), ("xlsx", "xlsx", 20)):
                out = Path(tmp) / f"export.{suffix}"
                samples = [timed(lambda fmt=fmt, out=out: export_contacts(demo, fmt, out))  # type: ignore[misc]
                           for _ in range(runs)]
                results.append(figure(f"export 100k {fmt}", samples, "s", target))
        finally:
            demo.close()
    return results


if __name__ == "__main__":
    for result in run("--quick" in sys.argv):
        print(json.dumps(result))
