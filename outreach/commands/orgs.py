"""`outreach orgs …`: organisations (outlets, non-profits, companies…)."""

from __future__ import annotations

import argparse
from typing import Any

from outreach.commands.context import CliContext
from outreach.commands.formatting import plain, row_line
from outreach.services import contacts as service
from outreach.store.models import ORG_KINDS


def register(sub: Any) -> None:
    group = sub.add_parser("orgs", help="add and list organisations")
    group.set_defaults(group_parser=group)
    cmds = group.add_subparsers(title="orgs commands", metavar="COMMAND")
    add = cmds.add_parser("add", help="add an organisation")
    add.add_argument("name")
    add.add_argument("--kind", choices=ORG_KINDS, default="other")
    add.add_argument("--website", default="")
    add.add_argument("--country", default="", metavar="CC")
    add.add_argument("--notes", default="")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=run_add)
    ls = cmds.add_parser("list", help="list organisations")
    ls.add_argument("text", nargs="?", default="", help="only names containing this text")
    ls.add_argument("--limit", type=int, default=500)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)
    edit = cmds.add_parser("edit", help="change an organisation (its people follow a new name)")
    edit.add_argument("id", type=int)
    edit.add_argument("--name")
    edit.add_argument("--kind", choices=ORG_KINDS)
    edit.add_argument("--website")
    edit.add_argument("--country", metavar="CC")
    edit.add_argument("--notes")
    edit.set_defaults(handler=run_edit)
    delete = cmds.add_parser("delete", help="delete an organisation (its people stay, without it)")
    delete.add_argument("id", type=int)
    delete.set_defaults(handler=run_delete)
    show = cmds.add_parser("show", help="show an organisation and its people")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)


def run_add(args: argparse.Namespace, ctx: CliContext) -> int:
    org = service.add_org(ctx.database(), args.name, args.kind, args.website, args.country, args.notes)
    if args.json:
        ctx.print_json(plain(org))
    else:
        print(f"{org.id}\t{org.name}")
    ctx.say(f"added organisation {org.id}")
    return 0


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    orgs = service.list_orgs(ctx.database(), args.text, args.limit)
    if args.json:
        ctx.print_json(plain(orgs))
    else:
        for org in orgs:
            print(f"{org.id:>6}  {org.name}  [{org.kind}{', ' + org.country if org.country else ''}]"
                  f"  {org.people} people")
    return 0


def run_show(args: argparse.Namespace, ctx: CliContext) -> int:
    org, people = service.org_with_people(ctx.database(), args.id)
    if args.json:
        ctx.print_json({**plain(org), "contacts": plain(people)})
        return 0
    print(f"{org.name}  (id {org.id}, {org.kind})")
    for label, value in (("website", org.website), ("country", org.country), ("notes", org.notes)):
        if value:
            print(f"  {label}: {value}")
    for row in people:
        print(row_line(row))
    return 0


def run_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    import dataclasses

    db = ctx.database()
    fields, version = service.org_fields(db, args.id)
    changes = {k: getattr(args, k) for k in ("name", "kind", "website", "country", "notes")
               if getattr(args, k) is not None}
    org = service.edit_org(db, args.id, dataclasses.replace(fields, **changes), version)
    ctx.say(f"updated organisation {org.id}: {org.name}")
    return 0


def run_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    deleted = service.delete_org(ctx.database(), args.id)
    ctx.say(f"deleted organisation {deleted.fields.name}; {len(deleted.member_ids)} people stay, without it")
    return 0
