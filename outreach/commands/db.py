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
    backup = cmds.add_parser("backup", help="write a consistent copy of the database (to FILE, or into backups/)")
    backup.add_argument("file", type=Path, nargs="?",
                        help="where to write it; without FILE an SQLite database is backed up into backups/")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    backup.set_defaults(handler=run_backup)
    info = cmds.add_parser("info", help="where the database is and its schema version")
    info.set_defaults(handler=run_info)
    register_copy(cmds)
    listing = cmds.add_parser("backups", help="list the automatic and manual backups of this database",
                              description="Backups are kept in backups/ beside the database file: made on opening "
                              "(at most hourly, when it changed), before upgrades, imports, erasures, merges and "
                              "restores; thinned to one a day for a week, one a week for a month, one a month for "
                              "a year.")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_backups)
    restore = cmds.add_parser("restore", help="restore a backup (the current state is backed up first)")
    restore.add_argument("backup", help="a name from `db backups`, or a backup file's path")
    restore.add_argument("--yes", action="store_true", help="confirm replacing the current data")
    restore.set_defaults(handler=run_restore)


def run_upgrade(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.store.migrate import current_revision

    db = ctx.database()  # opening upgrades, after a backup of an existing SQLite file
    ctx.say(f"{db.name} is at schema {current_revision(db.engine)} (current)")
    return 0


def run_backup(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.errors import UserError
    from outreach.store.backup import backup

    if args.file is None:
        from outreach.services.backups import make_backup

        made = make_backup(ctx.database(), "manual")
        ctx.say(f"backed up {ctx.database().name} to {made.path}")
        return 0
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


def run_backups(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.commands.formatting import plain
    from outreach.services.backups import list_backups

    found = list_backups(ctx.database())
    if args.json:
        ctx.print_json(plain(found))
        return 0
    for backup in found:
        print(f"{backup.made_at:%Y-%m-%d %H:%M:%S}  {backup.reason:16} {backup.size / 1e6:8.1f} MB  {backup.path.name}")
    ctx.say(f"{len(found)} backup(s) in {found[0].path.parent if found else 'backups/ (none yet)'}")
    return 0


def run_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.errors import UserError
    from outreach.services.backups import find, restore

    db = ctx.database()
    chosen = find(db, args.backup)
    if not args.yes:
        raise UserError(f"restoring {chosen.path.name} replaces the current data (which is backed up first); "
                        "add --yes to go ahead")
    safety = restore(db, chosen)
    ctx.say(f"restored {chosen.path.name}; the state before is in {safety.path.name}")
    return 0
