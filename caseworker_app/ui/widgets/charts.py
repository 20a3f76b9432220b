"""Small QtCharts views for the Backlog screen: reviews completed (bars) and backlog (line).

Built to read at 1366x768 in a panel about 600 by 260 pixels: no animation, no legend for a
single series, dates on the x axis as "Nov 26" (month and two-digit year) and only at month
starts, so the labels never collide however many weeks are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

BAR_COLOUR = QColor("#1d4f91")  # the selection blue of the style sheet
LINE_COLOUR = QColor("#b3261e")  # the overdue red


def month_label(day: date) -> str:
    """"Nov 26": short month and two-digit year, the same in every locale."""
    return f"{day:%b} {day:%y}"


class _ChartView(QChartView):
    """A chart view styled for the app: plain background, readable fonts, antialiased."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setTitle(title)
        title_font = QFont(chart.titleFont())
        title_font.setPointSizeF(10.5)
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.legend().hide()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 4, 8, 4))
        chart.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        chart.setLocalizeNumbers(True)  # 28,824 rather than 28824
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumSize(320, 200)
        self.setAccessibleName(title)

    def _clear(self) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)

    def _value_axis(self, top: int) -> QValueAxis:
        axis = QValueAxis()
        axis.setRange(0, max(4, top * 1.08))
        axis.setTickCount(5)
        axis.applyNiceNumbers()  # round steps (0, 200, 400, ...) just above the top value
        axis.setLabelFormat("%.0f")
        axis.setLabelsFont(self._small_font())
        axis.setGridLineColor(QColor("#e3e6ea"))
        self.chart().addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        return axis

    def _month_axis(self, week_starts: Sequence[date]) -> QCategoryAxis:
        """An x axis over week numbers 0..n-1, labelled "Nov 26" at each month's first week
        (a month whose first week is cut off at the left edge is not named)."""
        axis = QCategoryAxis()
        axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis.setRange(-0.5, len(week_starts) - 0.5)
        axis.setLabelsFont(self._small_font())
        axis.setGridLineColor(QColor("#eef1f5"))
        axis.setStartValue(-0.5)
        for index, start in enumerate(week_starts):
            if start.day <= 7:
                axis.append(month_label(start), index)
        return axis

    def _small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(8.5)
        return font


class CompletedChart(_ChartView):
    """Reviews completed: one bar a week, or one a month."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Reviews completed", parent)
        self._bars = QBarSet("Completed")

    @property
    def bars(self) -> QBarSet:
        """The bars shown (one value per week or month)."""
        return self._bars

    def show_weeks(self, week_starts: Sequence[date], counts: Sequence[int]) -> None:
        """One bar per week; the axis names each month at its first week."""
        self.chart().setTitle("Reviews completed each week")
        series = self._series(counts)
        self._attach(series, self._month_axis(week_starts), counts)

    def show_months(self, month_starts: Sequence[date], counts: Sequence[int]) -> None:
        """One bar per month, each labelled."""
        self.chart().setTitle("Reviews completed each month")
        series = self._series(counts)
        axis = QBarCategoryAxis()
        axis.append([month_label(m) for m in month_starts])
        axis.setLabelsFont(self._small_font())
        axis.setGridLineVisible(False)
        self._attach(series, axis, counts)

    def _series(self, counts: Sequence[int]) -> QBarSeries:
        self._clear()
        self._bars = QBarSet("Completed")
        self._bars.setColor(BAR_COLOUR)
        self._bars.setBorderColor(BAR_COLOUR)
        self._bars.append([float(c) for c in counts])
        series = QBarSeries()
        series.setBarWidth(0.8)
        series.append(self._bars)
        return series

    def _attach(self, series: QBarSeries, x_axis, counts: Sequence[int]) -> None:
        chart = self.chart()
        chart.addSeries(series)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(x_axis)
        series.attachAxis(self._value_axis(max(counts, default=0)))


class BacklogChart(_ChartView):
    """Overdue reviews at the end of each week, as a line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Overdue reviews, end of each week", parent)
        self._line = QLineSeries()

    @property
    def line(self) -> QLineSeries:
        """The line shown (one point per week)."""
        return self._line

    def show_backlog(self, week_starts: Sequence[date], sizes: Sequence[int]) -> None:
        """Plot `sizes[i]` at week i; the x axis names months as "Nov 26"."""
        self._clear()
        chart = self.chart()
        self._line = QLineSeries()
        self._line.setPen(QPen(LINE_COLOUR, 2))
        self._line.setPointsVisible(len(sizes) <= 30)
        for index, size in enumerate(sizes):
            self._line.append(float(index), float(size))
        chart.addSeries(self._line)
        axis = self._month_axis(week_starts)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        self._line.attachAxis(axis)
        self._line.attachAxis(self._value_axis(max(sizes, default=0)))
