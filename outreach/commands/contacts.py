"""`outreach contacts …`: add, list, show, edit, delete, restore, search, recheck."""

from __future__ import annotations

import argparse
from typing import Any

from outreach.commands.context import CliContext
from outreach.commands.formatting import contact_json, detail_text, plain, row_line
from outreach.domain.contact import ContactInput, EmailInput, PhoneInput, split_name
from outreach.services import contacts as service
from outreach.services.editing import input_from_detail
from outreach.store.models import ROLES
from outreach.store.queries.contact_filter import SORT_COLUMNS


def register(sub: Any) -> None:
    group = sub.add_parser("contacts", help="add, list, search and edit contacts",
                           description="Work with contacts (people).")
    group.set_defaults(group_parser=group)
    cmds = group.add_subparsers(title="contacts commands", metavar="COMMAND")

    add = cmds.add_parser("add", help="add a contact")
    add.add_argument("name", help="display name, e.g. 'Michael Connor'")
    _contact_fields(add)
    add.add_argument("--json", action="store_true", help="print the stored contact as JSON")
    add.set_defaults(handler=run_add)

    ls = cmds.add_parser("list", help="list contacts (a page at a time)")
    ls.add_argument("--query", "-q", default="", help="filter, same syntax as search")
    ls.add_argument("--sort", choices=sorted(SORT_COLUMNS), default="name")
    ls.add_argument("--desc", action="store_true", help="sort descending")
    ls.add_argument("--limit", type=int, default=100)
    ls.add_argument("--offset", type=int, default=0)
    ls.add_argument("--trash", action="store_true", help="list the trash instead")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)

    show = cmds.add_parser("show", help="show one contact")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)

    search = cmds.add_parser(
        "search", help="search contacts",
        description="Search names, organisations, e-mails, phone digits and beats. Field filters: "
        'beat:climate country:GB org:"Metro Wire" role:journalist name: title: email: phone: '
        "is:dnc is:invalid. Everything else is taken literally.")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=100)
    search.add_argument("--json", action="store_true",
                        help="print a JSON list of contacts with their e-mails and phones")
    search.set_defaults(handler=run_search)

    edit = cmds.add_parser("edit", help="change a contact")
    edit.add_argument("id", type=int)
    edit.add_argument("--name", help="new display name")
    _contact_fields(edit, editing=True)
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(handler=run_edit)

    hist = cmds.add_parser("history", help="who changed a contact, what and when")
    hist.add_argument("id", type=int)
    hist.add_argument("--json", action="store_true")
    hist.set_defaults(handler=run_history)

    delete = cmds.add_parser("delete", help="move contacts to the trash (restore brings them back)")
    delete.add_argument("ids", type=int, nargs="+", metavar="ID")
    delete.set_defaults(handler=run_delete)

    restore = cmds.add_parser("restore", help="bring contacts back from the trash")
    restore.add_argument("ids", type=int, nargs="+", metavar="ID")
    restore.set_defaults(handler=run_restore)

    empty = cmds.add_parser("empty-trash", help="delete the people in the trash for good")
    empty.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    empty.set_defaults(handler=run_empty_trash)

    recheck = cmds.add_parser("recheck", help="re-validate stored phones and e-mails (after a library upgrade)",
                              description="Checks every stored phone number and e-mail address again with the "
                              "installed phonenumbers and email-validator and reports what changed. Never deletes.")
    recheck.add_argument("--json", action="store_true")
    recheck.set_defaults(handler=run_recheck)

    domains = cmds.add_parser(
        "check-domains", help="look up whether e-mail domains accept mail (needs the network)",
        description="An explicit deliverability check: each e-mail domain of the selected people is looked up "
        "once (MX, else A/AAAA; a null MX means no mail) with a short timeout. Nothing is changed.")
    domains.add_argument("--query", "-q", default="", help="only these people (search syntax)")
    domains.add_argument("--timeout", type=float, default=3.0, metavar="SECONDS", help="per look-up")
    domains.add_argument("--json", action="store_true")
    domains.set_defaults(handler=run_check_domains)

    dups = cmds.add_parser("duplicates", help="list likely duplicates (nothing is merged on its own)",
                           description="Pairs sharing an e-mail address, a phone number with a similar name, or a "
                           "similar name at the same organisation. Pairs marked as different people are left out.")
    dups.add_argument("--limit", type=int, default=200)
    dups.add_argument("--json", action="store_true")
    dups.set_defaults(handler=run_duplicates)
    merge = cmds.add_parser("merge", help="merge one person into another (undoable with unmerge)",
                            description="KEEP stays; OTHER's e-mails, phones, beats, history, list places and "
                            "release links move to KEEP, and OTHER goes to the trash. KEEP's fields win unless empty "
                            "or named with --take. Do-not-contact on either side stays.")
    merge.add_argument("keep", type=int, metavar="KEEP")
    merge.add_argument("other", type=int, metavar="OTHER")
    merge.add_argument("--take", action="append", default=[], metavar="FIELD",
                       help="take this field from OTHER (repeatable): title, organization, notes, …")
    merge.set_defaults(handler=run_merge)
    unmerge = cmds.add_parser("unmerge", help="undo a merge")
    unmerge.add_argument("merge_id", type=int, metavar="MERGE")
    unmerge.set_defaults(handler=run_unmerge)
    different = cmds.add_parser("not-duplicate", help="remember that two people are different")
    different.add_argument("first", type=int)
    different.add_argument("second", type=int)
    different.set_defaults(handler=run_not_duplicate)

    imports = cmds.add_parser("imports", help="the import history (each import can be rolled back)")
    imports.add_argument("--json", action="store_true")
    imports.set_defaults(handler=run_imports)
    rollback = cmds.add_parser("import-undo", help="roll back a whole import",
                               description="People the import created go to the trash (restorable); what it "
                               "added to people already there (addresses, phones, beats, filled fields) comes off.")
    rollback.add_argument("batch", type=int, metavar="IMPORT", help="an id from `contacts imports`")
    rollback.set_defaults(handler=run_import_undo)

    from outreach.commands import contacts_io

    contacts_io.register(cmds)


