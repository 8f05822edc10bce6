"""Asking for a database server's password (the window asks; the command line never does).

The password goes into the URL object in memory only -- never into settings. If the user ticks
"Remember", it is stored in the OS keyring (outreach.store.passwords), where the next start finds it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import URL

from outreach.services.gui_support import keyring_account as account
from outreach.services.gui_support import keyring_available, remember_password
from outreach.store.database import parse_url
from outreach.store.errors import PasswordRequiredError, StorageError

T = TypeVar("T")


def asks_for_password(error: BaseException) -> bool:
    """The server wants a (different) password: no password supplied, or the one given was refused."""
    return isinstance(error, PasswordRequiredError)


def server_url(url: str | URL) -> URL:
    return parse_url(url) if isinstance(url, str) else url


class PasswordDialog(QDialog):
    def __init__(self, url: URL, message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setWindowTitle("Database password")
        layout = QVBoxLayout(self)
        who = account(url)
        text = f"The database server asks for the password of <b>{url.username or 'your role'}</b> " \
               f"({who})."
        if message:
            text += f"<br><i>{message}</i>"
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.password = QLineEdit(self)
        self.password.setObjectName("passwordField")
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password)
        self.remember = QCheckBox("Remember in the system keyring", self)
        self.remember.setObjectName("rememberPassword")
        self.has_keyring = keyring_available()
        if not self.has_keyring:
            self.remember.setEnabled(False)
            self.remember.setText("Remember in the system keyring (no keyring is available here: "
                                  "you will be asked again next time)")
        layout.addWidget(self.remember)
        note = QLabel("The password is never written to Outreach's settings.", self)
        note.setEnabled(False)  # the palette's quieter text colour
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())


# The prompt: (url, message) -> (password, remember) or None when cancelled. Tests replace it.
Prompt = Callable[[URL, str], "tuple[str, bool] | None"]


def ask_modal(url: URL, message: str, parent: QWidget | None = None) -> tuple[str, bool] | None:
    """Block until answered (used before the window exists)."""
    dialog = PasswordDialog(url, message, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.password.text(), dialog.remember.isChecked() and dialog.has_keyring


def open_with_password(url: str | URL, opener: Callable[[str | URL], T], prompt: Prompt = ask_modal,
                       ) -> tuple[T | None, str]:
    """`opener(url)`, asking for a password as long as the server wants one and the user answers.

    Returns (result, note): result None when the user cancelled; note says whether the password was
    remembered. Other errors propagate.
    """
    target: str | URL = url
    message = ""
    remember = False
    while True:
        try:
            result = opener(target)
        except StorageError as error:
            if not asks_for_password(error):
                raise
            parsed = server_url(target)
            if parsed.get_backend_name() != "postgresql":
                raise
            if parsed.password:
                message = "The server refused that password; try again."
            answer = prompt(parsed, message)
            if answer is None:
                return None, ""
            password, remember = answer
            target = parsed.set(password=password)
            continue
        note = ""
        if isinstance(target, URL) and target.password and target is not url:
            note = _remember(target, remember)
        return result, note


def _remember(url: URL, wanted: bool) -> str:
    if not wanted:
        return ""
    try:
        if remember_password(url, url.password or ""):
            return "The password was stored in the system keyring."
    except Exception as error:  # a locked keyring is no reason to fail
        return f"The password could not be stored in the keyring: {error}"
    return "No system keyring is available: the password was not stored."
