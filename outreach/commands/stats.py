"""`outreach stats`: counts of what the database holds."""

from __future__ import annotations

import argparse
from typing import Any

from outreach.commands.context import CliContext


def register(sub: Any) -> None:
    stats = sub.add_parser("stats", help="counts: contacts, organisations, invalid values, releases…")
    stats.add_argument("--json", action="store_true", help="one flat JSON object of integer counts")
    stats.set_defaults(handler=run_stats)


def run_stats(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.store.queries.stats import counts

    with ctx.database().read() as session:
        numbers = counts(session)
    if args.json:
        ctx.print_json(numbers)
    else:
        width = max(map(len, numbers))
        for key, value in numbers.items():
            print(f"{key.replace('_', ' '):<{width}}  {value:>8}")
    return 0