def _contact_fields(p: argparse.ArgumentParser, editing: bool = False) -> None:
    p.add_argument("--email", action="append", default=[], metavar="ADDRESS",
                   help="an e-mail address (repeatable; the first is primary)" + (" to add" if editing else ""))
    p.add_argument("--phone", action="append", default=[], metavar="NUMBER",
                   help="a phone number, as written (repeatable)" + (" to add" if editing else ""))
    p.add_argument("--mobile", action="append", default=[], metavar="NUMBER", help="a mobile number")
    p.add_argument("--org", help="organisation name (created if new)")
    p.add_argument("--title", help="job title")
    p.add_argument("--role", choices=ROLES)
    p.add_argument("--country", metavar="CC", help="two-letter country code; phones are read for it")
    p.add_argument("--beat", action="append", default=[], help="a beat or tag (repeatable)")
    p.add_argument("--note", help="notes")
    p.add_argument("--dnc", metavar="REASON", help="mark do-not-contact, with the reason")
    p.add_argument("--region", metavar="CC", help="read phone numbers for this region (default: the setting)")
    if editing:
        p.add_argument("--remove-email", action="append", default=[], metavar="ADDRESS")
        p.add_argument("--remove-phone", action="append", default=[], metavar="NUMBER")
        p.add_argument("--remove-beat", action="append", default=[], metavar="BEAT")
        p.add_argument("--allow-contact", action="store_true", help="clear do-not-contact")


