"""Edit ▸ Settings…: the default phone region and which database to open.

The region applies at once. A new database URL applies the next time Outreach starts (the open
window keeps its database: unsaved edits and undo history belong to it). Passwords never go into
settings: the server asks, and the keyring may remember.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import URL

from outreach import settings
from outreach.errors import UserError
from outreach.gui.errors import guarded, is_connection_error, report
from outreach.gui.password import PasswordDialog, _remember, asks_for_password, server_url
from outreach.gui.worker import run_task
from outreach.services.gui_support import ConnectionInfo, connection_info

REGION_HELP = ("Phone numbers typed without a country code (“020 7946 0958”) are read as numbers of "
               "this region — unless the person's country is set, which wins. Two letters: US, GB, DE…")
URL_HELP = ("Leave empty for the default file ({default}). For a team server: "
            "postgresql+psycopg://alice@server/outreach — no password here: Outreach asks for it and "
            "can keep it in the system keyring. A new URL is used the next time Outreach starts; "
            "--database and OUTREACH_DATABASE_URL take precedence over this setting.")


class SettingsDialog(QDialog):
    def __init__(self, current_database: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Settings")
        self._password: str | None = None
        self._remember = False
        self._testing = 0  # answers to older tests are ignored
        self.url_changed = False
        layout = QVBoxLayout(self)

        phones = QGroupBox("Phone numbers", self)
        form = QFormLayout(phones)
        self.region = QLineEdit(settings.default_region(), phones)
        self.region.setObjectName("regionField")
        self.region.setAccessibleName("Default region")
        self.region.setMaxLength(2)
        self.region.setMaximumWidth(60)
        self.region.setValidator(QRegularExpressionValidator(QRegularExpression("[A-Za-z]{0,2}"), self.region))
        form.addRow("Default &region", self.region)
        region_help = QLabel(REGION_HELP, phones)
        region_help.setWordWrap(True)
        form.addRow(region_help)
        layout.addWidget(phones)

        database = QGroupBox("Database", self)
        form = QFormLayout(database)
        if current_database:
            form.addRow("Open now", QLabel(current_database, database))
        self.url = QLineEdit(settings.get("database-url"), database)
        self.url.setObjectName("databaseUrlField")
        self.url.setAccessibleName("Database URL")
        self.url.setPlaceholderText(f"sqlite:///{settings.default_database_path()}")
        self.url.setClearButtonEnabled(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.url, 1)
        self.test_button = QPushButton("&Test connection", database)
        self.test_button.setObjectName("testConnectionButton")
        test_row.addWidget(self.test_button)
        url_label = QLabel("Database &URL", database)
        url_label.setBuddy(self.url)
        form.addRow(url_label, test_row)
        url_help = QLabel(URL_HELP.format(default=settings.default_database_path()), database)
        url_help.setWordWrap(True)
        form.addRow(url_help)
        self.test_result = QLabel(database)
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(self.test_result)
        layout.addWidget(database)

        self.error = QLabel(self)
        self.error.setObjectName("settingsError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.test_button.clicked.connect(self.test_connection)
        self.url.textChanged.connect(self._url_edited)
        self.resize(620, self.sizeHint().height())

    # -- saving -------------------------------------------------------------------------------------
    def _url_text(self) -> str:
        return self.url.text().strip()

    def _check_url(self) -> URL | None:
        text = self._url_text()
        if not text:
            return None
        url = server_url(text)
        if url.password:
            raise UserError("Leave the password out of the URL: Outreach asks for it when it connects "
                            "and can keep it in the system keyring.")
        return url

    @guarded
    def save(self) -> None:
        try:
            self._check_url()
            region = settings.set_value("default-region", self.region.text())
            before = settings.get("database-url")
            if self._url_text():
                settings.set_value("database-url", self._url_text())
            else:
                settings.unset("database-url")
        except UserError as error:
            self.show_error(str(error))
            return
        self.region.setText(region)
        self.url_changed = before != settings.get("database-url")
        self.accept()

    def show_error(self, message: str) -> None:
        self.error.setText(f"⚠ {message}")
        self.error.setVisible(True)

    # -- testing the connection -------------------------------------------------------------------------
    @guarded
    def _url_edited(self, *_args: object) -> None:
        self._password = None
        self.test_result.clear()

    @guarded
    def test_connection(self) -> None:
        try:
            url = self._check_url()
        except UserError as error:
            self.test_result.setText(str(error))
            return
        if url is None:
            url = server_url(f"sqlite:///{settings.default_database_path()}")
        if url.get_backend_name() == "sqlite" and url.database and not url.database.startswith("file:") \
                and not Path(url.database).exists():
            self.test_result.setText(f"No file at {url.database} yet: Outreach will create it there.")
            return
        if self._password:
            url = url.set(password=self._password)
        self._testing += 1
        generation = self._testing
        self.test_button.setEnabled(False)
        self.test_result.setText("Connecting…")

        def done(info: ConnectionInfo) -> None:
            if generation != self._testing:
                return
            self.test_button.setEnabled(True)
            access = "read-only for you" if info.read_only else "you may change data"
            text = f"Connected: {info.engine}, {info.name} — {access}."
            note = _remember(url, self._remember) if self._password else ""
            self.test_result.setText(f"{text} {note}".strip())

        def failed(error: BaseException) -> None:
            if generation != self._testing:
                return
            self.test_button.setEnabled(True)
            if asks_for_password(error) and url.get_backend_name() == "postgresql":
                self.test_result.setText(str(error))
                self._ask_password(url, "The server refused that password." if url.password else "")
            elif isinstance(error, UserError) or is_connection_error(error):
                self.test_result.setText(f"Cannot use this database: {error}")
            else:
                self.test_result.setText(f"Failed: {error}")
                report(error)

        run_task(lambda: connection_info(url), done, failed)

    def _ask_password(self, url: URL, message: str) -> None:
        dialog = PasswordDialog(url, message, self)
        self.password_dialog = dialog

        def answered(result: int) -> None:
            if result == QDialog.DialogCode.Accepted:
                self._password = dialog.password.text()
                self._remember = dialog.remember.isChecked() and dialog.has_keyring
                self.test_connection()

        dialog.finished.connect(guarded(answered))
        dialog.open()
