"""Errors a user can act on, as opposed to bugs.

`UserError` and its subclasses carry a one-line message meant for the person at the keyboard
(the CLI prints it and exits 1; the GUI shows it). Anything else is a bug: logged with its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """Something the user can fix: a bad value, an unreadable file, a locked database."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputFileError(UserError):
    """A file that cannot be read at all (missing, empty, binary, wrong format)."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
