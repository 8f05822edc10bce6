"""What the contact and organisation editors share: a dialog that writes nothing itself.

Save (the button, Ctrl+S) takes :meth:`SaveDialog.value`, lets the editor refuse it (a missing name, a
bad field), and hands it to `save` (the window's callback, which goes through the services). A
ConflictError -- someone else saved the record meanwhile -- goes to the editor's
:meth:`SaveDialog._conflict`; any other UserError is shown in the dialog, which stays open (a lost
server also goes to the window's connection banner: nothing typed is lost). Success closes the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLayout, QLineEdit, QWidget

from outreach.errors import UserError
from outreach.gui.errors import guarded, is_connection_error, report
from outreach.store.errors import ConflictError

T = TypeVar("T")

CONNECTION_LOST = "nothing you typed is lost; save again when the server is back."


class SaveDialog(QDialog, Generic[T]):
    """The editor's value goes to `save`; subclasses build the fields and say what is wrong with a value."""

    error: QLabel
    buttons: QDialogButtonBox
    save_shortcut: QShortcut

    def __init__(self, original: T, save: Callable[[T], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = original
        self._save = save

    @property
    def original(self) -> T:
        """What the editor was opened with (or last reloaded with)."""
        return self._original

    # -- for the subclasses -----------------------------------------------------------------------
    def value(self) -> T:
        """What the fields say now."""
        raise NotImplementedError

    def _refused(self, data: T) -> bool:
        """Show why `data` cannot be saved and return True; False when it can be."""
        return False

    def _conflict(self, data: T, error: ConflictError) -> None:
        """Someone else saved the record since it was opened: nothing was saved."""
        self.show_error(str(error))

    # -- building -------------------------------------------------------------------------------
    def _line(self, name: str, accessible: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setPlaceholderText(placeholder)
        return edit

    def _error_label(self, name: str) -> QLabel:
        """The (hidden) line where `show_error` explains what went wrong."""
        self.error = QLabel(self)
        self.error.setObjectName(name)
        self.error.setAccessibleName("Error")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        return self.error

    def _add_buttons(self, layout: QLayout, name: str, cancel_tip: str = "") -> QDialogButtonBox:
        """Save and Cancel at the bottom of `layout`; Ctrl+S saves too, Esc cancels (QDialog)."""
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Save | standard.Cancel, self)
        buttons.setObjectName(name)
        save = buttons.button(standard.Save)
        save.setToolTip("Save (Ctrl+S)")
        if cancel_tip:
            buttons.button(standard.Cancel).setToolTip(cancel_tip)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)  # Esc rejects too (QDialog)
        self.save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        self.save_shortcut.activated.connect(self.try_save)
        layout.addWidget(buttons)
        self.buttons = buttons
        return buttons

    # -- behaviour ------------------------------------------------------------------------------
    @guarded
    def try_save(self) -> None:
        data = self.value()
        if self._refused(data):
            return
        try:
            self._save(data)
        except ConflictError as error:
            self._conflict(data, error)
            return
        except UserError as error:
            if is_connection_error(error):
                self.show_error(f"{error} — {CONNECTION_LOST}")
                report(error)  # the window shows its connection banner and keeps retrying
            else:
                self.show_error(str(error))
            return
        self.accept()

    def show_error(self, message: str) -> None:
        self.error.setText(f"⚠ {message}")
        self.error.setVisible(True)
