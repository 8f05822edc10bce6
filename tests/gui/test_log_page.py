"""Outreach log page: logging for a list fills the status board; follow-ups after N days; the filters;
the charts' series values; the embargo in each member's time; the contact timeline with Log…; Export
Data… and Erase… (asks, names the person, then erases)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCharts import QBarSeries, QHorizontalBarSeries
from PySide6.QtWidgets import QMessageBox

from outreach.gui.charts import bar_values, categories, is_dark
from outreach.gui.log_page import LogDialog, LogPage, StatusBoardWidget
from outreach.services import contacts as contact_service
from outreach.services import lists as list_service
from outreach.services import outreach_log as log_service
from outreach.store import releases as release_store
from outreach.store.errors import NotFoundError


def make_release(db: Any, title: str = "Heat report", embargo: datetime | None = None) -> int:
    with db.session() as session:
        return int(release_store.create_release(session, title=title, embargo_at=embargo))


def open_page(window: Any) -> LogPage:
    window.navigation.setCurrentRow(4)
    page = window.log_page
    assert page.isVisible() and page.view.objectName() == "outreachLogView"
    return page


def climate_list(db: Any, release: int | None) -> list_service.ResolvedList:
    return list_service.create(db, "climate", release_id=release, query="beat:climate")


def test_logging_sent_for_a_list_creates_events_and_the_status_board_counts_them(window: Any, db: Any) -> None:
    release = make_release(db)
    resolved = climate_list(db, release)
    page = open_page(window)
    board = page.findChild(StatusBoardWidget, "statusBoard")
    assert page.board_release.currentData() == release  # the release with a send-list is chosen
    assert board.counts == {"not_sent": len(resolved.members), "excluded": len(resolved.excluded)}
    dialog = page.log_for_list()
    assert isinstance(dialog, LogDialog) and dialog.list_combo.currentText() == "climate"
    dialog.kind.setCurrentIndex(dialog.kind.findData("sent"))
    dialog.note.setText("first wave")
    dialog.log_button.click()
    events = log_service.events(db, release_id=release)
    assert len(events) == len(resolved.members) and {e.kind for e in events} == {"sent"}
    assert f"for {len(resolved.members)} member(s)" in page.status.text()
    assert board.counts == {"sent": len(resolved.members), "excluded": len(resolved.excluded)}
    assert f"<b>{len(resolved.members)}</b> sent" in board.counts_label.text()
    assert page.events_model.rowCount() == len(resolved.members)
    statuses = {board.model.index(r, 2).data() for r in range(board.model.rowCount())}
    assert statuses == {"sent", "excluded"}


def test_follow_ups_appear_after_n_days(window: Any, db: Any) -> None:
    release = make_release(db)
    resolved = climate_list(db, release)
    ann, bo = resolved.members[0].id, resolved.members[1].id
    now = datetime.now(UTC)
    log_service.log(db, ann, "sent", release_id=release, when=now - timedelta(days=9))
    log_service.log(db, bo, "sent", release_id=release, when=now - timedelta(days=9))
    log_service.log(db, bo, "replied", release_id=release, when=now - timedelta(days=8))
    page = open_page(window)
    page.days.setValue(5)
    assert [r.contact_id for r in page.follow_model.rows] == [ann]  # bo answered
    assert page.follow_model.index(0, 4).data() == "9"
    assert "(1)" in page.tabs.tabText(1)
    page.follow_view.setCurrentIndex(page.follow_model.index(0, 0))
    dialog = page.log_follow_up()
    assert dialog.kind.currentData() == "followed_up" and dialog.release.currentData() == release
    dialog.log_button.click()
    assert page.follow_model.rowCount() == 0  # just followed up: the wait starts again
    assert "Logged followed up for" in page.status.text()
    page.days.setValue(0)
    assert [r.contact_id for r in page.follow_model.rows] == [ann]
    page.days.setValue(10)
    assert page.follow_model.rowCount() == 0


def test_filters_by_release_and_kind(window: Any, db: Any) -> None:
    one, two = make_release(db, "One"), make_release(db, "Two")
    [a, b] = [r.id for r in contact_service.search(db, "", limit=2)]
    log_service.log(db, a, "sent", release_id=one)
    log_service.log(db, a, "replied", release_id=one)
    log_service.log(db, b, "sent", release_id=two)
    page = open_page(window)
    assert page.events_model.rowCount() == 3
    page.release_filter.setCurrentIndex(page.release_filter.findData(one))
    assert {e.release_id for e in page.events_model.rows} == {one} and page.events_model.rowCount() == 2
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("replied"))
    assert [(e.contact_id, e.kind) for e in page.events_model.rows] == [(a, "replied")]


def test_the_charts_show_the_logged_numbers(window: Any, db: Any) -> None:
    release = make_release(db)
    resolved = climate_list(db, release)
    log_service.log_for_list(db, "climate", "sent")
    first = resolved.members[0]
    log_service.log(db, first.id, "replied", release_id=release)
    log_service.log(db, first.id, "covered", release_id=release, url="https://example.org/story")
    page = open_page(window)
    funnel = page.charts.funnel_view.chart()
    n = float(len(resolved.members))
    assert bar_values(funnel) == {"Sent": [n], "Replied": [1.0], "Covered": [1.0]}
    assert categories(funnel) == ["Heat report"]
    weeks = page.charts.weeks_view.chart()
    assert isinstance(weeks.series()[0], QBarSeries)
    assert sum(next(iter(bar_values(weeks).values()))) == n
    outlet = page.charts.outlet_view.chart()
    assert isinstance(outlet.series()[0], QHorizontalBarSeries)
    values = bar_values(outlet)["Responded (%)"]
    [best] = [r for r in log_service.response_rate_by_outlet(db) if r.responded]
    assert len(values) == 15 and values[-1] == round(best.rate * 100, 1) > 0  # the best at the top
    assert categories(outlet)[-1].startswith(best.group[:20]) and best.group == first.organization
    assert categories(outlet)[-1].endswith(f"{best.rate:.0%} of {best.sent}")
    beat = page.charts.beat_view.chart()
    assert any(c.startswith("climate  ") for c in categories(beat))
    assert funnel.backgroundBrush().color() == page.palette().base().color()
    assert not is_dark(page.palette()) or funnel.theme() != funnel.theme().ChartThemeLight


def test_the_embargo_is_shown_in_each_members_local_time(window: Any, db: Any) -> None:
    release = make_release(db, embargo=datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
    climate_list(db, release)
    expected = {r.contact_id: r.local for r in log_service.embargo_times(db, release)}
    page = open_page(window)
    board = page.board
    assert not board.view.isColumnHidden(4)
    shown = {board.model.rows[r].id: board.model.index(r, 4).data() for r in range(board.model.rowCount())}
    assert all(shown[cid] == local for cid, local in expected.items())
    assert any(local.endswith(("GMT", "CET", "EST", "PST", "UTC", "JST", "AEDT")) for local in expected.values())


def test_every_model_passes_the_model_tester(qtmodeltester: Any, window: Any, db: Any) -> None:
    release = make_release(db)
    climate_list(db, release)
    log_service.log_for_list(db, "climate", "sent", when=datetime.now(UTC) - timedelta(days=30))
    page = open_page(window)
    for model in (page.events_model, page.follow_model, page.board.model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_the_timeline_shows_events_and_logs_for_the_person(window: Any, db: Any) -> None:
    release = make_release(db)
    window.contacts.view.selectRow(0)
    [cid] = window.contacts.selected_ids()
    detail = window.contacts.detail
    assert "Nothing logged yet" in detail.toPlainText()
    bar = detail.person_bar
    assert bar.isVisible() and bar.contact_id == cid
    bar.log_button.click()
    dialog = window.person_actions.dialog
    assert isinstance(dialog, LogDialog) and dialog.contact_id == cid
    dialog.kind.setCurrentIndex(dialog.kind.findData("covered"))
    assert dialog.url.isEnabled()
    dialog.release.setCurrentIndex(dialog.release.findData(release))
    dialog.url.setText("https://example.org/heat")
    dialog.note.setText("front page")
    dialog.log_button.click()
    [event] = log_service.timeline(db, cid)
    assert (event.kind, event.release_id, event.url, event.notes) == ("covered", release, "https://example.org/heat",
                                                                       "front page")
    text = detail.toPlainText()
    assert "Outreach (1)" in text and "covered" in text and "Heat report" in text and "front page" in text


def test_export_everything_held_writes_json(window: Any, db: Any, tmp_path: Path) -> None:
    window.contacts.view.selectRow(0)
    [cid] = window.contacts.selected_ids()
    target = tmp_path / "person.json"
    window.person_actions.export_person(cid, "X", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["contact"]["id"] == cid and "events" in data


def test_erase_asks_naming_the_person_and_then_removes_them(window: Any, db: Any) -> None:
    window.contacts.view.selectRow(0)
    [cid] = window.contacts.selected_ids()
    name = contact_service.get_contact(db, cid).display_name
    bar = window.contacts.detail.person_bar
    bar.erase_button.click()
    box = window.findChild(QMessageBox, "erasePersonConfirm")
    assert name in box.text() and "cannot be undone" in box.informativeText()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert contact_service.get_contact(db, cid).id == cid
    box = window.person_actions.erase_person(cid, name)
    next(b for b in box.buttons() if b.objectName() == "confirmEraseButton").click()
    try:
        contact_service.get_contact(db, cid)
    except NotFoundError:
        pass
    else:
        raise AssertionError("the person is still there")
    assert cid not in [r.id for r in contact_service.search(db, "", limit=400)]
    assert f"Erased {name}" in window.statusBar().currentMessage()


def test_value_axes_label_each_tick_once_when_the_numbers_are_small(window: Any, db: Any) -> None:
    from PySide6.QtCharts import QValueAxis

    from outreach.gui.charts import funnel_chart
    from outreach.services.outreach_log import FunnelRow

    page = open_page(window)  # nothing logged yet: an axis from 0 to 1
    small = funnel_chart([FunnelRow(release_id=1, title="One", sent=3, replied=1, covered=0)])
    for chart in (page.charts.funnel_view.chart(), small):
        axis = next(a for a in chart.axes() if isinstance(a, QValueAxis))
        steps = axis.tickCount() - 1
        ticks = [axis.min() + n * (axis.max() - axis.min()) / steps for n in range(steps + 1)]
        labels = [str(round(t)) for t in ticks]
        assert all(t == round(t) for t in ticks) and len(set(labels)) == len(labels), ticks
