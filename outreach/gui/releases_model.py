"""The stored releases: plain rows from services.release_import.list_releases in a table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from outreach.services import release_import
from outreach.store.database import Database
from outreach.store.releases import ReleaseRow

COLUMNS = ("Title", "Date", "Region", "Status", "Contacts")
TITLE, DATE, REGION, STATUS, CONTACTS = range(len(COLUMNS))

AnyIndex = QModelIndex | QPersistentModelIndex


class ReleasesModel(QAbstractTableModel):
    """Newest release first (the order of the query); reload() after a release is stored."""

    def __init__(self, db: Database | None, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._rows: list[ReleaseRow] = []

    def reload(self) -> None:
        rows = release_import.list_releases(self._db) if self._db is not None else []
        self.set_rows(rows)

    def set_rows(self, rows: list[ReleaseRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ReleaseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of_id(self, release_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == release_id), -1)

    # -- the table ----------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text_of(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            return f"{row.title}\n{row.source_file}" if row.source_file else row.title
        if role == Qt.ItemDataRole.TextAlignmentRole and column == CONTACTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text_of(row: ReleaseRow, column: int) -> str:
        if column == TITLE:
            return row.title or "(untitled)"
        if column == DATE:
            return row.release_date.isoformat() if row.release_date else ""
        if column == REGION:
            return row.dateline_region
        if column == STATUS:
            return row.status
        if column == CONTACTS:
            return str(row.contacts)
        return ""
