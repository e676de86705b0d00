"""The Dashboard's social value row: this financial year's values, commitments and evidence for
the whole organisation, counted off the GUI thread; each card opens Figures & commitments."""

from __future__ import annotations

from datetime import date

from shiboken6 import Shiboken
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from svdesk.calc.periods import financial_year
from svdesk.formatting import format_money, format_percent
from svdesk.progress import Progress
from svdesk.services.measures_overview import Overview, measures_overview
from svdesk.services.organisation import get_organisation
from svdesk.ui.widgets import Card, label
from svdesk.ui.worker import Worker
from svdesk.ui.worker import start as start_worker


class MeasureCards(QWidget):
    """Four cards; open_figures is emitted when one is clicked. attention() lists commitments
    that are behind or at risk once counted."""

    open_figures = Signal()
    counted = Signal()

    def __init__(self, store, parent: QWidget | None = None, today: date | None = None,
                 synchronous: bool = False):
        super().__init__(parent)
        self.store, self.today, self.synchronous = store, today, synchronous
        self.overview: Overview | None = None
        self._workers: list = []
        self._generation = 0
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.title = label("Social value this year", "SectionTitle")
        box.addWidget(self.title)
        grid = QGridLayout()
        grid.setSpacing(16)
        self.social = Card("…", "Social value")
        self.local = Card("…", "Local economic value")
        self.commitments = Card("…", "Commitments on track")
        self.evidence = Card("…", "Backed by evidence")
        for i, card in enumerate((self.social, self.local, self.commitments, self.evidence)):
            card.clicked.connect(self.open_figures)
            card.setToolTip("Open Figures & commitments")
            grid.addWidget(card, 0, i)
        box.addLayout(grid)

    def refresh(self) -> None:
        org = get_organisation(self.store)
        today = self.today or date.today()
        year = financial_year(today, org.year_start_month if org else 4)
        self.title.setText(f"Social value, {year.label} so far")
        self._generation += 1
        generation, store = self._generation, self.store
        if self.synchronous:
            self._show(measures_overview(store, None, year.start, year.end, today))
            return

        def job(_cancel):
            yield Progress(0, None, "Counting figures…")
            return measures_overview(store, None, year.start, year.end, today)

        worker = Worker(job)
        worker.signals.result.connect(
            lambda o: self._show(o) if generation == self._generation else None)
        worker.signals.finished.connect(lambda: self._workers.remove(worker))
        self._workers.append(worker)
        start_worker(worker)

    def _show(self, o: Overview) -> None:
        if not Shiboken.isValid(self.social):
            return  # the count finished after the window closed: nothing left to update
        self.overview = o
        t = o.totals
        for card, pence, what in ((self.social, t.social_pence, "skills, community and volunteering"),
                                  (self.local, t.local_economic_pence, "local jobs and spend")):
            if pence is None:
                card.set_value("—", "No valued figures yet: add proxy values")
            else:
                card.set_value(format_money(pence), what)
        on_track = sum(1 for r in o.commitments if r.delivery.status == "on_track")
        self.commitments.set_value(f"{on_track} of {len(o.commitments)}" if o.commitments
                                   else "—", "across all contracts" if o.commitments
                                   else "No commitments recorded")
        self.evidence.set_value(format_percent(o.evidence_coverage)
                                if o.evidence_coverage is not None else "—",
                                "of claimed records")
        self.counted.emit()

    def attention(self) -> list[str]:
        if self.overview is None:
            return []
        return [n for n in self.overview.attention if " is behind" in n or " is at risk" in n]
