"""`outreach contacts import|export`: contact files in and out."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from outreach.commands.context import CliContext

TEXT_REPORT_LIMIT = 200
DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}


def delimiter_arg(text: str) -> str:
    """`--delimiter`: one character, or `tab` / `\\t` (also comma, semicolon, pipe by name)."""
    value = DELIMITER_NAMES.get(text.lower(), text)
    if len(value) != 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not one character (or tab)")
    if value in ('"', "\r", "\n"):
        raise argparse.ArgumentTypeError(f"{text!r} cannot separate columns (quotes and line breaks are taken)")
    return value


def ids_arg(text: str) -> list[int]:
    """`--ids 1,2,3` (or `--ids 1 2 3`): contact ids."""
    try:
        ids = [int(part) for part in text.replace(" ", ",").split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of contact ids like 1,2,3") from None
    if not ids:
        raise argparse.ArgumentTypeError("no contact ids given")
    return ids


def register(cmds: Any) -> None:
    """Add the import and export sub-commands to the `contacts` group."""
    from outreach.io.formats import FORMATS

    imp = cmds.add_parser(
        "import", help="import contacts from CSV, vCard or XLSX",
        description="Import people from an Outlook/Google/Mailchimp/Excel CSV, a vCard file or an .xlsx "
        "workbook. Known people (same e-mail, vCard UID, or phone and name) are merged, never duplicated; "
        "invalid values are kept and reported. All or nothing: one transaction.")
    imp.add_argument("file")
    imp.add_argument("--format", choices=("csv", "vcard", "xlsx"), help="default: from the file")
    imp.add_argument("--mapping", metavar="NAME", help="a saved column mapping (see --save-mapping)")
    imp.add_argument("--save-mapping", metavar="NAME", help="save the column mapping used under NAME")
    imp.add_argument("--region", metavar="CC", help="region for phone numbers without a country code")
    imp.add_argument("--encoding", help="text encoding (default: detected)")
    imp.add_argument("--delimiter", type=delimiter_arg, metavar="CHAR",
                     help="CSV: the column delimiter, e.g. ',' ';' '|' or tab (default: detected)")
    imp.add_argument("--sheet", help="XLSX: the sheet to read (default: the first)")
    imp.add_argument("--dry-run", action="store_true", help="report what would happen; change nothing")
    imp.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
    imp.set_defaults(handler=run_import)

    exp = cmds.add_parser(
        "export", help="export contacts to a file",
        description="Write the people a query selects (default: everyone not in the trash), or exactly the "
        "people with the ids given (trashed ones too). The full export keeps every field; --distribution "
        "leaves out do-not-contact people and people without a valid e-mail.")
    exp.add_argument("--format", choices=FORMATS, default="csv")
    exp.add_argument("-o", "--output", required=True, metavar="FILE")
    who = exp.add_mutually_exclusive_group()
    who.add_argument("--query", "-q", default="", help="filter, same syntax as `contacts search`")
    who.add_argument("--ids", type=ids_arg, nargs="+", action="extend", metavar="ID",
                     help="exactly these people: --ids 1,2,3 or --ids 1 2 3 (ids that name nobody are "
                     "reported as left out)")
    exp.add_argument("--distribution", action="store_true", help="only people who may be and can be e-mailed")
    exp.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    exp.set_defaults(handler=run_export)


def _progress_printer(ctx: CliContext, verb: str) -> Any:
    tty = sys.stderr.isatty()
    state = {"last": 0.0}

    def progress(done: int, total: int = 0) -> bool:
        now = time.monotonic()
        if tty and now - state["last"] > 0.2:
            state["last"] = now
            sys.stderr.write(f"\r{verb} {done:,}" + (f" of {total:,}" if total else "") + " …")
            sys.stderr.flush()
        elif not tty and done and done % 50_000 == 0:
            ctx.say(f"{verb} {done:,}" + (f" of {total:,}" if total else ""))
        return True

    return progress


def run_import(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.errors import UserError
    from outreach.io.mapping import load_mapping, save_mapping
    from outreach.services.importing import detect_format, import_file

    if args.delimiter is not None and detect_format(Path(args.file), args.format) != "csv":
        raise UserError(f"{args.file}: --delimiter is for CSV files; this is not one")
    mapping = load_mapping(args.mapping) if args.mapping else None
    progress = _progress_printer(ctx, "importing")
    report = import_file(ctx.database(), args.file, fmt=args.format, mapping=mapping, region=args.region,
                         encoding=args.encoding, sheet=args.sheet, delimiter=args.delimiter, dry_run=args.dry_run,
                         progress=progress)
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    if args.save_mapping and report.mapping:
        ctx.say(f"saved the mapping as {args.save_mapping!r} ({save_mapping(args.save_mapping, report.mapping)})")
    if args.json:
        ctx.print_json(report.as_dict())
    else:
        shown = 0
        for o in report.outcomes:
            if o.action == "created" and not o.problems:
                continue
            if shown >= TEXT_REPORT_LIMIT:
                ctx.say("… and more; --json gives every row")
                break
            shown += 1
            who = f" {o.name}" if o.name else ""
            ctx.say(f"{report.file}:{o.line}: {o.action}{who}" + (f" ({o.contact_id})" if o.contact_id else "")
                    + (f": {o.reason}" if o.reason else ""))
            for p in o.problems:
                ctx.say(f"    {p['field']}: {p['message']}")
    ctx.say(("dry run: would have " if args.dry_run else "") +
            f"created {report.created}, merged {report.merged}, unchanged {report.unchanged}, "
            f"skipped {report.skipped}, unreadable rows {report.errors}; {report.invalid_values} invalid value(s) "
            f"kept and marked ({report.rows} row(s) in {report.format}"
            + (f", {report.encoding}" if report.encoding else "") + ")")
    return 0


def run_export(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.services.exporting import export_contacts

    ids = [i for group in args.ids for i in group] if args.ids is not None else None
    report = export_contacts(ctx.database(), args.format, args.output, query=args.query, ids=ids,
                             distribution=args.distribution)
    for reason, count in report.left_out.items():
        ctx.say(f"left out {count} contact(s): {reason}")
    if report.losses and args.format not in ("csv", "xlsx"):
        ctx.say(f"{args.format} cannot hold: " + "; ".join(report.losses))
    ctx.say(f"wrote {report.written} of {report.selected} contact(s) to {report.file}")
    if args.json:
        ctx.print_json({"file": report.file, "format": report.format, "selected": report.selected,
                        "written": report.written, "left_out": report.left_out})
    return 0
