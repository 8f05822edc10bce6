"""Runs every benchmark in this folder and prints one JSON line per figure.

    python bench/run.py [--quick] [--only NAME]

Each bench_*.py module exposes run(quick: bool) -> list[dict] with name, median, unit, runs
(and optionally target). Figures are medians of several runs: this machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke test")
    parser.add_argument("--only", action="append", default=[], help="run only bench_NAME (repeatable)")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from common import machine_figure

    print(json.dumps(machine_figure()), flush=True)
    failed = 0
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if args.only and name not in args.only:
            continue
        try:
            figures = importlib.import_module(path.stem).run(args.quick)
        except Exception:
            traceback.print_exc()
            print(json.dumps({"name": name, "error": "failed"}), flush=True)
            failed += 1
            continue
        for figure in figures:
            print(json.dumps(figure), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
