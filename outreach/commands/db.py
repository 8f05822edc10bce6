"""`outreach db …`: upgrade and back up the database."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from outreach.commands.context import CliContext


def register(sub: Any) -> None:
    group = sub.add_parser("db", help="upgrade or back up the database")
    group.set_defaults(group_parser=group)
    cmds = group.add_subparsers(title="db commands", metavar="COMMAND")
    up = cmds.add_parser("upgrade", help="bring the database to the current schema (backing it up first)")
    up.set_defaults(handler=run_upgrade)
    backup = cmds.add_parser("backup", help="write a consistent copy of the database to FILE")
    backup.add_argument("file", type=Path)
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    backup.set_defaults(handler=run_backup)
    info = cmds.add_parser("info", help="where the database is and its schema version")
    info.set_defaults(handler=run_info)
    register_copy(cmds)


def run_upgrade(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.store.migrate import current_revision

    db = ctx.database()  # opening upgrades, after a backup of an existing SQLite file
    ctx.say(f"{db.name} is at schema {current_revision(db.engine)} (current)")
    return 0


def run_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.errors import UserError
    from outreach.store.backup import backup

    target: Path = args.file
    if target.exists() and not args.force:
        raise UserError(f"{target}: already exists; add --force to replace it")
    written = backup(ctx.database().engine, target)
    ctx.say(f"backed up {ctx.database().name} to {written}")
    return 0


def run_info(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.store.migrate import current_revision

    db = ctx.database()
    url = db.url.render_as_string(hide_password=True)
    print(f"database: {url}\nengine: {db.dialect}\nschema: {current_revision(db.engine)}")
    return 0


def register_copy(cmds: Any) -> None:
    copy = cmds.add_parser(
        "copy", help="copy a whole database into a new, empty one (SQLite <-> PostgreSQL)",
        description="Copies every table, then verifies row counts and checksums; on any difference nothing is "
        "kept. The target must be empty. PostgreSQL ids continue after the highest copied one.")
    copy.add_argument("--from", dest="source", required=True, metavar="URL")
    copy.add_argument("--to", dest="target", required=True, metavar="URL")
    copy.add_argument("--json", action="store_true", help="print rows and checksum per table as JSON")
    copy.set_defaults(handler=run_copy)


def run_copy(args: argparse.Namespace, ctx: CliContext) -> int:
    import sys

    from outreach.store.copy import copy_database
    from outreach.store.database import Database

    source = Database.open(args.source)
    target = Database.open(args.target)
    try:
        def progress(table: str, rows: int) -> None:
            if sys.stderr.isatty():
                print(f"\r{table}: {rows} rows", end="", file=sys.stderr, flush=True)

        report = copy_database(source.engine, target.engine, progress)
    finally:
        source.close()
        target.close()
    if args.json:
        ctx.print_json({"tables": report.tables, "checksums": report.checksums})
    else:
        for table, rows in report.tables.items():
            print(f"{table:20} {rows:>8} rows  sha256 {report.checksums[table][:16]}")
    ctx.say(f"copied {sum(report.tables.values())} rows in {len(report.tables)} tables; counts and checksums match")
    return 0
