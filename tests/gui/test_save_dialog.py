"""SaveDialog: what the contact and organisation editors share (save, refusal, conflict, errors)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

from outreach.errors import UserError
from outreach.gui.editor import ContactEditor
from outreach.gui.org_editor import OrgEditor
from outreach.gui.save_dialog import SaveDialog
from outreach.store.errors import ConflictError, ServerUnreachableError


class NameDialog(SaveDialog[str]):
    def __init__(self, save: Any) -> None:
        super().__init__("Ann", save)
        layout = QVBoxLayout(self)
        self.name = self._line("nameField", "Name", "a name")
        self.name.setText(self.original)
        layout.addWidget(self.name)
        layout.addWidget(self._error_label("nameError"))
        self._add_buttons(layout, "nameButtons", cancel_tip="Close")
        self.conflicts: list[tuple[str, ConflictError]] = []

    def value(self) -> str:
        return self.name.text().strip()

    def _refused(self, data: str) -> bool:
        if not data:
            self.show_error("Give it a name.")
            return True
        return False

    def _conflict(self, data: str, error: ConflictError) -> None:
        super()._conflict(data, error)
        self.conflicts.append((data, error))


def test_the_editors_share_the_guarded_save() -> None:
    assert getattr(SaveDialog.try_save, "__guarded__", False)
    assert ContactEditor.try_save is SaveDialog.try_save
    assert OrgEditor.try_save is SaveDialog.try_save


def test_a_saved_value_closes_the_dialog(qtbot: Any) -> None:
    saved: list[str] = []
    dialog = NameDialog(saved.append)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QDialogButtonBox, "nameButtons") is dialog.buttons
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).toolTip() == "Close"
    dialog.name.setText(" Bea ")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert saved == ["Bea"]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.error.isVisible()


def test_a_refused_value_is_not_saved(qtbot: Any) -> None:
    saved: list[str] = []
    dialog = NameDialog(saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("  ")
    dialog.save_shortcut.activated.emit()
    assert saved == []
    assert dialog.error.isVisible() and dialog.error.text() == "⚠ Give it a name."


def test_a_conflict_goes_to_the_editor_and_other_user_errors_are_shown(qtbot: Any) -> None:
    problem: list[Exception] = [ConflictError("someone else saved it")]

    def save(_value: str) -> None:
        raise problem[0]

    dialog = NameDialog(save)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.try_save()
    assert [(d, str(e)) for d, e in dialog.conflicts] == [("Ann", "someone else saved it")]
    assert dialog.error.text() == "⚠ someone else saved it"
    problem[0] = UserError("bad value")
    dialog.try_save()
    assert dialog.error.text() == "⚠ bad value" and dialog.isVisible()
    assert len(dialog.conflicts) == 1


def test_a_lost_server_is_reported_and_what_was_typed_is_kept(qtbot: Any,
                                                               reported_errors: list[BaseException]) -> None:
    lost = ServerUnreachableError("The server cannot be reached")

    def save(_value: str) -> None:
        raise lost

    dialog = NameDialog(save)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.try_save()
    assert reported_errors == [lost]
    reported_errors.clear()
    assert "nothing you typed is lost" in dialog.error.text()
    assert dialog.isVisible() and dialog.name.text() == "Ann"
