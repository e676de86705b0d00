"""Small charts drawn with QPainter, so they look the same on every platform and in PNG exports.

HBarChart: horizontal bars with a label on the left and the value written at the bar's end, an
optional marker for an earlier value (to show change) and optional vertical guide lines (such as
maturity thresholds). Generic: give it Bar rows and a maximum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from svdesk.ui import style


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None          # None = no value (drawn as an empty track with its text)
    text: str = ""               # written after the bar, e.g. "64.3% · Developing"
    color: str | None = None     # default: the primary colour
    previous: float | None = None   # an earlier value, drawn as a dark tick


@dataclass(frozen=True)
class Guide:
    value: float
    label: str


class HBarChart(QWidget):
    ROW = 28
    BAR = 16

    def __init__(self, parent: QWidget | None = None, maximum: float = 1.0,
                 title: str = "", axis_label: str = ""):
        super().__init__(parent)
        self.maximum = maximum
        self.title = title
        self.axis_label = axis_label
        self.bars: list[Bar] = []
        self.guides: list[Guide] = []
        self.legend: list[tuple[str, str]] = []      # (colour, words)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setFocusPolicy(Qt.NoFocus)

    def set_data(self, bars: Sequence[Bar], guides: Sequence[Guide] = (),
                 legend: Sequence[tuple[str, str]] = ()) -> None:
        self.bars = list(bars)
        self.guides = list(guides)
        self.legend = list(legend)
        # Screen readers get the figures as text; the picture alone says nothing to them.
        self.setAccessibleName(self.title or "Bar chart")
        self.setAccessibleDescription("; ".join(f"{b.label}: {b.text}" for b in self.bars))
        self.setToolTip("\n".join(f"{b.label}: {b.text}" for b in self.bars))
        self.updateGeometry()
        self.update()

    def _top(self) -> int:
        return (24 if self.title else 0) + (18 if self.guides else 0)

    def _bottom(self) -> int:
        return (22 if self.axis_label else 4) + (22 if self.legend else 0)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(560, self._top() + self.ROW * max(1, len(self.bars)) + self._bottom() + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, self.sizeHint().height())

    def _x(self, value: float, left: float, width: float) -> float:
        share = 0.0 if self.maximum <= 0 else max(0.0, min(1.0, value / self.maximum))
        return left + share * width

    def paintEvent(self, event):  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        fm = QFontMetrics(self.font())
        text_color = QColor(style.TEXT)
        muted = QColor(style.TEXT_MUTED)
        label_w = min(max((fm.horizontalAdvance(b.label) for b in self.bars), default=60) + 20,
                      int(self.width() * 0.38))
        value_w = max((fm.horizontalAdvance(b.text) for b in self.bars), default=0) + 12
        left = label_w
        width = max(40.0, self.width() - label_w - value_w - 8)
        top = self._top()
        if self.title:
            font = p.font()
            font.setBold(True)
            p.setFont(font)
            p.setPen(text_color)
            p.drawText(QRectF(0, 0, self.width(), 20), Qt.AlignLeft | Qt.AlignVCenter, self.title)
            p.setFont(self.font())
        rows_h = self.ROW * len(self.bars)
        # Guides first, under the bars: a faint line and its label above the plot.
        small = p.font()
        small.setPixelSize(11)
        small_fm = QFontMetrics(small)
        guides = sorted(self.guides, key=lambda g: g.value)
        for i, g in enumerate(guides):
            x = self._x(g.value, left, width)
            p.setPen(QPen(QColor(style.BORDER), 1, Qt.DashLine))
            p.drawLine(int(x), top, int(x), top + rows_h)
            # A label only where it fits before the next guide, never overlapping it.
            room = (self._x(guides[i + 1].value, left, width) if i + 1 < len(guides)
                    else self.width()) - x - 6
            if small_fm.horizontalAdvance(g.label) <= room:
                p.setFont(small)
                p.setPen(muted)
                p.drawText(QRectF(x + 3, top - 18, room, 16), Qt.AlignLeft | Qt.AlignVCenter,
                           g.label)
                p.setFont(self.font())
        for i, bar in enumerate(self.bars):
            y = top + i * self.ROW
            bar_y = y + (self.ROW - self.BAR) / 2
            p.setPen(text_color)
            label = fm.elidedText(bar.label, Qt.ElideRight, label_w - 12)
            p.drawText(QRectF(0, y, label_w - 12, self.ROW), Qt.AlignRight | Qt.AlignVCenter,
                       label)
            p.setPen(Qt.NoPen)
            p.setBrush(QColor("#eef1f3"))
            p.drawRoundedRect(QRectF(left, bar_y, width, self.BAR), 3, 3)
            end = left
            if bar.value is not None:
                end = self._x(bar.value, left, width)
                p.setBrush(QColor(bar.color or style.PRIMARY))
                if end - left >= 1:
                    p.drawRoundedRect(QRectF(left, bar_y, end - left, self.BAR), 3, 3)
            if bar.previous is not None:
                x = self._x(bar.previous, left, width)
                p.setPen(QPen(QColor(style.TEXT), 3))
                p.drawLine(int(x), int(bar_y - 3), int(x), int(bar_y + self.BAR + 3))
            p.setPen(text_color if bar.value is not None else muted)
            p.drawText(QRectF(left + width + 8, y, value_w, self.ROW),
                       Qt.AlignLeft | Qt.AlignVCenter, bar.text)
        y = top + rows_h + 4
        if self.axis_label:
            p.setPen(muted)
            p.setFont(small)
            p.drawText(QRectF(left, y, width, 18), Qt.AlignLeft | Qt.AlignVCenter,
                       self.axis_label)
            y += 22
        if self.legend:
            x = left
            p.setFont(small)
            for colour, words in self.legend:
                p.setPen(Qt.NoPen)
                p.setBrush(QColor(colour))
                p.drawRect(QRectF(x, y + 4, 12, 12))
                p.setPen(text_color)
                p.drawText(QRectF(x + 16, y, 300, 20), Qt.AlignLeft | Qt.AlignVCenter, words)
                x += 16 + QFontMetrics(small).horizontalAdvance(words) + 20
        p.end()
