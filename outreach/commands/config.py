"""`outreach config …`: user settings (default region, database URL)."""

from __future__ import annotations

import argparse
from typing import Any

from outreach import settings
from outreach.commands.context import CliContext


def register(sub: Any) -> None:
    group = sub.add_parser("config", help="show and change settings (default-region, database-url)")
    group.set_defaults(group_parser=group)
    cmds = group.add_subparsers(title="config commands", metavar="COMMAND")
    ls = cmds.add_parser("list", help="every setting with its value")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=run_list)
    get = cmds.add_parser("get", help="print one setting")
    get.add_argument("key", choices=sorted(settings.OPTIONS))
    get.set_defaults(handler=run_get)
    put = cmds.add_parser("set", help="change a setting, e.g. `config set default-region GB`")
    put.add_argument("key", choices=sorted(settings.OPTIONS))
    put.add_argument("value")
    put.set_defaults(handler=run_set)
    unset = cmds.add_parser("unset", help="back to the default")
    unset.add_argument("key", choices=sorted(settings.OPTIONS))
    unset.set_defaults(handler=run_unset)


def run_list(args: argparse.Namespace, ctx: CliContext) -> int:
    values = settings.all_settings()
    if args.json:
        ctx.print_json(values)
    else:
        for key, value in values.items():
            print(f"{key} = {value}    # {settings.OPTIONS[key].help}")
        ctx.say(f"settings file: {settings.config_path()}")
    return 0


def run_get(args: argparse.Namespace, ctx: CliContext) -> int:
    print(settings.get(args.key))
    return 0


def run_set(args: argparse.Namespace, ctx: CliContext) -> int:
    value = settings.set_value(args.key, args.value)
    ctx.say(f"{args.key} = {value}")
    return 0


def run_unset(args: argparse.Namespace, ctx: CliContext) -> int:
    settings.unset(args.key)
    ctx.say(f"{args.key} back to its default ({settings.OPTIONS[args.key].default})")
    return 0
