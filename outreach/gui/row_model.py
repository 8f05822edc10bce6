"""A read-only Qt table model over plain rows (the services' dataclasses, each with an `id`).

The contacts, organisations and releases tables are such models: :class:`RowModel` gives the
plumbing -- row and column counts, headers, flags, the rows themselves -- and the usual roles; a
subclass names its `headers` and says what a cell shows (`text_of`) and anything else it shows
(`extra_data`: tool tips, icons, colours). :func:`row_view` is the list pages' table in its common look.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class HasId(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=HasId)


class RowModel(QAbstractTableModel, Generic[R]):
    """Rows in the order given; DisplayRole is `text_of`, UserRole the row's id.

    Columns listed in `right_aligned` (numbers) are right-aligned; other roles go to `extra_data`.
    """

    headers: tuple[str, ...] = ()
    right_aligned: frozenset[int] = frozenset()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: Iterable[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of_id(self, row_id: int) -> int:
        """The row showing the record `row_id`, or -1."""
        return next((i for i, r in enumerate(self._rows) if r.id == row_id), -1)

    # -- for the subclasses -------------------------------------------------------------------
    def text_of(self, row: R, column: int) -> str:
        raise NotImplementedError

    def extra_data(self, row: R, column: int, role: int) -> Any:
        """Any role but DisplayRole and UserRole (and the alignment of `right_aligned` columns)."""
        return None

    # -- the table ----------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.headers):
            return self.headers[section]
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
            return self.text_of(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.right_aligned:
            return RIGHT_ALIGNED
        return self.extra_data(row, column, role)
