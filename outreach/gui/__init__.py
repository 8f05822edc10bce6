"""The desktop window (PySide6).

`create_window(url)` builds the main window for a database without starting the event loop;
`outreach.gui.app.run()` is the program.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow
    from sqlalchemy.engine import URL


def create_window(database_url: str | URL) -> QMainWindow:
    """Open the database (a UserError if it cannot be) and build the window; a QApplication must exist.

    Never prompts: a server asking for a password is a StorageError here (the program asks, see app.run).
    """
    from outreach.gui.main_window import MainWindow
    from outreach.store.database import Database

    db = Database.open(database_url)
    try:
        return MainWindow(db)
    except BaseException:
        db.close()
        raise


__all__ = ["create_window"]
