"""Someone else saved the person you are editing: both versions side by side, and a choice.

The dialog only decides; the window does the saving (with the stored version as the expected
one). Reload discards your typing and shows theirs in the editor, Overwrite saves yours over
theirs, Merge saves a mix picked field by field (e-mails, phones and beats as whole lists).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from outreach.domain.contact import ContactInput, EmailInput, PhoneInput

RELOAD, OVERWRITE, MERGE = "reload", "overwrite", "merge"


def _display(c: ContactInput) -> str:
    built = " ".join(p for p in (c.given_name.strip(), c.family_name.strip()) if p)
    return " ".join(c.display_name.split()) or built


def _entries(items: Sequence[EmailInput | PhoneInput]) -> tuple[tuple[str, str], ...]:
    return tuple((e.raw.strip(), e.label.strip()) for e in items)


def _primary(items: Sequence[EmailInput | PhoneInput]) -> int:
    return next((i for i, e in enumerate(items) if e.primary), 0) if items else -1


def _entries_text(items: Sequence[EmailInput | PhoneInput]) -> str:
    lines = []
    for i, e in enumerate(items):
        line = e.raw + (f" ({e.label})" if e.label else "")
        if i == _primary(items) and len(items) > 1:
            line += " · primary"
        lines.append(line)
    return "\n".join(lines)


@dataclass(frozen=True)
class Field:
    key: str  # attribute of ContactInput (what is copied on merge)
    title: str
    compare: Callable[[ContactInput], Any]
    text: Callable[[ContactInput], str]
    also: tuple[str, ...] = ()  # attributes that travel with it (dnc_date with do_not_contact)


FIELDS: tuple[Field, ...] = (
    Field("display_name", "Display name", _display, _display),
    Field("given_name", "Given name", lambda c: c.given_name.strip(), lambda c: c.given_name),
    Field("family_name", "Family name", lambda c: c.family_name.strip(), lambda c: c.family_name),
    Field("title", "Title", lambda c: c.title.strip(), lambda c: c.title),
    Field("role", "Role", lambda c: c.role, lambda c: c.role),
    Field("organization", "Organisation", lambda c: c.organization.strip(), lambda c: c.organization),
    Field("country", "Country", lambda c: c.country.strip().upper(), lambda c: c.country),
    Field("tags", "Beats", lambda c: sorted(t.strip().lower() for t in c.tags), lambda c: ", ".join(c.tags)),
    Field("emails", "E-mail addresses", lambda c: (_entries(c.emails), _primary(c.emails)),
          lambda c: _entries_text(c.emails)),
    Field("phones", "Phone numbers", lambda c: (_entries(c.phones), _primary(c.phones)),
          lambda c: _entries_text(c.phones)),
    Field("do_not_contact", "Do not contact", lambda c: c.do_not_contact,
          lambda c: "yes" if c.do_not_contact else "no", also=("dnc_date",)),
    Field("dnc_reason", "Reason for do not contact", lambda c: c.dnc_reason.strip(), lambda c: c.dnc_reason),
    Field("notes", "Notes", lambda c: c.notes.strip(), lambda c: c.notes),
)


def differing(theirs: ContactInput, mine: ContactInput) -> list[Field]:
    return [f for f in FIELDS if f.compare(theirs) != f.compare(mine)]


def merge(theirs: ContactInput, mine: ContactInput, take_mine: set[str]) -> ContactInput:
    """Their version with the fields named in `take_mine` copied from mine.

    Fields the editor does not show start from theirs: the editor cannot have changed them.
    """
    changes: dict[str, Any] = {}
    for f in FIELDS:
        if f.key in take_mine:
            for attr in (f.key, *f.also):
                value = getattr(mine, attr)
                changes[attr] = list(value) if isinstance(value, list) else value
    if "display_name" in take_mine and not mine.display_name.strip():
        changes["display_name"] = _display(mine)
    return dataclasses.replace(theirs, **changes)


class ConflictDialog(QDialog):
    """Their stored version | your edited input, field by field; differing fields highlighted."""

    def __init__(self, original: ContactInput, theirs: ContactInput, mine: ContactInput, *,
                 their_version: int, changed_by: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(f"{_display(theirs) or 'This person'} was changed by someone else")
        self.setAccessibleName(self.windowTitle())
        self.original, self.theirs, self.mine = original, theirs, mine
        self.their_version = their_version
        self.choice = ""
        self.picks: dict[str, QButtonGroup] = {}
        self.rows: dict[str, QFrame] = {}
        self.differing = [f.key for f in differing(theirs, mine)]

        layout = QVBoxLayout(self)
        who = f"Someone else ({escape(changed_by)})" if changed_by else "Someone else"
        intro = QLabel(
            f"<b>{who} saved this person while you were editing.</b><br>"
            "Nothing you typed is lost: it stays in the editor until you choose. Fields that differ "
            "are marked; for <i>Merge</i> pick which version of each to keep.", self)
        intro.setObjectName("conflictIntro")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(intro)

        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        for column, text in enumerate(("", f"Theirs — saved (version {their_version})", "Yours — in the editor")):
            head = QLabel(f"<b>{escape(text)}</b>", grid_host)
            grid.addWidget(head, 0, column)
        for row, f in enumerate(FIELDS, start=1):
            self._add_row(grid_host, grid, row, f)
        grid.setRowStretch(len(FIELDS) + 1, 1)
        scroll = QScrollArea(self)
        scroll.setWidget(grid_host)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(scroll, 1)

        summary = QLabel(self)
        summary.setObjectName("conflictSummary")
        summary.setWordWrap(True)
        n = len(self.differing)
        summary.setText(f"{n} field{'s' if n != 1 else ''} differ." if n else
                        "The two versions are the same; overwriting changes nothing.")
        layout.addWidget(summary)

        buttons = QDialogButtonBox(self)
        buttons.setObjectName("conflictButtons")
        self.reload_button = self._button(buttons, "Reload theirs", RELOAD,
                                          "Discard your changes and show the saved version in the editor")
        self.overwrite_button = self._button(buttons, "Overwrite with mine", OVERWRITE,
                                             "Save your version over theirs")
        self.merge_button = self._button(buttons, "Save merged", MERGE,
                                         "Save the fields picked above (yours or theirs)")
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Decide later")
        cancel.setToolTip("Back to the editor; saving again will ask again")
        buttons.rejected.connect(self.reject)
        self.merge_button.setDefault(True)
        layout.addWidget(buttons)
        wanted = grid_host.sizeHint().height() + intro.sizeHint().height() + 110
        self.resize(820, min(max(wanted, 360), 720))

    def _button(self, box: QDialogButtonBox, text: str, choice: str, tip: str) -> QPushButton:
        button = box.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
        button.setObjectName(f"{choice}Button")
        button.setToolTip(tip)
        button.clicked.connect(lambda: self.choose(choice))
        return button

    def _cell(self, parent: QWidget, text: str, differs: bool, name: str) -> QFrame:
        frame = QFrame(parent)
        frame.setObjectName(name)
        frame.setProperty("differs", differs)
        if differs:  # palette colours only: follows light and dark themes
            frame.setStyleSheet(f"QFrame#{name} {{ background: palette(alternate-base); "
                                "border-left: 3px solid palette(highlight); }")
        box = QHBoxLayout(frame)
        box.setContentsMargins(6, 3, 6, 3)
        label = QLabel(escape(text).replace("\n", "<br>") if text else "<i>(empty)</i>", frame)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(label, 1)
        frame.setProperty("valueLabel", label)
        return frame

    def _add_row(self, host: QWidget, grid: QGridLayout, row: int, f: Field) -> None:
        differs = f.key in self.differing
        both = differs and f.compare(self.mine) != f.compare(self.original) \
            and f.compare(self.theirs) != f.compare(self.original)
        title = QLabel(f"<b>{escape(f.title)}</b>" if differs else escape(f.title), host)
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if both:
            title.setToolTip("Changed by both of you")
            title.setText(f"<b>{escape(f.title)}</b><br><small>changed by both</small>")
        grid.addWidget(title, row, 0)
        theirs = self._cell(host, f.text(self.theirs), differs, f"theirs_{f.key}")
        mine = self._cell(host, f.text(self.mine), differs, f"mine_{f.key}")
        grid.addWidget(theirs, row, 1)
        grid.addWidget(mine, row, 2)
        self.rows[f.key] = theirs
        if not differs:
            return
        group = QButtonGroup(self)
        for frame, side in ((theirs, "theirs"), (mine, "mine")):
            radio = QRadioButton(frame)
            radio.setObjectName(f"pick_{f.key}_{side}")
            radio.setAccessibleName(f"Keep {'their' if side == 'theirs' else 'my'} {f.title.lower()}")
            radio.setToolTip(radio.accessibleName())
            layout = frame.layout()
            assert isinstance(layout, QHBoxLayout)
            layout.insertWidget(0, radio, 0, Qt.AlignmentFlag.AlignVCenter)
            group.addButton(radio)
        # Default: keep whatever changed since the editor opened -- yours if you changed it.
        i_changed = f.compare(self.mine) != f.compare(self.original)
        side = "mine" if i_changed else "theirs"
        pick = self.findChild(QRadioButton, f"pick_{f.key}_{side}")
        assert pick is not None
        pick.setChecked(True)
        self.picks[f.key] = group

    # -- the outcome ------------------------------------------------------------------------------
    def pick(self, key: str, side: str) -> None:
        """Choose `side` ("mine" or "theirs") for a differing field (used by tests and keyboard)."""
        radio = self.findChild(QRadioButton, f"pick_{key}_{side}")
        if radio is None:
            raise KeyError(key)
        radio.setChecked(True)

    def taken_from_mine(self) -> set[str]:
        out = set()
        for key in self.picks:
            radio = self.findChild(QRadioButton, f"pick_{key}_mine")
            if radio is not None and radio.isChecked():
                out.add(key)
        return out

    def merged(self) -> ContactInput:
        return merge(self.theirs, self.mine, self.taken_from_mine())

    def choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()
