"""The Outreach log page: recent events (filter by release and kind), follow-ups due after N days, a
release's status board (latest status of each member, counts per status, the embargo in their local
time) and the charts. "Log…" records an event for a whole send-list; the contact details log for one
person (timeline.py). Everything is read through the services off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any

import shiboken6
from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from outreach.gui.charts import ChartsPanel
from outreach.gui.errors import guarded, report
from outreach.gui.sendlists_page import Busy, RowsModel, fill_releases, make_table, release_combo
from outreach.gui.timeline import kind_text, when_text
from outreach.gui.worker import run_task
from outreach.services import gui_lists
from outreach.services import lists as list_service
from outreach.services import outreach_log as log_service
from outreach.services.gui_lists import EVENT_KINDS, BoardData, ChartData
from outreach.services.outreach_log import EventRow, FollowUpRow
from outreach.store.database import Database

DEFAULT_FOLLOW_UP_DAYS = 5
READ_ONLY_NOTE = "The database is read-only for you: nothing can be logged"
FOLLOW_UP_TIP = "Enter or double-click: log a follow-up for this person"
STATUS_ORDER = ("not_sent", "pitched", "sent", "followed_up", "replied", "interview", "covered", "declined",
                "bounced", "opted_out", "excluded")


def counts_text(counts: dict[str, int]) -> str:
    order = [k for k in STATUS_ORDER if k in counts] + sorted(k for k in counts if k not in STATUS_ORDER)
    return "   ".join(f"<b>{counts[k]:,}</b> {escape(kind_text(k))}" for k in order)


# -- logging an event -------------------------------------------------------------------------------------

class LogDialog(QDialog):
    """Kind, release, note, coverage URL (for covered) and when — for one person or a whole send-list."""

    logged = Signal(str)  # what was done, for a status line

    def __init__(self, db: Database, parent: QWidget | None = None, *, contact_id: int | None = None,
                 contact_name: str = "", list_name: str | None = None, list_names: Sequence[str] = (),
                 release_id: int | None = None, releases: Sequence[Any] = (), kind: str = "sent") -> None:
        super().__init__(parent)
        self.db = db
        self.contact_id = contact_id
        self.setObjectName("logDialog")
        who = contact_name or (f"contact {contact_id}" if contact_id is not None else "")
        self.setWindowTitle(f"Log for {who}" if who else "Log for a send-list")
        self.setAccessibleName(self.windowTitle())
        form = QFormLayout()
        self.list_combo = QComboBox(self)
        self.list_combo.setObjectName("logList")
        self.list_combo.setAccessibleName("Send-list")
        if contact_id is None:
            names = list(list_names) or ([list_name] if list_name else [])
            self.list_combo.addItems(names)
            if list_name in names:
                self.list_combo.setCurrentText(list_name)
            form.addRow("Send-&list:", self.list_combo)
            form.addRow("", QLabel("One event per member; excluded people are skipped.", self))
        else:
            self.list_combo.setVisible(False)
            form.addRow("Person:", QLabel(f"<b>{escape(who)}</b>", self))
        self.kind = QComboBox(self)
        self.kind.setObjectName("logKind")
        self.kind.setAccessibleName("Kind")
        for k in EVENT_KINDS:
            self.kind.addItem(kind_text(k), k)
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0))
        self.release = release_combo(self, "logRelease", "Release",
                                     "The list's release" if contact_id is None else "No release")
        fill_releases(self.release, releases, release_id)
        self.note = QLineEdit(self)
        self.note.setObjectName("logNote")
        self.note.setAccessibleName("Note")
        self.url = QLineEdit(self)
        self.url.setObjectName("logUrl")
        self.url.setAccessibleName("Coverage URL")
        self.url.setPlaceholderText("https://… where it was covered")
        self.when = QDateTimeEdit(QDateTime.currentDateTime(), self)
        self.when.setObjectName("logWhen")
        self.when.setAccessibleName("When")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        form.addRow("&Kind:", self.kind)
        form.addRow("&Release:", self.release)
        form.addRow("&Note:", self.note)
        form.addRow("Coverage &URL:", self.url)
        form.addRow("&When:", self.when)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.log_button = buttons.addButton("&Log", QDialogButtonBox.ButtonRole.AcceptRole)
        self.log_button.setObjectName("logSaveButton")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self._on_kind()

    @guarded
    def _on_kind(self, *_args: object) -> None:
        self.url.setEnabled(self.kind.currentData() == "covered")

    def when_utc(self) -> datetime:
        return datetime.fromtimestamp(self.when.dateTime().toSecsSinceEpoch(), UTC)

    @guarded
    def save(self) -> None:
        db, kind, release = self.db, str(self.kind.currentData()), self.release.currentData()
        notes, when = self.note.text().strip(), self.when_utc()
        url = self.url.text().strip() if kind == "covered" else ""
        contact_id, name = self.contact_id, self.list_combo.currentText()
        if contact_id is None and not name:
            return
        self.log_button.setEnabled(False)

        def work() -> str:
            if contact_id is not None:
                log_service.log(db, contact_id, kind, release_id=release, notes=notes, url=url, when=when)
                return f"Logged {kind_text(kind)}"
            result = log_service.log_for_list(db, name, kind, release_id=release, notes=notes, url=url, when=when)
            return (f"Logged {kind_text(kind)} for {result.logged:,} member(s) of “{name}”"
                    + (f"; {len(result.skipped):,} excluded skipped" if result.skipped else ""))

        def done(text: str) -> None:
            self.logged.emit(text)
            self.accept()

        def failed(error: BaseException) -> None:
            if shiboken6.isValid(self):
                self.log_button.setEnabled(True)
            report(error)

        run_task(work, guarded(done), failed)


# -- the page ---------------------------------------------------------------------------------------------

def events_model(parent: Any = None) -> RowsModel:
    return RowsModel([("When", lambda e: when_text(e.occurred_at)), ("Kind", lambda e: kind_text(e.kind)),
                      ("Person", lambda e: e.contact_name), ("Release", lambda e: e.release_title),
                      ("List", lambda e: e.send_list), ("Note", _note)], parent, tooltip=_note)


def _note(e: EventRow) -> str:
    return " · ".join(x for x in (e.notes, e.url) if x)


def follow_ups_model(parent: Any = None) -> RowsModel:
    return RowsModel([("Person", lambda r: r.name), ("Organisation", lambda r: r.organization),
                      ("Release", lambda r: r.release_title or "(no release)"),
                      ("Last contacted", lambda r: when_text(r.last_contacted)), ("Days", lambda r: r.days_waiting)],
                     parent, tooltip=lambda r: r.email)


class StatusBoardWidget(QWidget):
    """A release's members with their latest status, the counts per status and the embargo in their time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBoard")
        self.setAccessibleName("Release status board")
        self.counts: dict[str, int] = {}
        self.embargo: dict[int, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("statusCounts")
        self.counts_label.setAccessibleName("Counts per status")
        self.counts_label.setWordWrap(True)
        layout.addWidget(self.counts_label)
        self.model = RowsModel([
            ("Person", lambda r: r.name), ("Organisation", lambda r: r.organization),
            ("Status", lambda r: kind_text(r.status)), ("When", lambda r: when_text(r.at)),
            ("Embargo (their time)", lambda r: self.embargo.get(r.id, "")), ("Excluded", lambda r: r.excluded),
        ], self, tooltip=lambda r: r.email)
        self.view = make_table("statusBoardView", "Status of each member", self.model, self,
                               (140, 130, 75, self.fontMetrics().horizontalAdvance("2026-12-31 00:00") + 14, 150))
        layout.addWidget(self.view, 1)

    def show_board(self, data: BoardData | None, note: str = "") -> None:
        if data is None:
            self.counts, self.embargo = {}, {}
            self.model.set_rows([])
            self.counts_label.setText(f"<i>{escape(note)}</i>")
            return
        self.counts = dict(data.board.counts)
        self.embargo = {r.contact_id: r.local for r in data.embargo}
        self.model.set_rows(data.board.members)
        self.view.setColumnHidden(4, not self.embargo)
        self.counts_label.setText(counts_text(self.counts) or "<i>Nobody is on this release's send-lists yet.</i>")


@dataclass(frozen=True, slots=True)
class PageData:
    releases: list[Any]
    list_names: list[str]
    events: list[EventRow]
    follow_ups: list[FollowUpRow]
    board: BoardData | None
    charts: ChartData


class LogPage(QSplitter):
    """Events and follow-ups on the left; the status board and charts on the right."""

    changed = Signal()  # an event was logged here

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("outreachLogPage")
        self.db = db
        self.releases: list[Any] = []
        self.list_names: list[str] = []
        self.loaded = False
        self.read_only = False  # set by the window (team.py) for a read-only database
        self._generation = 0
        self._done_text = ""
        self._init_left()
        self._init_right()
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 1)
        self.setSizes([640, 620])
        self.setChildrenCollapsible(False)

    def _init_left(self) -> None:
        pane = QWidget(self)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        bar = QHBoxLayout()
        self.release_filter = release_combo(pane, "logReleaseFilter", "Release filter", "All releases")
        self.kind_filter = QComboBox(pane)
        self.kind_filter.setObjectName("logKindFilter")
        self.kind_filter.setAccessibleName("Kind filter")
        self.kind_filter.addItem("All kinds", None)
        for k in EVENT_KINDS:
            self.kind_filter.addItem(kind_text(k), k)
        self.days = QSpinBox(pane)
        self.days.setObjectName("followUpDays")
        self.days.setAccessibleName("Follow up after days")
        self.days.setRange(0, 365)
        self.days.setValue(DEFAULT_FOLLOW_UP_DAYS)
        self.days.setSuffix(" days")
        days_label = QLabel("Follow up &after", pane)
        days_label.setBuddy(self.days)
        self.log_button = QPushButton("&Log…", pane)
        self.log_button.setObjectName("logButton")
        self.log_button.setAccessibleName("Log for a send-list")
        self.log_button.setToolTip("Log a send, reply or coverage for every member of a send-list")
        self.busy = Busy(QProgressBar(pane))
        self.busy.bar.setObjectName("logBusy")
        for widget in (self.release_filter, self.kind_filter, days_label, self.days, self.log_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.busy.bar)
        layout.addLayout(bar)
        self.tabs = QTabWidget(pane)
        self.tabs.setObjectName("logTabs")
        self.tabs.setDocumentMode(True)
        self.events_model = events_model(self)
        when = self.fontMetrics().horizontalAdvance("2026-12-31 00:00") + 14
        self.view = make_table("outreachLogView", "Outreach log", self.events_model, pane, (when, 70, 130, 110, 90))
        self.follow_model = follow_ups_model(self)
        self.follow_view = make_table("followUpsView", "Follow-ups due", self.follow_model, pane, (150, 150, 150, 120))
        self.tabs.addTab(self.view, "&Events")
        self.tabs.addTab(self.follow_view, "F&ollow-ups")
        layout.addWidget(self.tabs, 1)
        self.status = QLabel(pane)
        self.status.setObjectName("logStatus")
        self.status.setAccessibleName("Outreach log status")
        layout.addWidget(self.status)
        self.addWidget(pane)
        self.release_filter.currentIndexChanged.connect(self._on_filter)
        self.kind_filter.currentIndexChanged.connect(self._on_filter)
        self.days.valueChanged.connect(self._on_filter)
        self.log_button.clicked.connect(self.log_for_list)
        self.follow_view.activated.connect(self.log_follow_up)
        self.follow_view.setToolTip(FOLLOW_UP_TIP)

    def _init_right(self) -> None:
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        top = QWidget(split)
        layout = QVBoxLayout(top)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        row = QHBoxLayout()
        board_label = QLabel("<b>Status &board</b> for", top)
        self.board_release = release_combo(top, "boardRelease", "Status board release", "Choose a release")
        board_label.setBuddy(self.board_release)
        row.addWidget(board_label)
        row.addWidget(self.board_release, 1)
        layout.addLayout(row)
        self.board = StatusBoardWidget(top)
        layout.addWidget(self.board, 1)
        split.addWidget(top)
        self.charts = ChartsPanel(split)
        split.addWidget(self.charts)
        split.setSizes([380, 340])
        self.addWidget(split)
        self.board_release.currentIndexChanged.connect(self._on_filter)

    # -- loading ----------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    @guarded
    def _on_filter(self, *_args: object) -> None:
        if self.loaded:
            self.reload()

    @guarded
    def reload(self) -> None:
        db = self.db
        release, kind = self.release_filter.currentData(), self.kind_filter.currentData()
        board_release, days = self.board_release.currentData(), self.days.value()
        pick_board = not self.loaded
        self._generation += 1
        generation = self._generation

        def work() -> PageData:
            releases = gui_lists.releases(db)
            lists = list_service.summaries(db)
            chosen = board_release
            if chosen is None and pick_board:  # the first time: the newest release that has a send-list
                with_lists = {s.release_id for s in lists if s.release_id is not None}
                chosen = next((r.id for r in releases if r.id in with_lists), None)
            return PageData(releases, [s.name for s in lists], gui_lists.events(db, release, kind),
                            gui_lists.follow_ups(db, days, release),
                            gui_lists.board_data(db, chosen) if chosen is not None else None,
                            gui_lists.chart_data(db))

        def done(data: PageData) -> None:
            if generation == self._generation:
                self.show_data(data)

        self.busy.run(work, done)

    def show_data(self, data: PageData) -> None:
        self.releases, self.list_names = data.releases, data.list_names
        fill_releases(self.release_filter, data.releases)
        fill_releases(self.board_release, data.releases, data.board.board.release_id if data.board else None)
        self.loaded = True
        self.events_model.set_rows(data.events)
        self.follow_model.set_rows(data.follow_ups)
        self.tabs.setTabText(1, f"F&ollow-ups ({len(data.follow_ups):,})")
        self.board.show_board(data.board, "Choose a release to see where each member stands."
                              if data.releases else "No releases yet: import one on the Releases page.")
        self.charts.set_data(data.charts)
        self.log_button.setEnabled(bool(data.list_names) and not self.read_only)
        done, self._done_text = self._done_text, ""
        self.status.setText((f"{done} — " if done else "")
                            + f"{len(data.events):,} event(s) shown · {len(data.follow_ups):,} follow-up(s) due "
                            f"after {self.days.value()} days")

    # -- read-only (team.py) ----------------------------------------------------------------------------
    def write_widgets(self) -> list[QWidget]:
        """The buttons that change the database (Enter on a follow-up is refused in the slot)."""
        return [self.log_button]

    def set_read_only(self, on: bool) -> None:
        self.read_only = on
        self.log_button.setEnabled(not on and bool(self.list_names))
        self.follow_view.setToolTip("" if on else FOLLOW_UP_TIP)

    def _refused(self) -> bool:
        if self.read_only:
            self.status.setText(READ_ONLY_NOTE)
        return self.read_only

    # -- actions ------------------------------------------------------------------------------------------
    @guarded
    def log_for_list(self, list_name: str | None = None) -> LogDialog | None:
        if self._refused():
            return None
        if not self.list_names:
            self.status.setText("Make a send-list first (Send-lists page).")
            return None
        dialog = LogDialog(self.db, self, list_name=list_name or self.list_names[0], list_names=self.list_names,
                           releases=self.releases)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged.connect(guarded(self._logged))
        self.log_dialog = dialog
        dialog.open()
        return dialog

    @guarded
    def log_follow_up(self, *_args: object) -> LogDialog | None:
        """Enter or double-click on a follow-up: log `followed_up` for that person and release."""
        row = self.follow_model.row_at(self.follow_view.currentIndex().row())
        if row is None or self._refused():
            return None
        dialog = LogDialog(self.db, self, contact_id=row.contact_id, contact_name=row.name,
                           release_id=row.release_id, releases=self.releases, kind="followed_up")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.logged.connect(guarded(lambda text: self._logged(f"{text} for {row.name}")))
        self.log_dialog = dialog
        dialog.open()
        return dialog

    def _logged(self, text: str) -> None:
        self._done_text = text  # shown with the counts once the page is read again
        self.reload()
        self.changed.emit()
