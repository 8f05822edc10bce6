"""Pages not built yet: Releases, Send-lists and the Outreach log."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    def __init__(self, object_name: str, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h3>{title}</h3>", self)
        layout.addWidget(heading)
        self.list = QListWidget(self)
        self.list.setObjectName(f"{object_name}List")
        self.list.setAccessibleName(title)
        layout.addWidget(self.list, 1)
        note = QLabel(text, self)
        note.setWordWrap(True)
        note.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout.addWidget(note)
