"""Charts of the outreach log (QtCharts): the funnel per release, outreach per ISO week and response
rates by outlet and by beat. They follow the system palette: a dark or light chart theme chosen from
the window colour, with the palette's own background and text colours (no hard-coded light colours).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from outreach.services.gui_lists import ChartData
from outreach.services.outreach_log import FunnelRow, RateRow, WeekRow

TOP = 15
WEEKS_SHOWN = 26
LABEL_LENGTH = 24


def _short(text: str, limit: int = LABEL_LENGTH) -> str:
    text = " ".join(text.split()) or "(untitled)"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def apply_palette(chart: QChart, palette: QPalette | None = None) -> None:
    """The palette's background and text colours on a chart whose theme (dark or light) came from it too."""
    palette = palette or QApplication.palette()
    text = palette.color(QPalette.ColorRole.WindowText)
    chart.setBackgroundBrush(palette.brush(QPalette.ColorRole.Base))
    chart.setBackgroundRoundness(0)
    chart.setTitleBrush(text)
    chart.legend().setLabelColor(text)
    grid = palette.color(QPalette.ColorRole.Mid)
    for axis in chart.axes():
        axis.setLabelsColor(text)
        axis.setLinePenColor(grid)
        axis.setGridLineColor(grid)
        axis.setTruncateLabels(False)
    for series in chart.series():
        if isinstance(series, QBarSeries | QHorizontalBarSeries):
            for bars in series.barSets():
                bars.setLabelColor(text)
    chart.setMargins(QMargins(4, 4, 4, 4))
    font = QApplication.font()
    chart.setTitleFont(font)


