"""Small, readable charts drawn with QPainter (no chart library): few series, labelled values.

BarChart: horizontal bars with a label on the left and the value at the end of each bar, for
scores per section or shares of spend; optionally an earlier value marked on each bar (to show
change), dashed guide lines (such as thresholds), an axis note and a legend.
ColumnChart: vertical columns per category (months), optionally stacked by series with a legend.
Colours come from style.SERIES so the same thing is always the same colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QMetaMethod, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from svdesk.ui import style


@dataclass
class Bar:
    label: str
    value: float | None  # None: no value (an empty track, with its text)
    text: str = ""  # shown at the end of the bar; the value when blank
    colour: str = style.PRIMARY
    previous: float | None = None  # an earlier value, drawn as a dark mark across the bar


@dataclass
class Guide:
    """A dashed vertical line at a value, labelled above the bars where the label fits."""

    value: float
    label: str


class BarChart(QWidget):
    """Horizontal bars. maximum fixes the scale (e.g. 100 for percentages). clicked gives the
    index of a bar clicked, for charts whose bars open what is behind them."""

    clicked = Signal(int)

    def __init__(
        self,
        bars: list[Bar] | None = None,
        maximum: float | None = None,
        title: str = "",
        parent: QWidget | None = None,
        axis_label: str = "",
    ):
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.guides: list[Guide] = []
        self.legend: list[tuple[str, str]] = []  # (colour, words)
        self.maximum = maximum
        self.title = title
        self.axis_label = axis_label
        self.bar_height = 22
        self.gap = 10
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.set_bars(bars or [])

    def set_bars(self, bars: list[Bar], guides: list[Guide] = (), legend: list[tuple[str, str]] = ()) -> None:
        self.bars = list(bars)
        self.guides = sorted(guides, key=lambda g: g.value)
        self.legend = list(legend)
        self.setAccessibleName(self.title or "Bar chart")
        self.setAccessibleDescription("; ".join(f"{b.label}: {b.text or b.value}" for b in bars))
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def _top(self) -> int:
        return (28 if self.title else 0) + (18 if self.guides else 0)

    def bar_at(self, y: float) -> int | None:
        """The index of the bar (with the gap around it) at height y, or None."""
        row = (y - self._top()) // (self.bar_height + self.gap)
        return int(row) if y >= self._top() and row < len(self.bars) else None

    def showEvent(self, event):  # noqa: N802 (Qt naming)
        if self.isSignalConnected(QMetaMethod.fromSignal(self.clicked)):
            self.setMouseTracking(True)  # a pointing hand over the bars that open something
        super().showEvent(event)

    def mouseMoveEvent(self, event):  # noqa: N802 (Qt naming)
        over = self.bar_at(event.position().y()) is not None
        self.setCursor(Qt.PointingHandCursor if over else Qt.ArrowCursor)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event):  # noqa: N802 (Qt naming)
        if event.button() == Qt.LeftButton:
            index = self.bar_at(event.position().y())
            if index is not None:
                self.clicked.emit(index)
        super().mouseReleaseEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802
        below = (22 if self.axis_label else 0) + (24 if self.legend else 0)
        return QSize(480, self._top() + len(self.bars) * (self.bar_height + self.gap) + self.gap + below)

    def paintEvent(self, _event):  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        metrics = QFontMetrics(self.font())
        top = 0
        if self.title:
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(QColor(style.TEXT))
            # cut short with "…" in a narrow window (the full title is its accessible name)
            painter.drawText(0, 18, QFontMetrics(bold).elidedText(self.title, Qt.ElideRight, self.width()))
            painter.setFont(self.font())
            top = 28
        if not self.bars:
            painter.setPen(QColor(style.TEXT_MUTED))
            painter.drawText(0, top + 18, "Nothing to show yet")
            return
        top = self._top()
        label_width = min(
            max(metrics.horizontalAdvance(b.label) for b in self.bars) + 20, int(self.width() * 0.4)
        )
        value_width = max(metrics.horizontalAdvance(b.text or f"{b.value or 0:g}") for b in self.bars) + 12
        track = max(10, self.width() - label_width - value_width)
        maximum = self.maximum or max((b.value or 0 for b in self.bars), default=1) or 1

        def x_of(value: float) -> float:
            return label_width + track * max(0.0, min(1.0, value / maximum))

        rows_bottom = top + len(self.bars) * (self.bar_height + self.gap)
        small = QFont(self.font())
        small.setPixelSize(11)
        small_metrics = QFontMetrics(small)
        for i, guide in enumerate(self.guides):
            x = x_of(guide.value)
            painter.setPen(QPen(QColor(style.BORDER), 1, Qt.DashLine))
            painter.drawLine(int(x), top, int(x), rows_bottom)
            room = (x_of(self.guides[i + 1].value) if i + 1 < len(self.guides) else self.width()) - x - 6
            # A label only where it fits before the next guide (else its last word, "40%").
            fitting = [
                text
                for text in (guide.label, guide.label.split()[-1])
                if small_metrics.horizontalAdvance(text) <= room
            ]
            if fitting:
                painter.setFont(small)
                painter.setPen(QColor(style.TEXT_MUTED))
                painter.drawText(
                    QRectF(x + 3, top - 18, room, 16), Qt.AlignLeft | Qt.AlignVCenter, fitting[0]
                )
                painter.setFont(self.font())
        for i, bar in enumerate(self.bars):
            y = top + self.gap // 2 + i * (self.bar_height + self.gap)
            painter.setPen(QColor(style.TEXT))
            label = metrics.elidedText(bar.label, Qt.ElideRight, label_width - 12)
            painter.drawText(
                QRectF(0, y, label_width - 8, self.bar_height), Qt.AlignRight | Qt.AlignVCenter, label
            )
            painter.fillRect(QRectF(label_width, y, track, self.bar_height), QColor("#edf0f2"))
            length = 0.0
            if bar.value is not None:
                length = x_of(bar.value) - label_width
                painter.fillRect(QRectF(label_width, y, length, self.bar_height), QColor(bar.colour))
            if bar.previous is not None:
                x = x_of(bar.previous)
                painter.setPen(QPen(QColor(style.TEXT), 3))
                painter.drawLine(int(x), int(y - 3), int(x), int(y + self.bar_height + 3))
            painter.setPen(QColor(style.TEXT if bar.value is not None else style.TEXT_MUTED))
            text_x = label_width + (length if bar.previous is None else track) + 6
            painter.drawText(
                QRectF(text_x, y, value_width, self.bar_height),
                Qt.AlignLeft | Qt.AlignVCenter,
                bar.text or f"{bar.value:g}",
            )
        y = rows_bottom + 4
        if self.axis_label:
            painter.setFont(small)
            painter.setPen(QColor(style.TEXT_MUTED))
            painter.drawText(
                QRectF(label_width, y, track, 16), Qt.AlignLeft | Qt.AlignVCenter, self.axis_label
            )
            y += 22
        if self.legend:
            x = float(label_width)
            painter.setFont(small)
            for colour, words in self.legend:
                painter.fillRect(QRectF(x, y + 4, 12, 12), QColor(colour))
                painter.setPen(QColor(style.TEXT))
                painter.drawText(QRectF(x + 16, y, 400, 20), Qt.AlignLeft | Qt.AlignVCenter, words)
                x += 16 + small_metrics.horizontalAdvance(words) + 20


@dataclass
class Series:
    name: str
    values: list[float]
    colour: str


@dataclass
class ColumnData:
    categories: list[str]
    series: list[Series] = field(default_factory=list)
    value_format: str = "{:,.0f}"


class ColumnChart(QWidget):
    """Vertical columns per category; several series are stacked, with a legend."""

    def __init__(
        self,
        data: ColumnData | None = None,
        title: str = "",
        y_label: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.data = data or ColumnData([])
        self.title = title
        self.y_label = y_label
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)

    def set_data(self, data: ColumnData) -> None:
        self.data = data
        totals = self._totals()
        self.setAccessibleName(self.title or "Column chart")
        self.setAccessibleDescription(
            "; ".join(
                f"{c}: {self.data.value_format.format(t)}"
                for c, t in zip(data.categories, totals, strict=True)
            )
        )
        self.update()

    def _totals(self) -> list[float]:
        n = len(self.data.categories)
        return [sum(s.values[i] for s in self.data.series if i < len(s.values)) for i in range(n)]

    def paintEvent(self, _event):  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        metrics = QFontMetrics(self.font())
        width, height = self.width(), self.height()
        top = 8
        if self.title:
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(QColor(style.TEXT))
            painter.drawText(0, 18, self.title)
            painter.setFont(self.font())
            top = 32
        legend_height = 24 if len(self.data.series) > 1 else 0
        bottom = height - metrics.height() - 8 - legend_height
        left = 8
        totals = self._totals()
        if not totals or max(totals) <= 0:
            painter.setPen(QColor(style.TEXT_MUTED))
            painter.drawText(left, top + 20, "Nothing to show yet")
            return
        maximum = max(totals)
        plot_height = max(20, bottom - top - metrics.height() - 4)
        n = len(self.data.categories)
        slot = (width - left) / n
        column = min(48.0, slot * 0.7)
        painter.setPen(QPen(QColor(style.BORDER)))
        painter.drawLine(left, bottom, width, bottom)
        for i, category in enumerate(self.data.categories):
            x = left + i * slot + (slot - column) / 2
            y = bottom
            for series in self.data.series:
                value = series.values[i] if i < len(series.values) else 0
                h = plot_height * value / maximum
                painter.fillRect(QRectF(x, y - h, column, h), QColor(series.colour))
                y -= h
            painter.setPen(QColor(style.TEXT))
            if totals[i] > 0 and metrics.horizontalAdvance("0000") < slot:
                text = self.data.value_format.format(totals[i])
                painter.drawText(
                    QRectF(x - slot / 2, y - metrics.height() - 2, column + slot, metrics.height()),
                    Qt.AlignCenter,
                    text,
                )
            painter.setPen(QColor(style.TEXT_MUTED))
            painter.drawText(
                QRectF(left + i * slot, bottom + 4, slot, metrics.height()),
                Qt.AlignHCenter | Qt.AlignTop,
                metrics.elidedText(category, Qt.ElideRight, int(slot)),
            )
        if legend_height:
            x = left
            y = height - legend_height + 6
            for series in self.data.series:
                painter.fillRect(QRectF(x, y, 12, 12), QColor(series.colour))
                painter.setPen(QColor(style.TEXT))
                painter.drawText(int(x + 16), int(y + 11), series.name)
                x += 16 + metrics.horizontalAdvance(series.name) + 20
