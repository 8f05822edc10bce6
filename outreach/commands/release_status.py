"""`outreach release status ID`: each member of the release's send-lists with their latest status.

Registered into the `release` group: ``release_status.register(commands)`` with that group's sub-parsers.
"""

from __future__ import annotations

import argparse
from typing import Any

from outreach.commands.context import CliContext
from outreach.services import outreach_log as service


def register(commands: Any) -> None:
    status = commands.add_parser("status", help="the release's send-list members with their latest status",
                                 description="Each member of the release's send-lists with the latest thing logged "
                                 "for them about it (not_sent, sent, replied, covered, …), and counts per status.")
    status.add_argument("id", type=int, metavar="ID")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=run_status)


def run_status(args: argparse.Namespace, ctx: CliContext) -> int:
    board = service.status_board(ctx.database(), args.id)
    if args.json:
        ctx.print_json({
            "release": {"id": board.release_id, "title": board.title},
            "members": [{"id": r.id, "name": r.name, "organization": r.organization, "email": r.email,
                         "status": r.status, "at": r.at.isoformat() if r.at else None, "excluded": r.excluded}
                        for r in board.members],
            "counts": board.counts,
        })
        return 0
    print(f"release {board.release_id}: {board.title or '(no title)'}")
    for r in board.members:
        print(f"{r.id:>6}  {r.status:<11} {r.name}" + (f" <{r.email}>" if r.email else "")
              + (f"  {r.at:%Y-%m-%d %H:%M}" if r.at else "") + (f"  (excluded: {r.excluded})" if r.excluded else ""))
    print("  ".join(f"{k}: {v}" for k, v in sorted(board.counts.items())) or "nobody on the release's lists")
    return 0