def run_add(args: argparse.Namespace, ctx: CliContext) -> int:
    given, family = split_name(args.name)
    data = ContactInput(
        display_name=args.name, given_name=given, family_name=family, title=args.title or "",
        role=args.role or "journalist", organization=args.org or "", country=args.country or "",
        notes=args.note or "", do_not_contact=args.dnc is not None, dnc_reason=args.dnc or "",
        tags=list(args.beat),
        emails=[EmailInput(e, primary=i == 0) for i, e in enumerate(args.email)],
        phones=[PhoneInput(p, "work", primary=i == 0) for i, p in enumerate(args.phone)]
        + [PhoneInput(p, "mobile") for p in args.mobile],
    )
    detail = service.add_contact(ctx.database(), data, args.region)
    _report(ctx, detail, args.json, "added")
    return 0


def _report(ctx: CliContext, detail: Any, as_json: bool, verb: str) -> None:
    if as_json:
        ctx.print_json(contact_json(detail))
    else:
        print(detail_text(detail))
    problems = [e for e in detail.emails if e.status != "valid" or e.message] + \
               [p for p in detail.phones if p.status != "valid" or p.message]
    ctx.say(f"{verb} contact {detail.id}" + (f"; {len(problems)} value(s) need attention" if problems else ""))


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    query = (args.query + " is:deleted") if args.trash else args.query
    rows = service.search(ctx.database(), query, sort=args.sort, descending=args.desc,
                          offset=args.offset, limit=args.limit)
    if args.json:
        ctx.print_json(plain(rows))
    else:
        for row in rows:
            print(row_line(row))
        ctx.say(f"{len(rows)} shown of {service.count(ctx.database(), query)}")
    return 0


def run_show(args: argparse.Namespace, ctx: CliContext) -> int:
    detail = service.get_contact(ctx.database(), args.id)
    if args.json:
        ctx.print_json(contact_json(detail))
    else:
        print(detail_text(detail))
    return 0


