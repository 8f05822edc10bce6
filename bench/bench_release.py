"""Release parser speed: a realistic release, 2 MB of releases, and 2 MB of digit-heavy text.

run(quick) returns figures {"name", "median", "unit", "runs"};
`python bench/bench_release.py` prints them as JSON lines.
"""

from __future__ import annotations

import glob
import json
import os
import statistics
import sys
import time
import tracemalloc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from outreach.domain.release import parse_release

_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "releases")

_BODY = (
    "The coalition's report, based on 2,400 interviews conducted between 01/03/2025 and 30/09/2025, found that "
    "rents rose 14 per cent while wages rose 3 per cent. Case No. 2:25-cv-01874 remains pending, and the council "
    "has budgeted $1,250,000 for the programme in 2026-27. \"We will keep pushing,\" said Maria Lopez, the "
    "coalition's chair, adding that 312 volunteers had joined since March. "
)


def realistic_release() -> str:
    """About 5,000 characters: headline, dateline, body with numbers, a two-person contact block."""
    head = (
        "FOR IMMEDIATE RELEASE\n\nCoalition Publishes Annual Housing Report\n\n"
        "NEW YORK, March 3, 2026 – The Fair Housing Coalition today published its annual report.\n\n"
    )
    body = ""
    while len(head) + len(body) < 4680:
        body += _BODY + "\n\n"
    block = (
        "Media Contacts:\nJane Smith, Communications Director, Fair Housing Coalition\n"
        "Phone: (212) 875-9381 ext. 15 | Fax: (212) 875-9399\njsmith@fairhousing.example\n\n"
        "Tom Reyes, Press Officer\nMobile: 917-555-0143\ntreyes@fairhousing.example\n\n"
        "About Fair Housing Coalition\nThe coalition works for fair housing. www.fairhousing.example\n"
    )
    return head + body + block


def concatenated_releases(size: int = 2_000_000) -> str:
    texts = []
    for path in sorted(glob.glob(os.path.join(_DATA, "*.txt"))):
        with open(path, encoding="utf-8") as fh:
            texts.append(fh.read())
    texts.append(realistic_release())
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        t = texts[i % len(texts)]
        parts.append(t)
        total += len(t) + 2
        i += 1
    return "\n\n".join(parts)


def digit_heavy(size: int = 2_000_000) -> str:
    line = "Filed 2024-03-15 under docket 24-35123, ref 0012345, 1,250,000 units, 03/15/2026, 12.06.2026; "
    text = (line * (size // len(line) + 1))[:size]
    return text + "\n\nMedia Contact\nGreta Voss, (410) 837-2290, greta.voss@harborkeepers.example\n"


def _time(fn: object, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append(time.perf_counter() - t0)
    return out


def run(quick: bool) -> list[dict[str, object]]:
    figures: list[dict[str, object]] = []
    release = realistic_release()
    parse_release(release)  # warm caches and regex compilation
    n = 20 if quick else 200
    times = _time(lambda: parse_release(release), n)
    figures.append({"name": f"release_parse_{len(release)}_chars", "median": round(statistics.median(times) * 1000, 3),
                    "unit": "ms", "runs": n})

    big = concatenated_releases()
    n = 2 if quick else 5
    times = _time(lambda: parse_release(big), n)
    figures.append({"name": "release_parse_2MB_concatenated", "median": round(statistics.median(times), 3),
                    "unit": "s", "runs": n})
    tracemalloc.start()
    parse_release(big)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures.append({"name": "release_parse_2MB_peak_memory", "median": round(peak / 1e6, 1), "unit": "MB", "runs": 1})

    digits = digit_heavy()
    result = parse_release(digits)
    assert any(c.name == "Greta Voss" and c.phones for c in result.media_contacts), "contact at the end not found"
    times = _time(lambda: parse_release(digits), n)
    figures.append({"name": "release_parse_2MB_digit_heavy", "median": round(statistics.median(times), 3),
                    "unit": "s", "runs": n})
    return figures


if __name__ == "__main__":
    for figure in run(quick="--quick" in sys.argv):
        print(json.dumps(figure))
