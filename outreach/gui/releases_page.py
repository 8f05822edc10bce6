"""The Releases page: a press release's text with its contacts, addresses and numbers highlighted
and its problems underlined (spans from the domain's release parser); hover shows the message.

The text is re-checked shortly after each change; files are opened (button or drag and drop)
through outreach.io.release_text, read off the GUI thread.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QHelpEvent, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from outreach.domain.phones import format_international
from outreach.domain.release import ReleaseCheck, parse_release
from outreach.gui.errors import guarded
from outreach.gui.icons import icon
from outreach.gui.worker import run_task
from outreach.io.release_text import read_release_text

RECHECK_DELAY_MS = 150
ERROR_RED = QColor(208, 52, 44)  # the usual spell-check underline, readable on light and dark


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted stretch: kind is contact, email, phone or problem."""

    kind: str
    start: int  # UTF-16 positions, as QTextCursor counts
    end: int
    message: str


class _Utf16:
    """Python string indices to QTextDocument positions (which count UTF-16 code units)."""

    def __init__(self, text: str) -> None:
        self._wide = [i for i, c in enumerate(text) if ord(c) > 0xFFFF]

    def __call__(self, index: int) -> int:
        return index + bisect_right(self._wide, index - 1) if self._wide else index


def marks_of(check: ReleaseCheck, text: str) -> list[Mark]:
    pos = _Utf16(text)
    marks: list[Mark] = []

    def add(kind: str, span: tuple[int, int], message: str) -> None:
        if span[1] > span[0]:
            marks.append(Mark(kind, pos(span[0]), pos(span[1]), message))

    phones = list(check.other_phones)
    for contact in check.media_contacts:
        if contact.name_span:
            who = ", ".join(x for x in (contact.name, contact.title, contact.organization) if x)
            add("contact", contact.name_span, f"Media contact: {who}")
        for email in contact.emails:
            add("email", email.span, email.message or ("valid e-mail address" if email.valid else "invalid"))
        phones.extend(contact.phones)
    for phone in phones:
        shown = format_international(phone.e164, phone.extension) if phone.e164 else ""
        add("phone", phone.span, " — ".join(x for x in (shown, phone.message) if x) or phone.kind)
    for problem in check.problems:
        add("problem", problem.span, problem.message)
    return marks


class ReleaseEditor(QPlainTextEdit):
    """Accepts dropped files (opened as releases) as well as dropped text."""

    def __init__(self, page: ReleasesPage) -> None:
        super().__init__(page)
        self._page = page

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self._page.open_file(files[0])
            return
        super().dropEvent(event)


