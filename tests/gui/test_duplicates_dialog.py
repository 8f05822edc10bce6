"""Edit ▸ Find Duplicates…: the pair list, side-by-side choice, merge / not-a-duplicate, and undo."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QRadioButton

from outreach.domain.contact import ContactInput, EmailInput
from outreach.gui.duplicates_dialog import DuplicatesDialog, take_other
from outreach.services import contacts as contact_service
from outreach.services import duplicates as duplicate_service


@pytest.fixture
def pair(window: Any) -> tuple[int, int]:
    """Two records of one person: same address, one fuller than the other."""
    db = window.db
    a = contact_service.add_contact(db, ContactInput(
        display_name="Jonathan Testperson", title="Reporter", organization="Quill Gazette", country="GB",
        notes="Met at the climate summit", emails=[EmailInput("jt@quill.example")]))
    b = contact_service.add_contact(db, ContactInput(
        display_name="Jon Testperson", title="Senior Reporter", organization="Quill Gazette",
        emails=[EmailInput("jt@quill.example"), EmailInput("jon@home.example")], tags=["climate"]))
    window._changed()
    return a.id, b.id


def open_dialog(window: Any, qtbot: Any) -> DuplicatesDialog:
    window.duplicates_action.trigger()
    dialog = window.findChild(DuplicatesDialog, "duplicatesDialog")
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.busy.isVisible())
    return dialog


def pairs_listed(dialog: DuplicatesDialog) -> list[tuple[int, int]]:
    return [(c.first_id, c.second_id) for c in dialog.candidates]


def test_the_dialog_lists_the_pair_and_shows_both_side_by_side(window: Any, qtbot: Any,
                                                               pair: tuple[int, int]) -> None:
    dialog = open_dialog(window, qtbot)
    assert dialog.isVisible() and not dialog.isModal()
    assert pair in pairs_listed(dialog)
    dialog.select_pair(*pair)
    row = dialog.pair_list.currentItem()
    assert row is not None
    assert "Jonathan Testperson" in row.text(0) and "Jon Testperson" in row.text(0)
    assert row.text(1) == "same e-mail address" and row.text(2) == "100"
    assert dialog.left is not None and dialog.left.id == pair[0]
    assert dialog.right is not None and dialog.right.id == pair[1]
    # Fields where the two differ offer a choice, left by default; an empty value cannot be picked
    # (the right has no country), the same organisation needs no choice.
    assert dialog.picked() == {"name": "left", "title": "left", "country": "left"}
    right_country = dialog.grid_host.findChild(QRadioButton, "pick_country_right")
    assert right_country is not None and not right_country.isEnabled()
    for key in ("name", "title", "organization", "country", "role", "emails", "phones", "beats", "notes",
                "dnc"):
        for side in ("left", "right"):
            assert dialog.grid_host.findChild(QFrame, f"{side}_{key}") is not None, key
    right_emails = dialog.grid_host.findChild(QLabel, "right_emails_value")
    assert right_emails is not None and "jon@home.example" in right_emails.text()
    texts = {b.text().replace("&", "") for b in dialog.buttons.buttons()}
    assert {"Merge into left", "Merge into right", "Not a duplicate", "Skip", "Close"} == texts
    # Nothing merged just by looking.
    assert contact_service.get_contact(window.db, pair[1]).deleted_at is None


def test_take_other_follows_the_picks_and_the_direction() -> None:
    picks = {"name": "left", "title": "right"}
    assert take_other(picks, "left") == {"title"}
    assert take_other(picks, "right") == {"display_name", "given_name", "family_name"}


def test_merge_with_a_field_choice_then_ctrl_z_undoes_it(window: Any, qtbot: Any, pair: tuple[int, int]) -> None:
    dialog = open_dialog(window, qtbot)
    dialog.select_pair(*pair)
    dialog.pick("title", "right")
    qtbot.mouseClick(dialog.merge_left_button, Qt.MouseButton.LeftButton)
    kept = contact_service.get_contact(window.db, pair[0])
    merged = contact_service.get_contact(window.db, pair[1])
    assert kept.display_name == "Jonathan Testperson"  # left by default
    assert kept.title == "Senior Reporter"  # picked from the right
    assert kept.country == "GB"
    assert sorted(e.raw for e in kept.emails) == ["jon@home.example", "jt@quill.example"]
    assert kept.tags == ("climate",)
    assert "climate summit" in kept.notes
    assert merged.deleted_at is not None
    assert pair not in pairs_listed(dialog)
    assert window.undo_stack.count() == 1 and "Merge Jon Testperson into Jonathan" in window.undo_stack.undoText()
    assert "Ctrl+Z" in dialog.status.text()

    dialog.activateWindow()
    dialog.pair_list.setFocus()
    qtbot.keyClick(dialog.pair_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.undo_stack.index() == 0
    kept = contact_service.get_contact(window.db, pair[0])
    assert kept.title == "Reporter" and [e.raw for e in kept.emails] == ["jt@quill.example"]
    assert contact_service.get_contact(window.db, pair[1]).deleted_at is None
    assert pair in pairs_listed(dialog)  # back in the list

    window.undo_stack.redo()  # merges again (a new merge id), and the next undo uses that one
    assert contact_service.get_contact(window.db, pair[1]).deleted_at is not None
    assert contact_service.get_contact(window.db, pair[0]).title == "Senior Reporter"
    window.undo_stack.undo()
    assert contact_service.get_contact(window.db, pair[1]).deleted_at is None


def test_merge_into_right_keeps_the_right_person(window: Any, qtbot: Any, pair: tuple[int, int]) -> None:
    dialog = open_dialog(window, qtbot)
    dialog.select_pair(*pair)
    dialog.merge_right_button.click()  # picks unchanged: left name and title win
    kept = contact_service.get_contact(window.db, pair[1])
    assert kept.deleted_at is None
    assert kept.display_name == "Jonathan Testperson" and kept.title == "Reporter" and kept.country == "GB"
    assert contact_service.get_contact(window.db, pair[0]).deleted_at is not None
    # The main list refreshed: the merged-away person is gone from it.
    window.contacts.search_field.setText("Testperson")
    ids = [window.contacts.model.row_at(r).id for r in range(window.contacts.model.rowCount())]
    assert ids == [pair[1]]


def test_not_a_duplicate_hides_the_pair_and_is_undoable(window: Any, qtbot: Any, pair: tuple[int, int]) -> None:
    dialog = open_dialog(window, qtbot)
    dialog.select_pair(*pair)
    before = len(dialog.candidates)
    dialog.not_duplicate_button.click()
    assert pair not in pairs_listed(dialog)
    assert len(dialog.candidates) == before - 1
    assert pair not in [(c.first_id, c.second_id) for c in duplicate_service.candidates(window.db)]
    assert contact_service.get_contact(window.db, pair[1]).deleted_at is None  # nobody merged
    window.undo_action.trigger()
    assert pair in pairs_listed(dialog)
    window.redo_action.trigger()
    assert pair not in pairs_listed(dialog)


def test_skip_moves_on_without_changing_anything(window: Any, qtbot: Any, pair: tuple[int, int]) -> None:
    dialog = open_dialog(window, qtbot)
    assert len(dialog.candidates) >= 2  # the demo data has its own likely duplicates too
    dialog.select_row(0)
    first = dialog.current_pair()
    dialog.skip_button.click()
    assert dialog.current_row() == 1 and dialog.current_pair() != first
    assert window.undo_stack.count() == 0


def test_finding_runs_off_the_gui_thread_with_a_busy_indicator(window: Any, qtbot: Any, pair: tuple[int, int],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from outreach.gui import worker

    worker.set_synchronous(False)
    gate = threading.Event()
    threads: list[threading.Thread] = []
    real = duplicate_service.candidates

    def slow(db: Any, limit: int = 1000) -> Any:
        threads.append(threading.current_thread())
        gate.wait(10)
        return real(db, limit)

    monkeypatch.setattr(duplicate_service, "candidates", slow)
    try:
        window.duplicates_action.trigger()
        dialog = window.findChild(DuplicatesDialog, "duplicatesDialog")
        assert dialog.busy.isVisibleTo(dialog) and "Looking" in dialog.status.text()
        assert not dialog.merge_left_button.isEnabled()
        QApplication.processEvents()  # the window keeps working meanwhile
        window.contacts.search_field.setText("Testperson")
        assert window.contacts.model.rowCount() == 2
        gate.set()
        qtbot.waitUntil(lambda: bool(dialog.candidates), timeout=10000)
        assert threads and threads[0] is not threading.main_thread()
        assert not dialog.busy.isVisibleTo(dialog)
    finally:
        gate.set()
        worker.wait_for_tasks()
        worker.set_synchronous(True)


def test_a_failing_merge_is_reported_and_nothing_is_pushed(window: Any, qtbot: Any, pair: tuple[int, int],
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           reported_errors: list[BaseException]) -> None:
    dialog = open_dialog(window, qtbot)
    dialog.select_pair(*pair)

    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(duplicate_service, "merge", broken)
    dialog.merge_left_button.click()
    assert [str(e) for e in reported_errors] == ["disk on fire"]
    assert window.undo_stack.count() == 0
    assert dialog.merge_left_button.isEnabled()
    reported_errors.clear()


def tab_chain(start: Any, limit: int = 60) -> list[Any]:
    seen, widget = [], start
    for _ in range(limit):
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            seen.append(widget)
    return seen


def test_the_dialog_works_from_the_keyboard(window: Any, qtbot: Any, pair: tuple[int, int]) -> None:
    dialog = open_dialog(window, qtbot)
    dialog.activateWindow()
    dialog.select_row(0)
    dialog.pair_list.setFocus()
    qtbot.keyClick(dialog.pair_list, Qt.Key.Key_Down)  # arrows move through the pairs
    assert dialog.current_row() == 1
    reached = tab_chain(dialog.pair_list)
    names = {w.objectName() for w in reached}
    assert {"mergeLeftButton", "mergeRightButton", "notDuplicateButton", "skipButton"} <= names
    dialog.select_pair(*pair)
    QApplication.processEvents()  # new rows are shown by a queued call
    reached = tab_chain(dialog.pair_list)
    assert any(w.objectName() == "pick_title_left" for w in reached)  # the field choices too
    for widget in reached:
        assert widget.accessibleName() or getattr(widget, "text", lambda: "")(), widget.objectName()


def test_after_a_decision_the_list_stays_usable_while_it_is_re_read(window: Any, qtbot: Any,
                                                                    pair: tuple[int, int],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from outreach.gui import worker

    dialog = open_dialog(window, qtbot)
    dialog.select_pair(*pair)
    gate = threading.Event()
    real = duplicate_service.candidates
    monkeypatch.setattr(duplicate_service, "candidates", lambda db, limit=1000: gate.wait(10) and real(db, limit))
    worker.set_synchronous(False)
    try:
        dialog.not_duplicate_button.click()
        assert pair not in pairs_listed(dialog)  # at once, not after the re-read
        assert dialog.busy.isVisibleTo(dialog) and dialog.current_pair() is not None
        assert dialog.merge_left_button.isEnabled()  # the next pair can be decided meanwhile
        assert "different people" in dialog.status.text()
        gate.set()
        qtbot.waitUntil(lambda: not dialog.busy.isVisibleTo(dialog), timeout=10000)
        assert pair not in pairs_listed(dialog) and "different people" in dialog.status.text()
    finally:
        gate.set()
        worker.wait_for_tasks()
        worker.set_synchronous(True)


def test_read_only_means_no_duplicates_dialog(window: Any) -> None:
    window.team.read_only = True
    window.duplicates_action.trigger()
    assert window.findChild(DuplicatesDialog, "duplicatesDialog") is None
    assert "read-only" in window.statusBar().currentMessage()
    window.team.read_only = False
