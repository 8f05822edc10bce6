"""The contacts table: pages of plain rows read through the services, filtered and sorted in SQL.

Never a proxy model: filtering or sorting 100k rows in Python takes seconds, the same in SQL
with a LIMIT takes milliseconds. Rows arrive PAGE at a time as the view scrolls (fetchMore).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from outreach.domain.phones import format_international
from outreach.gui.icons import icon
from outreach.gui.row_model import AnyIndex, RowModel
from outreach.services import contacts as contact_service
from outreach.store.database import Database
from outreach.store.queries.contacts import ContactRow

PAGE = 200

# (header, sort key in SORT_COLUMNS, row -> text)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Name", "name"),
    ("Organisation", "org"),
    ("Title", "title"),
    ("Beats", "beats"),
    ("E-mail", "email"),
    ("Phone", "phone"),
    ("Local time", "time_zone"),
)
NAME, ORG, TITLE, BEATS, EMAIL, PHONE, LOCAL_TIME = range(len(COLUMNS))


@lru_cache(maxsize=4096)
def _phone_text(e164: str) -> str:
    return format_international(e164)


@lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_time(zone_name: str, now: datetime | None = None) -> str:
    """'14:05' in the person's time zone, or '' when it is unknown."""
    zone = _zone(zone_name)
    if zone is None:
        return ""
    return (now or datetime.now(UTC)).astimezone(zone).strftime("%H:%M")


def mark_of(row: ContactRow) -> str:
    """Why a row is marked, or ''."""
    reasons = []
    if row.do_not_contact:
        reasons.append("Do not contact")
    if row.has_invalid:
        reasons.append("has an invalid e-mail address or phone number")
    return "; ".join(reasons)


class ContactsModel(RowModel[ContactRow]):
    """Contacts matching a search text, in SQL order, loaded page by page."""

    totalChanged = Signal(int)
    headers = tuple(header for header, _key in COLUMNS)

    def __init__(self, db: Database, parent: Any = None) -> None:
        super().__init__(parent)
        self._db = db
        self._text = ""
        self._trash = False
        self._sort = "name"
        self._descending = False
        self._total = 0
        self._now = datetime.now(UTC)
        self.reload()

    # -- queries ---------------------------------------------------------------------------
    @property
    def search_text(self) -> str:
        return self._text

    @property
    def total(self) -> int:
        return self._total

    @property
    def sort_key(self) -> tuple[str, bool]:
        return self._sort, self._descending

    @property
    def showing_trash(self) -> bool:
        return self._trash

    def set_trash(self, on: bool) -> None:
        """Show the trash (deleted people) instead of the live contacts."""
        if on != self._trash:
            self._trash = on
            self.reload()

    def _query(self) -> str:
        return f"is:deleted {self._text}" if self._trash else self._text

    def set_search(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.reload()

    def _search(self, offset: int, limit: int) -> list[ContactRow]:
        return contact_service.search(self._db, self._query(), sort=self._sort, descending=self._descending,
                                      offset=offset, limit=limit)

    def reload(self) -> None:
        """Re-run the query from the first page (after a search, sort or change)."""
        self._read(PAGE, new_time=True)

    def refresh_rows(self) -> None:
        """Re-read as many rows as are loaded now (after an edit), keeping the scroll depth."""
        self._read(max(len(self._rows), PAGE))

    def _read(self, wanted: int, new_time: bool = False) -> None:
        """The first `wanted` rows and the total, instead of what is loaded."""
        rows = self._search(0, wanted)
        total = len(rows) if len(rows) < wanted else contact_service.count(self._db, self._query())
        self.beginResetModel()
        self._rows = rows
        self._total = total
        if new_time:
            self._now = datetime.now(UTC)
        self.endResetModel()
        self.totalChanged.emit(total)

    # -- lazy loading -------------------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        start = len(self._rows)
        more = self._search(start, PAGE)
        if not more:
            self._total = start  # rows went away underneath us; stop asking
            return
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    # -- sorting in SQL -----------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort = COLUMNS[column][1]
        self._descending = order == Qt.SortOrder.DescendingOrder
        rows = self._search(0, PAGE)
        self.beginResetModel()  # the number of loaded rows changes: a layout change would not do
        self._rows = rows
        self.endResetModel()

    # -- the table ----------------------------------------------------------------------------
    def extra_data(self, row: ContactRow, column: int, role: int) -> Any:
        if column == NAME:
            mark = mark_of(row)
            if role == Qt.ItemDataRole.DecorationRole and mark:
                return icon("blocked" if row.do_not_contact else "warning")
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{row.name} — {mark}" if mark else row.name
            if role == Qt.ItemDataRole.AccessibleDescriptionRole and mark:
                return mark
        if role == Qt.ItemDataRole.ForegroundRole and row.do_not_contact:
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.ToolTipRole and column == LOCAL_TIME and row.time_zone:
            return row.time_zone
        return None

    def text_of(self, row: ContactRow, column: int) -> str:
        if column == NAME:
            return row.name
        if column == ORG:
            return row.organization
        if column == TITLE:
            return row.title
        if column == BEATS:
            return row.beats
        if column == EMAIL:
            return row.primary_email
        if column == PHONE:
            return _phone_text(row.primary_phone)
        if column == LOCAL_TIME:
            return local_time(row.time_zone, self._now)
        return ""