def run_search(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.json:
        ctx.print_json([contact_json(d) for d in service.search_details(ctx.database(), args.query, args.limit)])
        return 0
    rows = service.search(ctx.database(), args.query, limit=args.limit)
    for row in rows:
        print(row_line(row))
    if not rows:
        ctx.say("no contacts match")
    return 0


def run_edit(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    current = service.get_contact(db, args.id)
    data = input_from_detail(current)
    if args.name:
        data.display_name = args.name
        data.given_name, data.family_name = split_name(args.name)
    for attr, value in (("title", args.title), ("role", args.role), ("organization", args.org),
                        ("country", args.country), ("notes", args.note)):
        if value is not None:
            setattr(data, attr, value)
    if args.dnc is not None:
        data.do_not_contact, data.dnc_reason = True, args.dnc
    if args.allow_contact:
        data.do_not_contact, data.dnc_reason = False, ""
    removed_emails = {e.strip().casefold() for e in args.remove_email}
    data.emails = [e for e in data.emails if e.raw.strip().casefold() not in removed_emails]
    data.emails += [EmailInput(e, primary=not data.emails and i == 0) for i, e in enumerate(args.email)]
    removed_phones = {p.strip() for p in args.remove_phone}
    data.phones = [p for p in data.phones if p.raw.strip() not in removed_phones]
    data.phones += [PhoneInput(p, "work") for p in args.phone] + [PhoneInput(p, "mobile") for p in args.mobile]
    removed_beats = {b.strip().lower() for b in args.remove_beat}
    data.tags = [t for t in data.tags if t.lower() not in removed_beats] + list(args.beat)
    detail = service.edit_contact(db, args.id, data, expected_version=current.version, region=args.region)
    _report(ctx, detail, args.json, "updated")
    return 0


def run_delete(args: argparse.Namespace, ctx: CliContext) -> int:
    moved = service.trash(ctx.database(), list(args.ids))
    ctx.say(f"moved {moved} contact(s) to the trash; `outreach contacts restore ID…` brings them back")
    return 0 if moved == len(set(args.ids)) else 1


def run_restore(args: argparse.Namespace, ctx: CliContext) -> int:
    restored = service.restore(ctx.database(), list(args.ids))
    ctx.say(f"restored {restored} contact(s)")
    return 0 if restored == len(set(args.ids)) else 1


def run_empty_trash(args: argparse.Namespace, ctx: CliContext) -> int:
    if not args.yes:
        ctx.say("outreach: emptying the trash cannot be undone; add --yes to confirm")
        return 1
    ctx.say(f"deleted {service.empty_trash(ctx.database())} contact(s) for good")
    return 0


def run_recheck(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.services.recheck import recheck_all

    report = recheck_all(ctx.database())
    if args.json:
        ctx.print_json(plain(report))
    else:
        for change in report.changes:
            print(f"contact {change.contact_id} {change.kind} {change.raw!r}: {change.before} -> {change.after}"
                  + (f" ({change.message})" if change.message else ""))
        ctx.say(f"checked {report.emails_checked} e-mail(s) and {report.phones_checked} phone(s); "
                f"{len(report.changes)} changed")
    return 0


def run_check_domains(args: argparse.Namespace, ctx: CliContext) -> int:
    import sys

    from outreach.services.deliverability import DomainCache, check_contacts, dns_lookup

    def progress(done: int, total: int) -> bool:
        if sys.stderr.isatty():
            print(f"\rchecked {done}/{total} domains", end="", file=sys.stderr, flush=True)
        return True

    report = check_contacts(ctx.database(), args.query, DomainCache(dns_lookup(args.timeout)), progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if args.json:
        ctx.print_json(plain(report))
    else:
        for failing in report.failing:
            print(f"{failing.domain}: {failing.problem} ({len(failing.addresses)} address(es))")
        ctx.say(f"checked {report.domains_checked} domain(s); {len(report.failing)} do not accept mail")
    return 0


def run_history(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = service.history(ctx.database(), args.id)
    if args.json:
        ctx.print_json(plain(rows))
        return 0
    for row in rows:
        print(f"{row.at:%Y-%m-%d %H:%M} {row.actor or '?'}: {row.action}")
        for name, (before, after) in row.changes.items():
            print(f"    {name}: {before!r} -> {after!r}")
    return 0


def run_duplicates(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.services.duplicates import candidates

    found = candidates(ctx.database(), args.limit)
    if args.json:
        ctx.print_json(plain(found))
        return 0
    for c in found:
        print(f"{c.first_id:>6} {c.first_name}  ~  {c.second_id:>6} {c.second_name}   ({c.reason}, {c.score})")
    ctx.say(f"{len(found)} likely duplicate pair(s); `contacts merge KEEP OTHER` or `contacts not-duplicate A B`")
    return 0


def run_merge(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.services.duplicates import merge

    merge_id = merge(ctx.database(), args.keep, args.other, args.take)
    ctx.say(f"merged {args.other} into {args.keep} (merge {merge_id}; `contacts unmerge {merge_id}` undoes it)")
    return 0


def run_unmerge(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.services.duplicates import undo_merge

    undo_merge(ctx.database(), args.merge_id)
    ctx.say(f"merge {args.merge_id} undone")
    return 0


def run_not_duplicate(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.services.duplicates import not_duplicate

    not_duplicate(ctx.database(), args.first, args.second)
    ctx.say(f"{args.first} and {args.second} will not be proposed as duplicates again")
    return 0


def run_imports(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.services.import_history import history

    rows = history(ctx.database())
    if args.json:
        ctx.print_json(plain(rows))
        return 0
    for row in rows:
        state = f"rolled back {row.undone_at:%Y-%m-%d %H:%M}" if row.undone_at else ""
        print(f"{row.id:>5}  {row.at:%Y-%m-%d %H:%M}  {row.source_file}  created {row.created}, "
              f"merged {row.merged}  {state}".rstrip())
    return 0


def run_import_undo(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.services.import_history import roll_back

    removed, reverted = roll_back(ctx.database(), args.batch)
    ctx.say(f"rolled back import {args.batch}: {removed} people it created removed (any edited since are in "
            f"the trash), {reverted} known people back to how they were")
    return 0
