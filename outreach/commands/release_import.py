"""`outreach release import FILE`: store a release with its organisation and media contacts."""

from __future__ import annotations

import argparse
from typing import Any

from outreach.commands.context import CliContext
from outreach.commands.formatting import plain


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "import", help="store a release and link (or create) its media contacts",
        description="Reads FILE like `release check`, stores the release (title, date, dateline region, body, "
        "file name) with its organisation, and links its media contacts: existing people are found by e-mail "
        "(or phone and name when there is no e-mail), the rest are created. Importing the same release again "
        "duplicates nothing.")
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--region", metavar="CC", help="region for numbers without +code (default: the dateline)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.services.release_import import import_release

    report = import_release(ctx.database(), args.file, args.region)
    if args.json:
        ctx.print_json(plain(report))
        return 0
    state = "stored as" if report.release_created else "already stored as"
    print(f"{args.file}: {state} release {report.release_id}: {report.title}")
    for verb, names in (("created", report.created), ("updated", report.updated), ("linked", report.linked),
                        ("skipped", report.skipped)):
        for name in names:
            print(f"  {verb}: {name}")
    if report.problems:
        ctx.say(f"{report.problems} problem(s) in the release: see `outreach release check {args.file}`")
    return 0
