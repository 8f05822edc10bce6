"""Pitching a send-list: subject and body; a small list opens the mail program with everyone in BCC
(a mailto: link), a large one gets one .eml draft per recipient in a chosen folder. Every recipient is
logged as `sent` (services.pitching.compose); the dialog says what was done.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from outreach.gui.errors import guarded, report
from outreach.gui.sendlists_page import fill_releases, release_combo
from outreach.gui.worker import run_task
from outreach.services import pitching
from outreach.services.lists import ResolvedList
from outreach.services.pitching import PitchResult
from outreach.store.database import Database


class PitchDialog(QDialog):
    """Opened with `open()`; `pitched(text)` after the pitch was written and logged."""

    pitched = Signal(str)

    def __init__(self, db: Database, resolved: ResolvedList, releases: Sequence[Any] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.resolved = resolved
        self.outcome: PitchResult | None = None
        self.setObjectName("pitchDialog")
        self.setWindowTitle(f"Pitch “{resolved.name}”")
        self.setAccessibleName("Pitch a send-list")
        self.subject = QLineEdit(self)
        self.subject.setObjectName("pitchSubject")
        self.subject.setAccessibleName("Subject")
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("pitchBody")
        self.body.setAccessibleName("Message")
        self.body.setTabChangesFocus(True)
        self.body.setMinimumSize(520, 220)
        self.release = release_combo(self, "pitchRelease", "Release", "No release")
        fill_releases(self.release, releases, resolved.release_id)
        self.recipients = QLabel(self)
        self.recipients.setObjectName("pitchRecipients")
        self.recipients.setWordWrap(True)
        self.folder = QLineEdit(self)
        self.folder.setObjectName("pitchFolder")
        self.folder.setAccessibleName("Folder for the drafts")
        self.folder.setPlaceholderText("Folder for one .eml draft per recipient")
        self.browse = QPushButton("&Browse…", self)
        self.browse.setObjectName("pitchBrowse")
        self.browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("pitchResult")
        self.result_label.setAccessibleName("What was done")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow("&Subject:", self.subject)
        form.addRow("&Message:", self.body)
        form.addRow("&Release:", self.release)
        form.addRow("To:", self.recipients)
        form.addRow("&Drafts folder:", folder_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.send_button = self.buttons.addButton("&Send", QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setObjectName("pitchSendButton")
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)
        self.subject.textChanged.connect(self._update)
        self.body.textChanged.connect(self._update)
        self.folder.textChanged.connect(self._update)
        self._update()

    def uses_mailto(self) -> bool:
        """The same rule as pitching.compose: few recipients and a short enough link."""
        members = self.resolved.members
        if len(members) > pitching.MAILTO_MAX_RECIPIENTS:
            return False
        url = pitching.mailto_url([m.email for m in members], self.subject.text(), self.body.toPlainText())
        return len(url) <= pitching.MAILTO_MAX_LENGTH

    @guarded
    def _update(self, *_args: object) -> None:
        n, excluded = len(self.resolved.members), len(self.resolved.excluded)
        left = f"; {excluded:,} excluded get nothing" if excluded else ""
        mailto = self.uses_mailto()
        if mailto:
            self.recipients.setText(f"{n:,} recipient(s), all in BCC of one mail in your mail program{left}. "
                                    "Each is logged as sent.")
            self.send_button.setText("&Open in Mail Program")
        else:
            self.recipients.setText(f"{n:,} recipient(s): too many (or too long) for one mail link, so one .eml "
                                    f"draft per recipient is written to a folder{left}. Each is logged as sent.")
            self.send_button.setText("&Write Drafts")
        self.folder.setEnabled(not mailto)
        self.browse.setEnabled(not mailto)
        ready = bool(self.subject.text().strip()) and n > 0 and (mailto or bool(self.folder.text().strip()))
        self.send_button.setEnabled(ready and self.outcome is None)

    @guarded
    def _browse(self) -> None:
        dialog = QFileDialog(self, "Folder for the drafts")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(guarded(self.folder.setText))
        self.folder_dialog = dialog
        dialog.open()

    @guarded
    def send(self) -> None:
        subject, body = self.subject.text(), self.body.toPlainText()
        if not subject.strip():
            return
        folder = self.folder.text().strip() if not self.uses_mailto() else \
            tempfile.mkdtemp(prefix="outreach-pitch-")  # compose keeps the link there as mailto.txt
        db, name, release = self.db, self.resolved.name, self.release.currentData()
        self.send_button.setEnabled(False)
        self.result_label.setText("Writing and logging…")

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self.result_label.setText("Nothing was sent or logged.")
                self.send_button.setEnabled(True)
            report(error)

        run_task(lambda: pitching.compose(db, name, subject, body, folder, release_id=release),
                 guarded(self._done), failed)

    def _done(self, result: PitchResult) -> None:
        self.outcome = result
        if result.mode == "mailto":
            QDesktopServices.openUrl(QUrl(result.url))
            text = (f"Opened your mail program with {result.recipients:,} recipient(s) in BCC; "
                    f"{result.logged:,} logged as sent.")
        else:
            where = str(Path(result.files[0]).parent) if result.files else ""
            text = f"Wrote {len(result.files):,} .eml draft(s) to {where}; {result.logged:,} logged as sent."
        if result.excluded:
            text += f" {len(result.excluded):,} excluded got nothing."
        self.result_label.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Close")
        self.send_button.setEnabled(False)
        self.pitched.emit(text)
