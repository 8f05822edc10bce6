"""Edit ▸ Find Duplicates…: review likely duplicate pairs one by one; nothing is merged without a click.

Finding runs off the GUI thread (about 1.7 s on 100k people). A selected pair is shown side by side;
for each field where both have a different value the user picks which to keep (default: the left
one). Merging and "not a duplicate" are pushed onto the window's undo stack, so Ctrl+Z takes them
back; the list re-reads itself whenever the undo stack moves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from outreach.domain.phones import format_international
from outreach.gui import commands
from outreach.gui.busy import BusyDialog, flat_list
from outreach.gui.errors import guarded
from outreach.services import contacts as contact_service
from outreach.services import duplicates as duplicate_service
from outreach.store.database import Database
from outreach.store.duplicates import Candidate
from outreach.store.queries.contacts import ContactDetail

LEFT, RIGHT = "left", "right"


@dataclass(frozen=True)
class Field:
    key: str  # the choice's name; `takes` are the merge fields it stands for
    title: str
    text: Callable[[ContactDetail], str]
    takes: tuple[str, ...] = ()  # empty: not a choice (both are kept, or either side wins)


def _emails(d: ContactDetail) -> str:
    return "\n".join(e.raw + (f" ({e.label})" if e.label else "") for e in d.emails)


def _phones(d: ContactDetail) -> str:
    return "\n".join((format_international(p.e164, p.extension) if p.e164 else p.raw)
                     + (f" ({p.label})" if p.label else "") for p in d.phones)


def _dnc(d: ContactDetail) -> str:
    if not d.do_not_contact:
        return "no"
    return "yes" + (f" — {d.dnc_reason}" if d.dnc_reason else "")


FIELDS: tuple[Field, ...] = (
    Field("name", "Name", lambda d: d.display_name, ("display_name", "given_name", "family_name")),
    Field("title", "Title", lambda d: d.title, ("title",)),
    Field("organization", "Organisation", lambda d: d.organization, ("organization",)),
    Field("country", "Country", lambda d: d.country, ("country",)),
    Field("role", "Role", lambda d: d.role, ("role",)),
    Field("emails", "E-mail", _emails),
    Field("phones", "Phone", _phones),
    Field("beats", "Beats", lambda d: ", ".join(d.tags)),
    Field("notes", "Notes", lambda d: d.notes.strip()),
    Field("dnc", "Do not contact", _dnc),
)
KEPT_NOTE = ("E-mail addresses, phone numbers, beats and notes of both are kept, and so is their outreach "
             "history. Do-not-contact stays on if either is marked. The merged-away person goes to the trash.")


def take_other(picks: dict[str, str], kept_side: str) -> set[str]:
    """The merge fields to copy from the merged-away person: those picked on the other side."""
    out: set[str] = set()
    for f in FIELDS:
        if f.takes and picks.get(f.key, kept_side) != kept_side:
            out.update(f.takes)
    return out


class MergeContacts(commands._ContactCommand):
    """Undo: undo the merge; redo: merge again (a new merge id, which the next undo uses)."""

    def __init__(self, db: Database, kept_id: int, merged_id: int, take: set[str], merge_id: int, text: str,
                 changed: commands.Changed) -> None:
        super().__init__(text, db, changed)
        self.kept_id, self.merged_id, self.take, self.merge_id = kept_id, merged_id, set(take), merge_id

    def _do(self) -> None:
        self.merge_id = duplicate_service.merge(self._db, self.kept_id, self.merged_id, self.take)

    def _undo(self) -> None:
        duplicate_service.undo_merge(self._db, self.merge_id)


class NotDuplicate(commands._ContactCommand):
    def __init__(self, db: Database, first_id: int, second_id: int, text: str, changed: commands.Changed) -> None:
        super().__init__(text, db, changed)
        self.pair = (first_id, second_id)

    def _do(self) -> None:
        duplicate_service.not_duplicate(self._db, *self.pair)

    def _undo(self) -> None:
        duplicate_service.maybe_duplicate(self._db, *self.pair)


class DuplicatesDialog(BusyDialog):
    """Candidate pairs on the left; the selected pair side by side on the right."""

    def __init__(self, db: Database, undo_stack: QUndoStack, changed: commands.Changed,
                 parent: QWidget | None = None, undo_actions: tuple[QAction, ...] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle("Find duplicates")
        self.setAccessibleName("Find duplicates")
        self._db = db
        self._undo_stack = undo_stack
        self._changed = changed
        self._generation = 0  # answers to an older search are dropped
        self._loading = False  # finding candidates (the list stays usable while it is re-read)
        self._merging = False
        self._note = ""  # what the last decision did, shown with the count
        self._pushed_index = -1
        self.candidates: list[Candidate] = []
        self.left: ContactDetail | None = None
        self.right: ContactDetail | None = None
        self.picks: dict[str, QButtonGroup] = {}
        for action in undo_actions:  # Ctrl+Z / Ctrl+Shift+Z work while the dialog has the focus
            self.addAction(action)
        self._init_widgets()
        self._connect_signals()
        self.resize(1100, 640)
        self.reload()

    # -- set-up -----------------------------------------------------------------------------------
    def _init_widgets(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._status_row("duplicates"))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.pair_list = flat_list(self.splitter, "duplicatePairs", "Possible duplicates", ["People", "Why", "Score"])
        header = self.pair_list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.pair_list.setColumnWidth(1, 170)

        compare = QWidget(self.splitter)
        compare_layout = QVBoxLayout(compare)
        compare_layout.setContentsMargins(0, 0, 0, 0)
        self.grid_host = QWidget(compare)
        self.grid_host.setObjectName("duplicateComparison")
        self.grid = QGridLayout(self.grid_host)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(2)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.scroll_area = QScrollArea(compare)
        self.scroll_area.setWidget(self.grid_host)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAccessibleName("The two people side by side")
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # values wrap
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        compare_layout.addWidget(self.scroll_area, 1)
        self.kept_note = QLabel(KEPT_NOTE, compare)
        self.kept_note.setObjectName("keptNote")
        self.kept_note.setWordWrap(True)
        compare_layout.addWidget(self.kept_note)
        self.splitter.addWidget(self.pair_list)
        self.splitter.addWidget(compare)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([450, 650])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)

        self._button_box("duplicates")
        self.merge_left_button = self._button("Merge into &left", "mergeLeftButton",
                                              "Keep the left person, with the values picked above; "
                                              "the right one goes to the trash (Ctrl+Z undoes it)")
        self.merge_right_button = self._button("Merge into &right", "mergeRightButton",
                                               "Keep the right person, with the values picked above; "
                                               "the left one goes to the trash (Ctrl+Z undoes it)")
        self.not_duplicate_button = self._button("&Not a duplicate", "notDuplicateButton",
                                                 "These are two different people: stop suggesting them")
        self.skip_button = self._button("&Skip", "skipButton", "Decide later: go to the next pair")
        self._close_button()
        layout.addWidget(self.buttons)
        self._show_pair(None, None)

    def _connect_signals(self) -> None:
        self.pair_list.currentItemChanged.connect(self._on_current)
        self.merge_left_button.clicked.connect(self.merge_into_left)
        self.merge_right_button.clicked.connect(self.merge_into_right)
        self.not_duplicate_button.clicked.connect(self.mark_not_duplicate)
        self.skip_button.clicked.connect(self.skip)
        self._undo_stack.indexChanged.connect(self._on_undo_stack)
        self.finished.connect(self._on_finished)

    # -- finding ----------------------------------------------------------------------------------
    @guarded
    def reload(self) -> None:
        """Look for candidates again (off the GUI thread); keeps the wanted pair selected."""
        self._generation += 1
        generation = self._generation
        db = self._db
        self._loading = True
        if not self.candidates:
            self.status.setText("Looking for people who may be the same…")
        self._update_busy()

        def done(found: list[Candidate]) -> None:
            if generation == self._generation:
                self._loading = False
                self._update_busy()
                self._fill(found)

        def failed() -> None:
            if generation == self._generation:
                self._loading = False
                self._update_busy()
                self.status.setText("Could not look for duplicates.")

        self._run(lambda: duplicate_service.candidates(db), done, failed)

    def _update_busy(self) -> None:
        self._set_busy(self._loading or self._merging)

    def _fill(self, found: list[Candidate]) -> None:
        # Keep the pair that was selected; when it is gone (merged, refused) stay at its row: the next pair.
        want = self.current_pair()
        row = max(self.current_row(), 0)
        self.candidates = found
        self.pair_list.blockSignals(True)
        self.pair_list.clear()
        for c in found:
            item = QTreeWidgetItem([f"{c.first_name}  ·  {c.second_name}", c.reason, str(c.score)])
            item.setData(0, Qt.ItemDataRole.UserRole, (c.first_id, c.second_id))
            item.setToolTip(0, f"{c.first_name} (#{c.first_id}) and {c.second_name} (#{c.second_id})")
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.pair_list.addTopLevelItem(item)
        self.pair_list.blockSignals(False)
        pairs = [(c.first_id, c.second_id) for c in found]
        if found:
            self.select_row(pairs.index(want) if want in pairs else min(row, len(found) - 1))
        else:
            self._show_pair(None, None)
        n = len(found)
        count = (f"{n} possible duplicate{'s' if n != 1 else ''} to review. Nothing is merged unless you "
                 "choose to." if n else "No likely duplicates found.")
        self.status.setText(f"{self._note} {count}" if self._note else count)
        self._update_buttons()

    def _push(self, command: commands._ContactCommand, note: str, gone: Callable[[Candidate], bool]) -> None:
        """After a decision: decided pairs leave the list at once (the re-read that follows fills in the
        rest), and the decision goes on the undo stack."""
        self._note = note
        self._fill([c for c in self.candidates if not gone(c)])
        self._pushed_index = self._undo_stack.index() + 1
        self._undo_stack.push(command)  # indexChanged: the list is re-read
        self._changed()

    @guarded
    def _on_undo_stack(self, index: int) -> None:
        if self._alive():  # the window's stack outlives the dialog, and may clear itself while both go
            if index != self._pushed_index:
                self._note = ""  # undone or redone: the last note no longer holds
            self.reload()

    @guarded
    def _on_finished(self, _result: int) -> None:
        self._undo_stack.indexChanged.disconnect(self._on_undo_stack)

    # -- the selected pair ------------------------------------------------------------------------
    def current_pair(self) -> tuple[int, int] | None:
        item = self.pair_list.currentItem()
        if item is None:
            return None
        first, second = item.data(0, Qt.ItemDataRole.UserRole)
        return int(first), int(second)

    def current_row(self) -> int:
        item = self.pair_list.currentItem()
        return -1 if item is None else self.pair_list.indexOfTopLevelItem(item)

    def select_row(self, row: int) -> None:
        item = self.pair_list.topLevelItem(row)
        if item is not None:
            self.pair_list.setCurrentItem(item)

    def select_pair(self, first_id: int, second_id: int) -> None:
        pairs = [(c.first_id, c.second_id) for c in self.candidates]
        self.select_row(pairs.index((first_id, second_id)))  # ValueError if it is not listed

    @guarded
    def _on_current(self, *_args: object) -> None:
        pair = self.current_pair()
        if pair is None:
            self._show_pair(None, None)
            return
        self._show_pair(contact_service.get_contact(self._db, pair[0]),
                        contact_service.get_contact(self._db, pair[1]))

    def _show_pair(self, left: ContactDetail | None, right: ContactDetail | None) -> None:
        self.left, self.right = left, right
        self.picks = {}
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.setParent(None)  # out of findChild's reach now, deleted later
                widget.deleteLater()
        if left is None or right is None:
            empty = QLabel("<i>Select a pair to compare the two people.</i>", self.grid_host)
            self.grid.addWidget(empty, 0, 0, 1, 3)
            self.grid.setRowStretch(1, 1)
            self._update_buttons()
            return
        for column, (text, person) in enumerate((("Left", left), ("Right", right)), start=1):
            head = QLabel(f"<b>{escape(text)}</b> <small>#{person.id}</small>", self.grid_host)
            head.setToolTip(f"{person.display_name}: #{person.id}, last changed {person.updated_at:%Y-%m-%d %H:%M}")
            self.grid.addWidget(head, 0, column)
        for row, f in enumerate(FIELDS, start=1):
            self._add_row(row, f, left, right)
        self.grid.setRowStretch(len(FIELDS) + 1, 1)
        self._update_buttons()

    def _cell(self, text: str, differs: bool, name: str) -> QFrame:
        frame = QFrame(self.grid_host)
        frame.setObjectName(name)
        if differs:  # palette colours only: follows light and dark themes
            frame.setStyleSheet(f"QFrame#{name} {{ background: palette(alternate-base); "
                                "border-left: 3px solid palette(highlight); }")
        box = QHBoxLayout(frame)
        box.setContentsMargins(6, 3, 6, 3)
        label = QLabel(escape(text).replace("\n", "<br>") if text else "<i>(empty)</i>", frame)
        label.setObjectName(f"{name}_value")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(label, 1)
        return frame

    def _add_row(self, row: int, f: Field, left: ContactDetail, right: ContactDetail) -> None:
        values = f.text(left), f.text(right)
        differs = " ".join(values[0].split()).casefold() != " ".join(values[1].split()).casefold()
        title = QLabel(f"<b>{escape(f.title)}</b>" if differs else escape(f.title), self.grid_host)
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        title.setContentsMargins(0, 3, 0, 0)  # level with the text inside the cells
        self.grid.addWidget(title, row, 0)
        cells = [self._cell(value, differs, f"{side}_{f.key}") for side, value in zip((LEFT, RIGHT), values,
                                                                                      strict=True)]
        self.grid.addWidget(cells[0], row, 1)
        self.grid.addWidget(cells[1], row, 2)
        if not (differs and f.takes):
            return
        group = QButtonGroup(cells[0])  # goes with the row
        for cell, side, value in zip(cells, (LEFT, RIGHT), values, strict=True):
            radio = QRadioButton(cell)
            radio.setObjectName(f"pick_{f.key}_{side}")
            radio.setAccessibleName(f"Keep the {side} {f.title.lower()}")
            radio.setToolTip(radio.accessibleName() if value else "An empty value never wins over a filled one")
            radio.setEnabled(bool(value))  # the merge always keeps a value over an empty one
            radio.setProperty("side", side)
            box = cell.layout()
            assert isinstance(box, QHBoxLayout)
            box.insertWidget(0, radio, 0, Qt.AlignmentFlag.AlignTop)
            group.addButton(radio)
        # Default: the left (kept) value, unless it is empty.
        default = LEFT if values[0] else RIGHT
        checked = cells[0 if default == LEFT else 1].findChild(QRadioButton)
        assert checked is not None
        checked.setChecked(True)
        self.picks[f.key] = group

    def pick(self, key: str, side: str) -> None:
        """Choose the `side` ("left"/"right") value of a differing field (used by tests)."""
        radio = self.grid_host.findChild(QRadioButton, f"pick_{key}_{side}")
        if radio is None:
            raise KeyError(key)
        radio.setChecked(True)

    def picked(self) -> dict[str, str]:
        out = {}
        for key, group in self.picks.items():
            button = group.checkedButton()
            if button is not None:
                out[key] = str(button.property("side"))
        return out

    def _update_buttons(self) -> None:
        ready = not self._merging and self.left is not None and self.right is not None
        for button in (self.merge_left_button, self.merge_right_button, self.not_duplicate_button,
                       self.skip_button):
            button.setEnabled(ready)

    # -- decisions --------------------------------------------------------------------------------
    @guarded
    def merge_into_left(self) -> None:
        self._merge(LEFT)

    @guarded
    def merge_into_right(self) -> None:
        self._merge(RIGHT)

    def _merge(self, kept_side: str) -> None:
        if self.left is None or self.right is None:
            return
        kept, merged = (self.left, self.right) if kept_side == LEFT else (self.right, self.left)
        take = take_other(self.picked(), kept_side)
        db = self._db
        text = f"Merge {merged.display_name} into {kept.display_name}"
        self._merging = True
        self.status.setText("Merging (a safety backup is made first)…")
        self._update_busy()
        stack, changed = self._undo_stack, self._changed

        def command(merge_id: int) -> MergeContacts:
            return MergeContacts(db, kept.id, merged.id, take, merge_id, text, changed)

        def done(merge_id: int) -> None:
            self._merging = False
            self._update_busy()
            self._push(command(merge_id), f"Merged {merged.display_name} into {kept.display_name} (Ctrl+Z undoes it).",
                       lambda c: merged.id in (c.first_id, c.second_id))

        def closed(merge_id: int) -> None:  # closed meanwhile: the merge is still undoable
            stack.push(command(merge_id))
            changed()

        def failed() -> None:
            self._merging = False
            self._update_busy()
            self.status.setText("The merge did not happen.")

        self._run(lambda: duplicate_service.merge(db, kept.id, merged.id, take), done, failed, closed=closed)

    @guarded
    def mark_not_duplicate(self) -> None:
        pair = self.current_pair()
        if pair is None or self.left is None or self.right is None:
            return
        duplicate_service.not_duplicate(self._db, *pair)
        text = f"{self.left.display_name} and {self.right.display_name} are different people"
        self._push(NotDuplicate(self._db, pair[0], pair[1], text, self._changed), f"Noted: {text} (Ctrl+Z undoes it).",
                   lambda c: (c.first_id, c.second_id) == pair)

    @guarded
    def skip(self) -> None:
        row = self.current_row()
        if row + 1 < self.pair_list.topLevelItemCount():
            self.select_row(row + 1)
        else:
            self.status.setText("That was the last pair; skipped ones stay in the list.")
