"""The stored releases: plain rows from services.release_import.list_releases in a table model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from outreach.gui.row_model import RowModel
from outreach.services import release_import
from outreach.store.database import Database
from outreach.store.releases import ReleaseRow

COLUMNS = ("Title", "Date", "Region", "Status", "Contacts")
TITLE, DATE, REGION, STATUS, CONTACTS = range(len(COLUMNS))


class ReleasesModel(RowModel[ReleaseRow]):
    """Newest release first (the order of the query); reload() after a release is stored."""

    headers = COLUMNS
    right_aligned = frozenset({CONTACTS})

    def __init__(self, db: Database | None, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db

    def reload(self) -> None:
        rows = release_import.list_releases(self._db) if self._db is not None else []
        self.set_rows(rows)

    # -- the table ----------------------------------------------------------------------------
    def extra_data(self, row: ReleaseRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            return f"{row.title}\n{row.source_file}" if row.source_file else row.title
        return None

    def text_of(self, row: ReleaseRow, column: int) -> str:
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
