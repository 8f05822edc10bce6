"""The `outreach` command line.

No sub-command opens the desktop window. Results go to stdout; progress and messages to stderr.
Exit codes: 0 ok, 1 a user-facing error (one line on stderr), 2 usage. Checkers (`release check`)
use 0 clean, 1 problems found, 2 unreadable input or usage.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from outreach import __version__
from outreach.commands.context import CliContext
from outreach.errors import UserError

log = logging.getLogger("outreach")

COMMAND_MODULES = (
    "contacts",
    "orgs",
    "release",
    "lists",
    "log",
    "privacy",
    "db",
    "stats",
    "demo",
    "config",
)


def _add_database_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Accepted both before and after the sub-command; the sub-command's copy must not
    # overwrite a value given before it, hence SUPPRESS as its default.
    parser.add_argument(
        "--database",
        metavar="URL",
        default=None if top else argparse.SUPPRESS,
        help="database URL (sqlite:///path.db, postgresql+psycopg://...); "
        "default: $OUTREACH_DATABASE_URL, then the configured one, then outreach.db in the user data folder",
    )


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose sub-parsers also accept --database."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if kwargs.get("add_help", True) and self.prog.split()[-1] != "outreach":
            _add_database_option(self, top=False)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="outreach",
        description="Outreach: media contacts, press-release checks, send-lists and outreach history. "
        "Without a sub-command, opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"outreach {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    _add_database_option(parser, top=True)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    import importlib

    for name in COMMAND_MODULES:
        module = importlib.import_module(f"outreach.commands.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _log_to_stderr(logging.DEBUG if args.verbose else logging.WARNING)
    handler = getattr(args, "handler", None)
    if handler is None:
        if getattr(args, "group_parser", None) is not None:
            args.group_parser.print_help(sys.stderr)
            return 2
        return _open_window(args)
    ctx = CliContext(database_url=args.database)
    try:
        return int(handler(args, ctx) or 0)
    except UserError as exc:
        print(f"outreach: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("outreach: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: keep the traceback, but say plainly what happened
        log.exception("unexpected error")
        print(f"outreach: unexpected error ({type(exc).__name__}): this is a bug; the traceback is above",
              file=sys.stderr)
        return 1
    finally:
        ctx.close()


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (tests and redirections swap it)."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def _log_to_stderr(level: int) -> None:
    """Outreach's own log lines (warnings, bug tracebacks) go to stderr, whatever the root logger does."""
    if not any(isinstance(h, _CurrentStderr) for h in log.handlers):
        handler = _CurrentStderr()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
    log.setLevel(level)


def _open_window(args: argparse.Namespace) -> int:
    try:
        from outreach.gui.app import run
    except ImportError as exc:  # a broken Qt install should say so, not dump a traceback
        print(f"outreach: cannot start the desktop window: {exc}", file=sys.stderr)
        return 1
    return run(args.database)


if __name__ == "__main__":
    raise SystemExit(main())
