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