def _chart(title: str) -> QChart:
    chart = QChart()
    # The theme first: setting it later would reset the series' colours and labels.
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if is_dark() else QChart.ChartTheme.ChartThemeLight)
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _finish(chart: QChart, series: QBarSeries | QHorizontalBarSeries, categories: Sequence[str],
            maximum: float, horizontal: bool = False, percent: bool = False) -> QChart:
    chart.addSeries(series)
    category_axis = QBarCategoryAxis()
    category_axis.append(list(categories))
    value_axis = QValueAxis()
    top = max(maximum if percent else maximum * 1.12, 1)  # room for the value labels
    value_axis.setLabelFormat("%d%%" if percent else "%d")
    if top <= 4:
        # Whole numbers only: five ticks over 0..1 would all be labelled "0" (or "0%").
        value_axis.setRange(0, math.ceil(top))
        value_axis.setTickCount(math.ceil(top) + 1)
    else:
        value_axis.setRange(0, top)
        if not percent:
            value_axis.applyNiceNumbers()
    chart.addAxis(category_axis, Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom if horizontal else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(category_axis)
    series.attachAxis(value_axis)
    apply_palette(chart)
    return chart


def funnel_chart(rows: Sequence[FunnelRow]) -> QChart:
    """Per release: people sent it → who answered → who covered it."""
    chart = _chart("Sent → replied → covered, per release")
    series = QBarSeries()
    for label, attr in (("Sent", "sent"), ("Replied", "replied"), ("Covered", "covered")):
        bars = QBarSet(label)
        bars.append([float(getattr(r, attr)) for r in rows])
        series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    return _finish(chart, series, [_short(r.title, 18) for r in rows], max((r.sent for r in rows), default=0))


def every_week(rows: Sequence[WeekRow]) -> list[WeekRow]:
    """The weeks from the first to the last, quiet weeks as 0 (so the bars keep their spacing in time)."""
    if not rows:
        return []
    counts = {(r.year, r.number): r.count for r in rows}
    day = date.fromisocalendar(rows[0].year, rows[0].number, 1)
    last = date.fromisocalendar(rows[-1].year, rows[-1].number, 1)
    out = []
    while day <= last:
        year, number, _ = day.isocalendar()
        out.append(WeekRow(f"{year}-W{number:02d}", year, number, counts.get((year, number), 0)))
        day += timedelta(days=7)
    return out


def weeks_chart(rows: Sequence[WeekRow]) -> QChart:
    """Outreach (pitched, sent, followed up) per ISO week: the last WEEKS_SHOWN weeks, quiet ones included."""
    shown = every_week(rows)[-WEEKS_SHOWN:]
    chart = _chart("Outreach per week")
    series = QBarSeries()
    bars = QBarSet("Pitched, sent and followed up")
    bars.append([float(r.count) for r in shown])
    series.append(bars)
    chart.legend().setVisible(False)
    return _finish(chart, series, [f"W{r.number:02d}" if i else r.week for i, r in enumerate(shown)],
                   max((r.count for r in shown), default=0))


def top_rates(rows: Sequence[RateRow], limit: int = TOP) -> list[RateRow]:
    """The best responders, most sends first among equal rates."""
    return sorted(rows, key=lambda r: (-r.rate, -r.sent, r.group))[:limit]


def rate_chart(rows: Sequence[RateRow], title: str) -> QChart:
    """Response rate (%) as horizontal bars, the top TOP, best at the top."""
    top = top_rates(rows)
    shown = list(reversed(top))  # a horizontal bar chart draws its first category at the bottom
    chart = _chart(title)
    series = QHorizontalBarSeries()
    bars = QBarSet("Responded (%)")
    bars.append([round(r.rate * 100, 1) for r in shown])
    series.append(bars)
    series.setBarWidth(0.7)
    chart.legend().setVisible(False)
    labels = [f"{_short(r.group)}  {r.rate:.0%} of {r.sent}" for r in shown]
    return _finish(chart, series, labels, 100, horizontal=True, percent=True)


def bar_values(chart: QChart) -> dict[str, list[float]]:
    """Each bar set's values by label (for tests and accessible descriptions)."""
    values: dict[str, list[float]] = {}
    for series in chart.series():
        if isinstance(series, QBarSeries | QHorizontalBarSeries):
            for bars in series.barSets():
                values[bars.label()] = [bars.at(i) for i in range(bars.count())]
    return values


def categories(chart: QChart) -> list[str]:
    for axis in chart.axes():
        if isinstance(axis, QBarCategoryAxis):
            return list(axis.categories())
    return []


class ChartView(QChartView):
    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(180)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def show_chart(self, chart: QChart, empty: bool) -> None:
        old = self.chart()
        if empty:
            chart.setTitle(chart.title() + " — nothing logged yet")
        self.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
        values = bar_values(chart)
        self.setAccessibleDescription("; ".join(
            f"{label}: " + ", ".join(f"{c} {v:g}" for c, v in zip(categories(chart), vals, strict=False))
            for label, vals in values.items()))


class ChartsPanel(QTabWidget):
    """The four charts as tabs (keyboard: Ctrl+Tab / arrows on the tab bar)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chartsPanel")
        self.setAccessibleName("Charts")
        self.setDocumentMode(True)
        self.funnel_view = ChartView("funnelChart", "Funnel per release", self)
        self.weeks_view = ChartView("weeksChart", "Outreach per week", self)
        self.outlet_view = ChartView("outletChart", "Response rate by outlet", self)
        self.beat_view = ChartView("beatChart", "Response rate by beat", self)
        self.addTab(self.funnel_view, "&Funnel")
        self.addTab(self.weeks_view, "Per &week")
        self.addTab(self.outlet_view, "By &outlet")
        self.addTab(self.beat_view, "By &beat")

    def set_data(self, data: ChartData) -> None:
        self.funnel_view.show_chart(funnel_chart(data.funnel), not data.funnel)
        self.weeks_view.show_chart(weeks_chart(data.weeks), not data.weeks)
        self.outlet_view.show_chart(rate_chart(data.by_outlet, f"Response rate by outlet (top {TOP})"),
                                    not data.by_outlet)
        self.beat_view.show_chart(rate_chart(data.by_beat, f"Response rate by beat (top {TOP})"), not data.by_beat)
