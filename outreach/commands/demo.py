"""`outreach demo`: fill a database with fictional contacts for trying the app and benchmarks."""

from __future__ import annotations

import argparse
import time
from typing import Any

from outreach.commands.context import CliContext
from outreach.errors import UserError


def register(sub: Any) -> None:
    demo = sub.add_parser("demo", help="add N realistic fictional journalists and organisations",
                          description="Adds fictional people (names from many cultures, outlets, beats, phones "
                          "of several countries, shared switchboards, a few invalid values, ~5%% do-not-contact).")
    demo.add_argument("--contacts", type=int, default=1000, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="the same seed gives the same people")
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.services.demo import fill

    if args.contacts < 1 or args.contacts > 2_000_000:
        raise UserError("--contacts: give a number from 1 to 2,000,000")
    start = time.perf_counter()
    added = fill(ctx.database(), args.contacts, args.seed)
    ctx.say(f"added {added} demo contacts to {ctx.database().name} in {time.perf_counter() - start:.1f} s")
    return 0
