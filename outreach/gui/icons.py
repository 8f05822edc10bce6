"""Application icons, from the top-level `resources/` folder, installed as `outreach.resources`.

If the resources are missing (a broken install), every icon is an empty QIcon and the window
still works, just without pictures.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

import outreach


def resources_dir() -> Path:
    try:
        import outreach.resources as shipped

        return Path(next(iter(shipped.__path__)))
    except (ImportError, StopIteration):  # running from a source tree that was never installed
        return Path(outreach.__file__).resolve().parent.parent / "resources"


@cache
def icon(name: str) -> QIcon:
    """`name` is a file stem in resources/icons ("trash"), or "outreach" for the application icon."""
    base = resources_dir()
    for path in (base / "icons" / f"{name}.svg", base / f"{name}.svg"):
        if path.is_file():
            return QIcon(str(path))
    return QIcon()
