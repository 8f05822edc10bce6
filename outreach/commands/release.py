"""`outreach release check FILE`: read a press release and report its media contacts and problems.

Exit codes: 0 no problems, 1 problems found (only the six scored kinds count), 2 unreadable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from outreach.errors import InputFileError


def register(sub: Any) -> None:
    group = sub.add_parser("release", help="check press releases: contact blocks, phones, e-mails")
    group.set_defaults(group_parser=group)
    commands = group.add_subparsers(title="release commands", metavar="COMMAND")
    _add_check(commands)
    from outreach.commands import release_import, release_status

    release_import.register(commands)
    release_status.register(commands)


def _add_check(commands: Any) -> argparse.ArgumentParser:
    check: argparse.ArgumentParser = commands.add_parser(
        "check",
        help="report the media contacts of a release and what is wrong with them",
        description="Read FILE (.txt, .md, .html, .docx, .pdf, .eml) and list its media contacts and problems. "
        "Exit 0: no problems; 1: problems found; 2: unreadable input.",
    )
    check.add_argument("file", metavar="FILE")
    check.add_argument("--region", metavar="CC", default=None,
                       help="country whose numbers are written without +code (default: from the dateline)")
    check.add_argument("--org-country", metavar="CC", default=None, help=argparse.SUPPRESS)
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.set_defaults(handler=check_command)
    return check


def check_command(args: argparse.Namespace, ctx: object | None = None) -> int:
    from outreach.domain.release import parse_release
    from outreach.domain.release.text import line_number
    from outreach.io.release_text import read_release_text

    try:
        text = read_release_text(args.file)
    except InputFileError as exc:
        print(f"outreach: {exc}", file=sys.stderr)
        return 2
    region = (args.region or "").upper() or None
    if region is not None and len(region) != 2:
        print(f"outreach: --region {args.region}: give a two-letter country code such as US or GB", file=sys.stderr)
        return 2
    result = parse_release(text, region=region, org_country=getattr(args, "org_country", None))
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_report(result, text, args.file, line_number)
    return 1 if result.scored_problems else 0


def _print_report(result: Any, text: str, path: str, line_number: Any) -> None:
    out = sys.stdout
    out.write(f"{path}: {result.title or '(no title)'}\n")
    where = result.region or "none"
    if result.dateline_region and result.dateline_region != result.region:
        where += f" (dateline says {result.dateline_region})"
    out.write(f"region: {where}" + (f", dated {result.release_date}" if result.release_date else "") + "\n")
    if result.media_contacts:
        out.write(f"\nmedia contacts ({len(result.media_contacts)}):\n")
    for contact in result.media_contacts:
        head = contact.name or "(no name)"
        extra = ", ".join(x for x in (contact.title, contact.organization) if x)
        out.write(f"  {head}" + (f" — {extra}" if extra else "") + f"  (line {line_number(text, contact.span[0])})\n")
        for phone in contact.phones:
            shown = phone.e164 + (f" ext. {phone.extension}" if phone.extension else "") if phone.valid and phone.e164 \
                else "invalid"
            out.write(f"    {phone.kind:8} {' '.join(phone.raw.split())}  → {shown}\n")
        for mail in contact.emails:
            out.write(f"    {'e-mail':8} {mail.normalized or mail.raw}" + ("" if mail.valid else "  → invalid") + "\n")
    if result.other_phones:
        out.write("\nother numbers: " + ", ".join(" ".join(p.raw.split()) for p in result.other_phones) + "\n")
    scored = result.scored_problems
    notes = [p for p in result.problems if not p.scored]
    if scored:
        out.write(f"\nproblems ({len(scored)}):\n")
        for p in scored:
            out.write(f"  line {line_number(text, p.span[0])}: {p.kind}: {p.message}\n")
    if notes:
        out.write(f"\nnotes ({len(notes)}):\n")
        for p in notes:
            out.write(f"  line {line_number(text, p.span[0])}: {p.kind}: {p.message}\n")
    if not scored:
        out.write("\nno problems found\n")


def _main_for_scoring(argv: Sequence[str] | None = None) -> int:
    """`release check` without the rest of the CLI: python -c '...' FILE [--region CC] [--json]."""
    parser = argparse.ArgumentParser(prog="outreach release check")
    parser.add_argument("file")
    parser.add_argument("--region", default=None)
    parser.add_argument("--org-country", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    return check_command(args, None)
