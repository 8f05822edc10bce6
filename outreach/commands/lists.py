"""`outreach lists …`: send-lists -- who gets which release.

    outreach lists create climate-gb --release 3 --query 'beat:climate country:GB'
    outreach lists show climate-gb --json
    outreach lists export climate-gb --format bcc -o climate.txt
    outreach lists delete climate-gb --json > climate-gb.deleted.json
    outreach lists restore climate-gb.deleted.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from outreach.commands.context import CliContext
from outreach.errors import UserError
from outreach.services import lists as service
from outreach.store.queries.lists import ExcludedRow, MemberRow, ResolvedList


def register(sub: Any) -> None:
    group = sub.add_parser("lists", help="send-lists: who gets which release",
                           description="Send-lists built from a saved search query and/or by hand. People without "
                           "a usable address (do-not-contact, bounced, opted out, suppressed, in the trash, no valid "
                           "e-mail) are shown as excluded with the reason and never exported or sent to.")
    group.set_defaults(group_parser=group)
    cmds = group.add_subparsers(title="lists commands", metavar="COMMAND")

    create = cmds.add_parser("create", help="create a send-list from a query and/or people")
    create.add_argument("name")
    create.add_argument("--release", type=int, metavar="ID", help="the release this list is for")
    create.add_argument("--query", "-q", default="",
                        help="search query (saved; `lists refresh` adds new matches), e.g. 'beat:climate country:GB'")
    create.add_argument("--add", type=int, nargs="+", default=[], metavar="ID", help="people to add by hand")
    create.add_argument("--json", action="store_true", help="print the list as `lists show --json` does")
    create.set_defaults(handler=run_create)

    add = cmds.add_parser("add", help="add people by hand")
    add.add_argument("name")
    add.add_argument("ids", type=int, nargs="+", metavar="ID")
    add.add_argument("--email", metavar="ADDRESS", help="send to this address of the (single) person given")
    add.set_defaults(handler=run_add)

    remove = cmds.add_parser("remove", help="take people off (a refresh will not bring them back)")
    remove.add_argument("name")
    remove.add_argument("ids", type=int, nargs="+", metavar="ID")
    remove.set_defaults(handler=run_remove)

    refresh = cmds.add_parser("refresh", help="add new matches of the saved query")
    refresh.add_argument("name")
    refresh.set_defaults(handler=run_refresh)

    show = cmds.add_parser("show", help="members with their addresses, and the excluded with reasons")
    show.add_argument("name")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)

    export = cmds.add_parser("export", help="write the members (never the excluded) to a file")
    export.add_argument("name")
    export.add_argument("--format", "-f", required=True, choices=service.export_formats())
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.set_defaults(handler=run_export)

    delete = cmds.add_parser("delete", help="delete a send-list (people and history stay)",
                             description="With --json, prints what `lists restore` needs to bring the list back "
                             "exactly (member rows with chosen addresses and hand removals, and the links of the "
                             "events logged through it); ids and dates only, no names or addresses.")
    delete.add_argument("name")
    delete.add_argument("--json", action="store_true", help="print the deleted list for `lists restore`")
    delete.set_defaults(handler=run_delete)

    restore = cmds.add_parser("restore", help="bring back a list deleted with `lists delete --json`",
                              description="People erased since the delete stay out; an address deleted since "
                              "falls back to the person's primary one.")
    restore.add_argument("file", metavar="FILE", help="the output of `lists delete NAME --json` (- for stdin)")
    restore.add_argument("--name", help="restore under this name (when the old one is taken again)")
    restore.set_defaults(handler=run_restore)

    ls = cmds.add_parser("list", help="all send-lists, with how many can be sent to and how many are excluded")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)


def member_json(m: MemberRow) -> dict[str, Any]:
    return {"id": m.id, "name": m.name, "organization": m.organization, "email": m.email, "added_by": m.added_by,
            "time_zone": m.time_zone, "country": m.country}


def excluded_json(x: ExcludedRow) -> dict[str, Any]:
    c = x.contact
    return {"contact": {"id": c.id, "name": c.name, "organization": c.organization, "email": c.email},
            "reason": x.reason}


def list_json(resolved: ResolvedList) -> dict[str, Any]:
    return {"members": [member_json(m) for m in resolved.members],
            "excluded": [excluded_json(x) for x in resolved.excluded]}


def _print(resolved: ResolvedList) -> None:
    for m in resolved.members:
        print(f"{m.id:>6}  {m.name}" + (f" — {m.organization}" if m.organization else "") + f" <{m.email}>")
    for x in resolved.excluded:
        c = x.contact
        print(f"{c.id:>6}  EXCLUDED {c.name}" + (f" <{c.email}>" if c.email else "") + f": {x.reason}")


def _counts(resolved: ResolvedList) -> str:
    return f"{len(resolved.members)} member(s), {len(resolved.excluded)} excluded"


def run_create(args: argparse.Namespace, ctx: CliContext) -> int:
    resolved = service.create(ctx.database(), args.name, release_id=args.release, query=args.query,
                              contact_ids=args.add)
    if args.json:
        ctx.print_json(list_json(resolved))
    ctx.say(f"created send-list {resolved.name!r}: {_counts(resolved)}")
    return 0


def run_add(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.email and len(args.ids) != 1:
        raise UserError("--email: give exactly one person")
    added = service.add(ctx.database(), args.name, args.ids)
    if args.email:
        service.set_address(ctx.database(), args.name, args.ids[0], args.email)
    ctx.say(f"{added} added to {args.name!r}" + (f"; {len(args.ids) - added} were on it" if added < len(args.ids)
                                                  else ""))
    return 0


def run_remove(args: argparse.Namespace, ctx: CliContext) -> int:
    removed = service.remove(ctx.database(), args.name, args.ids)
    ctx.say(f"{removed} removed from {args.name!r}" + (f"; {len(args.ids) - removed} were not on it"
                                                        if removed < len(args.ids) else ""))
    return 0


def run_refresh(args: argparse.Namespace, ctx: CliContext) -> int:
    added = service.refresh(ctx.database(), args.name)
    ctx.say(f"{added} new match(es) added to {args.name!r}")
    return 0


def run_show(args: argparse.Namespace, ctx: CliContext) -> int:
    resolved = service.show(ctx.database(), args.name)
    if args.json:
        ctx.print_json(list_json(resolved))
    else:
        _print(resolved)
        ctx.say(_counts(resolved))
    return 0


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    result = service.export(ctx.database(), args.name, args.format, args.output)
    ctx.say(f"wrote {result.written} member(s) to {result.file}"
            + (f"; {result.excluded} excluded person(s) left out" if result.excluded else ""))
    for loss in result.losses:
        ctx.say(f"note: {loss}")
    return 0


def run_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    deleted = service.delete(ctx.database(), args.name)
    if args.json:
        ctx.print_json(service.deleted_json(deleted))
    people = sum(1 for m in deleted.members if not m.removed)
    ctx.say(f"deleted send-list {deleted.name!r} ({people} people); its {len(deleted.events)} logged event(s) stay"
            + ("; `lists restore` with the --json output brings it back" if args.json else ""))
    return 0


def run_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"{args.file}: {exc}") from None
    result = service.restore(ctx.database(), service.deleted_from_json(data), args.name)
    ctx.say(f"restored send-list {result.name!r}: {result.members} member row(s), {result.events} event(s) linked "
            "again" + (f"; {result.skipped} person(s) no longer in the database left out" if result.skipped else ""))
    return 0


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = service.overviews(ctx.database())
    if args.json:
        ctx.print_json([{"id": r.id, "name": r.name, "release_id": r.release_id, "release": r.release_title,
                         "query": r.query, "people": r.members + r.excluded, "members": r.members,
                         "excluded": r.excluded} for r in rows])
    else:
        for r in rows:
            print(f"{r.name}  ({r.members} member(s), {r.excluded} excluded)"
                  + (f"  release {r.release_id}: {r.release_title}" if r.release_id else "")
                  + (f"  query: {r.query}" if r.query else ""))
        ctx.say(f"{len(rows)} send-list(s)")
    return 0
