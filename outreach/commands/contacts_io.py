"""`outreach contacts import|export` (filled in by the import/export work)."""

from __future__ import annotations

from typing import Any


def register(cmds: Any) -> None:
    """Add the import and export sub-commands to the `contacts` group."""
