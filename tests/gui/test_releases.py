"""The Releases page: highlights from the release parser, problems underlined, hover messages, files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit

from outreach.gui.releases_page import ReleasesPage, _Utf16

RELEASE = """Acme Wind opens its first offshore farm

LONDON, 3 March 2026 -- Acme Wind today opened ...

Media contact
Jane Doe, Head of Press, Acme Wind
+44 20 7946 0958 | jane.doe@acmewind.co.uk
Press office: 020 7946 09 | press@acmewind.con
"""


def page_with(qtbot: Any, text: str) -> ReleasesPage:
    page = ReleasesPage()
    qtbot.addWidget(page)
    page.editor.setPlainText(text)
    page.recheck()
    return page


def test_releases_page_is_reachable_from_the_navigation(window: Any) -> None:
    window.navigation.setCurrentRow(2)
    assert window.stack.currentWidget().objectName() == "releasesView"
    assert window.findChild(QPlainTextEdit, "releaseText") is not None


def test_contacts_phones_and_emails_are_highlighted_and_problems_underlined(qtbot: Any) -> None:
    page = page_with(qtbot, RELEASE)
    kinds = {m.kind for m in page.marks}
    assert {"contact", "phone", "email", "problem"} <= kinds
    text = page.editor.toPlainText()
    contact = next(m for m in page.marks if m.kind == "contact")
    assert text[contact.start:contact.end] == "Jane Doe"
    selections = page.editor.extraSelections()
    assert len(selections) == len(page.marks)
    underlined = [s for s in selections
                  if s.format.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline]
    assert underlined
    assert "problem" in page.summary.text()
    assert page.findings.count() >= 3


def test_hover_message_explains_a_problem(qtbot: Any) -> None:
    page = page_with(qtbot, RELEASE)
    problem = next(m for m in page.marks if m.kind == "problem")
    assert page.message_at(problem.start) and problem.message in page.message_at(problem.start)
    assert page.message_at(0) == ""


def test_editing_the_text_rechecks_it(qtbot: Any) -> None:
    page = page_with(qtbot, RELEASE)
    before = len(page.marks)
    page.editor.appendPlainText("Second contact: John Roe, +44 20 7946 0000, john.roe@acmewind.co.uk")
    qtbot.waitUntil(lambda: len(page.marks) != before, timeout=2000)


def test_spans_map_to_utf16_positions() -> None:
    convert = _Utf16("a😀b c")
    assert [convert(i) for i in range(5)] == [0, 1, 3, 4, 5]


def test_open_file_and_drop_a_file(qtbot: Any, tmp_path: Path) -> None:
    page = page_with(qtbot, "")
    path = tmp_path / "release.txt"
    path.write_text(RELEASE, encoding="utf-8")
    page.open_file(str(path))
    assert page.editor.toPlainText().startswith("Acme Wind")
    assert any(m.kind == "contact" for m in page.marks)
    page.editor.clear()
    page.recheck()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    drop = QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    page.editor.dropEvent(drop)
    assert page.editor.toPlainText().startswith("Acme Wind")
