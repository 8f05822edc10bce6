"""The desktop program: `outreach` with no sub-command."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from outreach.errors import UserError
from outreach.gui import create_window
from outreach.gui.errors import install_excepthook
from outreach.gui.icons import icon
from outreach.gui.password import open_with_password
from outreach.settings import resolve_database_url

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("Outreach")
    app.setOrganizationName("Outreach")
    app.setApplicationDisplayName("Outreach")
    app.setDesktopFileName("outreach")
    app.setWindowIcon(icon("outreach"))
    return app


def run(database_url: str | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("outreach").setLevel(logging.INFO)
    app = make_application()
    install_excepthook()
    try:
        # A server that wants a password: ask (and maybe keep it in the keyring), then try again.
        window, note = open_with_password(resolve_database_url(database_url), create_window)
    except UserError as error:
        QMessageBox.critical(None, "Outreach", f"Cannot open the database:\n\n{error}")
        return 1
    if window is None:  # the password prompt was cancelled
        return 1
    window.show()
    if note and isinstance(window, QMainWindow):
        window.statusBar().showMessage(note, 8000)
    start_backup = getattr(window, "start_automatic_backup", None)
    if start_backup is not None:
        start_backup()  # off the GUI thread: never delays opening
    code = app.exec()
    db = getattr(window, "db", None)
    if db is not None:
        db.close()
    return code
