"""The contacts list: SQL-backed model, search as you type, sorting, lazy loading."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QTableView

from outreach.gui.contacts_model import COLUMNS, PAGE, ContactsModel
from outreach.gui.orgs_page import OrgsModel
from outreach.services import contacts as contact_service


def shown_ids(view: QTableView) -> list[int]:
    model = view.model()
    return [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]


def test_contacts_model_passes_the_model_tester(qtmodeltester: Any, db: Any) -> None:
    model = ContactsModel(db)
    qtmodeltester.check(model)
    model.set_search("beat:climate")
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_orgs_model_passes_the_model_tester(qtmodeltester: Any, db: Any) -> None:
    model = OrgsModel()
    model.set_rows(contact_service.list_orgs(db, "", limit=None))
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_window_title_names_the_database(window: Any) -> None:
    assert window.windowTitle() == "Outreach — outreach.db"


def test_first_page_shown_and_status_bar_counts(window: Any) -> None:
    view = window.findChild(QTableView, "contactsView")
    assert view.model().rowCount() == PAGE
    assert window.count_label.text().startswith(f"{PAGE} shown · 300 matching")


def test_search_field_filters_rows_as_you_type(window: Any, db: Any) -> None:
    view = window.findChild(QTableView, "contactsView")
    field = window.findChild(QLineEdit, "searchField")
    first = view.model().index(0, 0).data()
    family = first.split()[-1]
    field.setText(family)  # no debounce: rows are updated when setText returns
    expected = [r.id for r in contact_service.search(db, family)]
    assert shown_ids(view) == expected
    assert 0 < len(expected) < 300
    assert f"{len(expected)} matching" in window.count_label.text()


def test_search_field_understands_field_filters(window: Any, db: Any) -> None:
    view = window.findChild(QTableView, "contactsView")
    field = window.findChild(QLineEdit, "searchField")
    field.setText("beat:climate")
    model = view.model()
    assert model.rowCount() == min(PAGE, contact_service.count(db, "beat:climate"))
    beats = [model.index(r, 3).data() for r in range(model.rowCount())]
    assert beats and all("climate" in b for b in beats)
    field.setText("country:GB role:journalist")
    assert shown_ids(view) == [r.id for r in contact_service.search(db, "country:GB role:journalist")]
    field.setText("")
    assert model.rowCount() == PAGE


def test_sort_by_column_orders_rows_in_sql(window: Any, db: Any) -> None:
    view = window.findChild(QTableView, "contactsView")
    for column, (_title, key) in enumerate(COLUMNS):
        for order, descending in ((Qt.SortOrder.DescendingOrder, True), (Qt.SortOrder.AscendingOrder, False)):
            view.sortByColumn(column, order)
            expected = [r.id for r in contact_service.search(db, "", sort=key, descending=descending)]
            assert shown_ids(view) == expected, (key, descending)


def test_scrolling_down_fetches_the_next_page(window: Any, qtbot: Any) -> None:
    view = window.findChild(QTableView, "contactsView")
    model = view.model()
    assert model.rowCount() == PAGE and model.canFetchMore(view.rootIndex())
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 300)
    assert not model.canFetchMore(view.rootIndex())
    assert len(set(shown_ids(view))) == 300  # no row twice, none missing
    assert "300 shown" in window.count_label.text()


def test_fetch_more_inserts_exactly_the_new_rows(db: Any, qtbot: Any) -> None:
    model = ContactsModel(db)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.fetchMore()
    assert inserted == [(PAGE, 299)]
    assert model.rowCount() == 300


def test_invalid_and_do_not_contact_rows_are_marked(window: Any, db: Any) -> None:
    field = window.findChild(QLineEdit, "searchField")
    view = window.findChild(QTableView, "contactsView")
    field.setText("is:invalid")
    assert view.model().rowCount() > 0
    index = view.model().index(0, 0)
    assert "invalid" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.DecorationRole) is not None


def test_selecting_a_contact_shows_its_details(window: Any, db: Any) -> None:
    view = window.findChild(QTableView, "contactsView")
    view.selectRow(0)
    contact_id = view.model().index(0, 0).data(Qt.ItemDataRole.UserRole)
    detail = contact_service.get_contact(db, contact_id)
    text = window.contacts.detail.toPlainText()
    assert detail.display_name in text
    assert detail.emails[0].raw in text
    assert "1 selected" in window.count_label.text()


def test_phone_column_is_formatted_internationally(window: Any) -> None:
    view = window.findChild(QTableView, "contactsView")
    phones = [view.model().index(r, 5).data() for r in range(view.model().rowCount())]
    assert any(p.startswith("+") and " " in p for p in phones)


def test_organisations_page_lists_orgs_and_their_people(window: Any, db: Any) -> None:
    window.navigation.setCurrentRow(1)
    model = window.orgs.model
    assert model.rowCount() == len(contact_service.list_orgs(db, "", limit=None))
    window.orgs.view.selectRow(0)
    org, people = contact_service.org_with_people(db, model.row_at(0).id)
    text = window.orgs.detail.toPlainText()
    assert org.name in text and f"People ({len(people)})" in text


def test_clicking_a_header_sorts_by_that_column(window: Any, db: Any, qtbot: Any) -> None:
    view = window.findChild(QTableView, "contactsView")
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert header.sortIndicatorSection() == 1
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert shown_ids(view) == [r.id for r in contact_service.search(db, "", sort="org", descending=descending)]
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert shown_ids(view) == [r.id for r in contact_service.search(db, "", sort="org",
                                                                     descending=not descending)]
