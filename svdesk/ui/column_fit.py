"""Tables whose columns fit the width they are shown at (issue 20.4).

Columns sized to their contents could add up to more than the table's width, hiding the last
columns behind a scroll bar at 1280 px. While the user has not dragged a column's edge, the
widest columns give up width (down to what their heading needs) until every column shows; the
cut-off text ends in "…" and the whole of it is one double-click (the row's dialog) away.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableView

SHORT = 100  # a column this narrow is left alone; wider ones give way down to it ...
HEADING = 140  # ... or to their heading's width, up to this
MINIMUM = 48  # when that is not enough, no column is made narrower than its heading or this
NAME = 150  # ... and the first column, which names the row, keeps this much of its text
PADDING = 14  # a heading's margins, bold text and sort arrow beside its text's width


def _cuts(widths: dict[int, int], floors: dict[int, int], excess: int) -> dict[int, int]:
    """How much each column gives up, in proportion to what it can give (down to its floor);
    the pixels rounding leaves over go to the columns with most to give."""
    spare = {i: max(0, widths[i] - floors[i]) for i in widths}
    total = sum(spare.values())
    take = min(excess, total)
    if take <= 0:
        return {i: 0 for i in widths}
    cut = {i: take * spare[i] // total for i in widths}
    for i in sorted(widths, key=lambda i: spare[i] - cut[i], reverse=True):
        if sum(cut.values()) >= take:
            break
        if cut[i] < spare[i]:
            cut[i] += 1
    return cut


def squeeze(view: QTableView) -> None:
    """Narrow the widest columns so that all of them fit the view's width."""
    header = view.horizontalHeader()
    count = header.count()
    room = view.viewport().width()
    if count == 0 or room <= 0:
        return
    shown = [i for i in range(count) if not header.isSectionHidden(i)]
    widths = {i: header.sectionSize(i) for i in shown}
    if sum(widths.values()) <= room:
        return
    bold = QFont(header.font())
    bold.setBold(True)  # the style sheet sets headings in bold: measure them so
    metrics = QFontMetrics(bold)
    model = view.model()

    def heading(i: int) -> int:
        title = str(model.headerData(i, header.orientation()) or "") if model else ""
        return metrics.horizontalAdvance(title)

    # first only long text gives way (short columns - dates, amounts, codes - keep their
    # width, and the first column keeps enough to name the row) ...
    first = {
        i: widths[i] if widths[i] <= SHORT else min(widths[i], max(SHORT, min(HEADING, heading(i) + 28)))
        for i in shown
    }
    first[shown[0]] = min(widths[shown[0]], max(first[shown[0]], NAME))
    # then every column down to what its heading needs, the first (which names the row) last
    second = {i: min(widths[i], max(NAME if i == shown[0] else MINIMUM, heading(i) + PADDING)) for i in shown}
    third = {**second, shown[0]: min(widths[shown[0]], max(SHORT, heading(shown[0]) + PADDING))}
    for floors in (first, second, third):
        excess = sum(widths.values()) - room
        if excess <= 0:
            break
        cut = _cuts(widths, floors, excess)
        widths = {i: widths[i] - cut[i] for i in shown}
    view._svdesk_squeezing = True
    try:
        for i in shown:
            if widths[i] != header.sectionSize(i):
                header.resizeSection(i, widths[i])
    finally:
        view._svdesk_squeezing = False


class _Fitter(QObject):
    def __init__(self, view: QTableView):
        super().__init__(view)
        self.view = view
        self.user_adjusted = False
        self.pending = False
        view.viewport().installEventFilter(self)
        view.horizontalHeader().viewport().installEventFilter(self)
        # columns fitted to newly read rows: squeeze again (not the squeeze's own resizes)
        view.horizontalHeader().sectionResized.connect(
            lambda *_: None if getattr(view, "_svdesk_squeezing", False) else self._later()
        )

    def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.MouseButtonPress and obj is self.view.horizontalHeader().viewport():
            self.user_adjusted = True  # dragging an edge: the user's widths from now on
        elif kind == QEvent.Resize and obj is self.view.viewport():
            self._later()
        return False

    def _later(self) -> None:
        if not self.pending and not self.user_adjusted:
            self.pending = True
            QTimer.singleShot(0, self._squeeze)

    def _squeeze(self) -> None:
        import shiboken6

        self.pending = False
        if shiboken6.isValid(self.view) and not self.user_adjusted:
            squeeze(self.view)


def fit_to_width(view: QTableView) -> None:
    """Keep the view's columns within its width whenever it is shown or resized."""
    if getattr(view, "_svdesk_fitter", None) is None:
        view._svdesk_fitter = _Fitter(view)
    view._svdesk_fitter._later()  # the widths just fitted or restored, at today's width
