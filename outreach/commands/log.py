"""`outreach log …`: the outreach history -- what was sent to whom, and what came of it.

    outreach log add --list climate-gb --kind sent --release 3
    outreach log add --contact 42 --kind covered --release 3 --url https://…
    outreach log followups --days 3 --json
    outreach log pitch --list climate-gb --subject 'Heat report' --body-file pitch.txt --out drafts/
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from outreach.commands.context import CliContext
from outreach.commands.lists import excluded_json
from outreach.errors import UserError
from outreach.services import outreach_log as service
from outreach.services import pitching
from outreach.store.models import EVENT_KINDS
from outreach.store.queries.events import EventRow, FollowUpRow


def register(sub: Any) -> None:
    group = sub.add_parser("log", help="outreach history: log sends, replies, coverage; follow-ups; pitches",
                           description="Log what was done for a person or a whole send-list, and see what came of it.")
    group.set_defaults(group_parser=group)
    cmds = group.add_subparsers(title="log commands", metavar="COMMAND")

    add = cmds.add_parser("add", help="log an event for a person or every member of a list",
                          description="bounced / opted_out also mark the address (opted_out suppresses it for good). "
                          "For a list, excluded people are skipped.")
    who = add.add_mutually_exclusive_group(required=True)
    who.add_argument("--contact", type=int, metavar="ID")
    who.add_argument("--list", metavar="NAME")
    add.add_argument("--kind", required=True, choices=EVENT_KINDS)
    add.add_argument("--release", type=int, metavar="ID", help="default for a list: the list's release")
    add.add_argument("--note", default="", metavar="TEXT")
    add.add_argument("--url", default="", help="where it was covered")
    add.add_argument("--when", metavar="ISO", help="when it happened (default: now; no zone means UTC)")
    add.add_argument("--address", metavar="EMAIL", help="for --contact: the address it concerns (bounced, opted_out)")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=run_add)

    ls = cmds.add_parser("list", help="events, newest first")
    ls.add_argument("--contact", type=int, metavar="ID")
    ls.add_argument("--release", type=int, metavar="ID")
    ls.add_argument("--kind", choices=EVENT_KINDS, help="only events of this kind")
    ls.add_argument("--limit", type=int, default=500)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)

    follow = cmds.add_parser("followups", help="people sent a release with no answer after N days")
    follow.add_argument("--days", type=int, required=True, metavar="N")
    follow.add_argument("--release", type=int, metavar="ID")
    follow.add_argument("--json", action="store_true")
    follow.set_defaults(handler=run_followups)

    pitch = cmds.add_parser("pitch", help="compose a pitch to a list (mailto link or .eml drafts); logs `sent`",
                            description=f"Up to {pitching.MAILTO_MAX_RECIPIENTS} recipients (and a link of at most "
                            f"{pitching.MAILTO_MAX_LENGTH} characters): one mailto: link with everyone in BCC, printed "
                            "and saved as DIR/mailto.txt. Otherwise one .eml draft per recipient in DIR.")
    pitch.add_argument("--list", required=True, metavar="NAME")
    pitch.add_argument("--subject", required=True)
    pitch.add_argument("--body-file", required=True, metavar="FILE")
    pitch.add_argument("--release", type=int, metavar="ID")
    pitch.add_argument("--out", required=True, metavar="DIR")
    pitch.add_argument("--from", dest="sender", default="", metavar="ADDRESS", help="From: of the .eml drafts")
    pitch.add_argument("--json", action="store_true")
    pitch.set_defaults(handler=run_pitch)

    stats = cmds.add_parser("stats", help="chart data: funnel per release, outreach per week, response rates")
    stats.add_argument("--release", type=int, metavar="ID", help="funnel of this release only")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=run_stats)

    embargo = cmds.add_parser("embargo", help="a release's embargo in each member's local time")
    embargo.add_argument("--release", type=int, required=True, metavar="ID")
    embargo.add_argument("--json", action="store_true")
    embargo.set_defaults(handler=run_embargo)


def event_json(e: EventRow) -> dict[str, Any]:
    return {"id": e.id, "contact_id": e.contact_id, "contact": e.contact_name, "kind": e.kind,
            "occurred_at": e.occurred_at.isoformat(), "release_id": e.release_id, "release": e.release_title,
            "list": e.send_list, "note": e.notes, "url": e.url}


def followup_json(r: FollowUpRow) -> dict[str, Any]:
    return {"id": r.contact_id, "name": r.name, "organization": r.organization, "email": r.email,
            "release_id": r.release_id, "release": r.release_title, "sent_at": r.sent_at.isoformat(),
            "last_contacted": r.last_contacted.isoformat(), "days_waiting": r.days_waiting}


def run_add(args: argparse.Namespace, ctx: CliContext) -> int:
    when = service.parse_when(args.when)
    if args.list is not None:
        if args.address:
            raise UserError("--address goes with --contact")
        result = service.log_for_list(ctx.database(), args.list, args.kind, release_id=args.release,
                                      notes=args.note, url=args.url, when=when)
        if args.json:
            ctx.print_json({"logged": result.logged, "contacts": result.contact_ids,
                            "skipped": [excluded_json(x) for x in result.skipped]})
        ctx.say(f"logged {args.kind} for {result.logged} member(s) of {args.list!r}"
                + (f"; {len(result.skipped)} excluded skipped" if result.skipped else ""))
        return 0
    event_id = service.log(ctx.database(), args.contact, args.kind, release_id=args.release, notes=args.note,
                           url=args.url, when=when, address=args.address)
    if args.json:
        ctx.print_json({"id": event_id, "logged": 1})
    ctx.say(f"logged {args.kind} for contact {args.contact}")
    return 0


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = service.events(ctx.database(), args.contact, args.release, args.limit, kind=args.kind)
    if args.json:
        ctx.print_json([event_json(e) for e in rows])
        return 0
    for e in rows:
        extra = " ".join(x for x in (e.release_title and f"[{e.release_title}]", e.url, e.notes) if x)
        print(f"{e.occurred_at:%Y-%m-%d %H:%M}  {e.kind:<11} {e.contact_name} ({e.contact_id})  {extra}".rstrip())
    ctx.say(f"{len(rows)} event(s)")
    return 0


def run_followups(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = service.follow_ups(ctx.database(), args.days, args.release)
    if args.json:
        ctx.print_json([followup_json(r) for r in rows])
        return 0
    for r in rows:
        print(f"{r.contact_id:>6}  {r.name} <{r.email}>  {r.release_title or '(no release)'}: "
              f"waiting {r.days_waiting} day(s)")
    ctx.say(f"{len(rows)} follow-up(s) due")
    return 0


def run_pitch(args: argparse.Namespace, ctx: CliContext) -> int:
    try:
        body = Path(args.body_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"--body-file {args.body_file}: {exc}") from None
    result = pitching.compose(ctx.database(), args.list, args.subject, body, args.out, release_id=args.release,
                              sender=args.sender)
    if args.json:
        ctx.print_json({"mode": result.mode, "recipients": result.recipients, "url": result.url,
                        "files": result.files, "excluded": [excluded_json(x) for x in result.excluded]})
    elif result.mode == "mailto":
        print(result.url)
    ctx.say(f"{result.mode}: {result.recipients} recipient(s) logged as sent"
            + (f" ({len(result.files)} .eml file(s) in {args.out})" if result.files else "")
            + (f"; {len(result.excluded)} excluded left out" if result.excluded else ""))
    return 0


def run_stats(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    funnel = service.funnel(db, args.release)
    weeks = service.outreach_per_week(db)
    outlets = service.response_rate_by_outlet(db)
    beats = service.response_rate_by_beat(db)
    if args.json:
        ctx.print_json({
            "funnel": [{"release_id": f.release_id, "title": f.title, "sent": f.sent, "replied": f.replied,
                        "covered": f.covered} for f in funnel],
            "weeks": [{"week": w.week, "count": w.count} for w in weeks],
            "by_outlet": [{"outlet": r.group, "sent": r.sent, "responded": r.responded, "rate": r.rate}
                          for r in outlets],
            "by_beat": [{"beat": r.group, "sent": r.sent, "responded": r.responded, "rate": r.rate} for r in beats],
        })
        return 0
    for f in funnel:
        print(f"release {f.release_id} {f.title}: sent {f.sent} → replied {f.replied} → covered {f.covered}")
    for w in weeks:
        print(f"{w.week}: {w.count}")
    for label, rows in (("outlet", outlets), ("beat", beats)):
        for r in rows:
            print(f"{label} {r.group}: {r.responded}/{r.sent} responded ({r.rate:.0%})")
    return 0


def run_embargo(args: argparse.Namespace, ctx: CliContext) -> int:
    rows = service.embargo_times(ctx.database(), args.release)
    if args.json:
        ctx.print_json([{"id": r.contact_id, "name": r.name, "time_zone": r.time_zone, "local": r.local}
                        for r in rows])
        return 0
    for r in rows:
        print(f"{r.contact_id:>6}  {r.name}: {r.local} ({r.time_zone})")
    return 0
