"""`outreach privacy …`: requests from people about their data -- export it, erase it.

    outreach privacy export 42 -o ann-lee.json
    outreach privacy erase 42 --yes
    outreach privacy reapply --from old.db      # after restoring a backup
"""

from __future__ import annotations

import argparse
from typing import Any

from outreach.commands.context import CliContext
from outreach.errors import UserError
from outreach.services import outreach_log
from outreach.services import privacy as service


def register(sub: Any) -> None:
    group = sub.add_parser("privacy", help="export or erase everything held about a person",
                           description="Data-subject requests. Erased addresses are kept only as keyed hashes, so "
                           "they stay out of lists and imports without being stored.")
    group.set_defaults(group_parser=group)
    cmds = group.add_subparsers(title="privacy commands", metavar="COMMAND")

    export = cmds.add_parser("export", help="write everything held about a person to a JSON file")
    export.add_argument("id", type=int)
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.set_defaults(handler=run_export)

    erase = cmds.add_parser("erase", help="delete a person, their addresses, phones and history for good")
    erase.add_argument("id", type=int)
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    erase.set_defaults(handler=run_erase)

    reapply = cmds.add_parser("reapply", help="erase again everyone erased, after restoring an older backup",
                              description="Deletes anyone whose address is in the erasure log. Give --from the "
                              "database the restored backup replaced when the backup predates the erasures.")
    reapply.add_argument("--since", metavar="ISO", help="only erasures from this date-time on")
    reapply.add_argument("--from", dest="source", metavar="URL", help="database whose erasure log to apply")
    reapply.set_defaults(handler=run_reapply)


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    data = service.export_person(ctx.database(), args.id, args.output)
    ctx.say(f"wrote {args.output}: {len(data['emails'])} e-mail(s), {len(data['phones'])} phone(s), "
            f"{len(data['events'])} event(s), {len(data['list_memberships'])} list place(s)")
    return 0


def run_erase(args: argparse.Namespace, ctx: CliContext) -> int:
    if not args.yes:
        raise UserError(f"erasing contact {args.id} cannot be undone: add --yes to confirm")
    count = service.erase(ctx.database(), args.id)
    ctx.say(f"erased contact {args.id}; {count} address(es) suppressed (kept as keyed hashes only)")
    return 0


def run_reapply(args: argparse.Namespace, ctx: CliContext) -> int:
    since = outreach_log.parse_when(args.since)
    source = None
    if args.source:
        from outreach.store.database import Database

        source = Database.open(args.source, upgrade=False)
    try:
        removed = service.reapply_erasures(ctx.database(), since, source)
    finally:
        if source is not None:
            source.close()
    ctx.say(f"{len(removed)} erased person(s) removed again")
    return 0