class ReleasesPage(QSplitter):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("releasesView")
        self.check: ReleaseCheck | None = None
        self.marks: list[Mark] = []
        left = QWidget(self)
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.open_button = QPushButton(icon("releases"), "&Open release…", left)
        self.open_button.setObjectName("openRelease")
        self.open_button.setAccessibleName("Open a release file")
        self.summary = QLabel("Paste a press release, open one, or drop a file here.", left)
        self.summary.setObjectName("releaseSummary")
        self.summary.setAccessibleName("Release check summary")
        bar.addWidget(self.open_button)
        bar.addWidget(self.summary, 1)
        layout.addLayout(bar)
        self.editor = ReleaseEditor(self)
        self.editor.setParent(left)
        self.editor.setObjectName("releaseText")
        self.editor.setAccessibleName("Release text")
        self.editor.setPlaceholderText("Paste the release text here…")
        self.editor.setTabChangesFocus(True)
        self.editor.viewport().setMouseTracking(True)
        self.editor.viewport().installEventFilter(self)
        layout.addWidget(self.editor, 1)
        self.findings = QListWidget(self)
        self.findings.setObjectName("releaseFindings")
        self.findings.setAccessibleName("Contacts and problems found")
        self.findings.setWordWrap(True)
        self.addWidget(left)
        self.addWidget(self.findings)
        self.setSizes([800, 350])
        self.setChildrenCollapsible(False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECHECK_DELAY_MS)
        self._timer.timeout.connect(self.recheck)
        self.editor.textChanged.connect(self._timer.start)
        self.open_button.clicked.connect(self._choose_file)
        self.findings.currentItemChanged.connect(self._go_to_finding)

    # -- checking -----------------------------------------------------------------------------
    @guarded
    def recheck(self) -> None:
        self._timer.stop()
        text = self.editor.toPlainText()
        if not text.strip():
            self.check, self.marks = None, []
            self.editor.setExtraSelections([])
            self.findings.clear()
            return
        self.check = parse_release(text)
        self.marks = marks_of(self.check, text)
        self.editor.setExtraSelections([self._selection(m) for m in self.marks])
        self._fill_findings(self.check)

    def _selection(self, mark: Mark) -> QTextEdit.ExtraSelection:
        palette = self.editor.palette()
        fmt = QTextCharFormat()
        if mark.kind == "problem":
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(ERROR_RED)
        else:
            role = QPalette.ColorRole.Highlight if mark.kind == "contact" else QPalette.ColorRole.Link
            tint = QColor(palette.color(role))
            tint.setAlpha(45 if mark.kind != "contact" else 70)
            fmt.setBackground(tint)
            if mark.kind == "contact":
                fmt.setFontWeight(700)
        fmt.setToolTip(mark.message)
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(mark.start)
        cursor.setPosition(mark.end, QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = fmt
        return selection

    def _fill_findings(self, check: ReleaseCheck) -> None:
        self.findings.clear()
        for contact in check.media_contacts:
            who = ", ".join(x for x in (contact.name, contact.title, contact.organization) if x) or "(no name)"
            self._finding(icon("contacts"), who, contact.name_span or contact.span)
            for email in contact.emails:
                status = ("invalid" if not email.valid else "warning" if email.suggestion else "valid")
                extra = f" — {email.message}" if email.message else ""
                self._finding(icon(status), f"    {email.normalized or email.raw}{extra}", email.span)
            for phone in contact.phones:
                shown = format_international(phone.e164, phone.extension) if phone.e164 else phone.raw
                extra = f" — {phone.message}" if phone.message else ""
                self._finding(icon("valid" if phone.valid else "invalid"), f"    {shown} ({phone.kind}){extra}",
                              phone.span)
        for problem in check.problems:
            self._finding(icon("warning"), problem.message, problem.span)
        people = len(check.media_contacts)
        self.summary.setText(f"{people} media contact{'s' if people != 1 else ''} · "
                             f"{len(check.problems)} problem{'s' if len(check.problems) != 1 else ''}"
                             + (f" · region {check.region}" if check.region else ""))

    def _finding(self, item_icon: object, text: str, span: tuple[int, int]) -> None:
        item = QListWidgetItem(item_icon, text.replace("\n", " "), self.findings)  # type: ignore[call-overload]
        item.setData(Qt.ItemDataRole.UserRole, span)
        item.setToolTip(text)

    @guarded
    def _go_to_finding(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        start, end = current.data(Qt.ItemDataRole.UserRole)
        pos = _Utf16(self.editor.toPlainText())
        cursor = self.editor.textCursor()
        cursor.setPosition(pos(start))
        cursor.setPosition(pos(end), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()

    def message_at(self, position: int) -> str:
        """The messages of the marks covering a document position (what hovering shows)."""
        return "\n".join(m.message for m in self.marks if m.start <= position < m.end and m.message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            position = self.editor.cursorForPosition(event.pos()).position()
            text = self.message_at(position)
            if text:
                QToolTip.showText(event.globalPos(), text, self.editor.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    # -- files ----------------------------------------------------------------------------------
    @guarded
    def _choose_file(self) -> None:
        dialog = QFileDialog(self, "Open release")
        dialog.setObjectName("openReleaseDialog")
        dialog.setNameFilter("Releases (*.txt *.md *.html *.htm *.docx *.pdf *.eml);;All files (*)")
        dialog.fileSelected.connect(guarded(self.open_file))
        dialog.open()

    @guarded
    def open_file(self, path: str) -> None:
        """Read the file off the GUI thread, then show and check it."""
        self.summary.setText(f"Reading {Path(path).name}…")

        def show(text: str) -> None:
            self.editor.setPlainText(text)
            self.recheck()

        run_task(lambda: read_release_text(path), show)
