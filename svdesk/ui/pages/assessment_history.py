"""Compare any two completed assessments: per section and per question, what improved and what
slipped. The earlier one is always "before", whichever order they are picked in.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.assessment.scoring import Change
from svdesk.formatting import format_date, format_percent
from svdesk.services import assessment as svc
from svdesk.ui import style
from svdesk.ui.charts import Bar, BarChart
from svdesk.ui.pages.assessment_results import LEVEL_COLOURS, maturity_guides
from svdesk.ui.stacks import CurrentTabs
from svdesk.ui.table_model import Column, RowsModel, setup_table
from svdesk.ui.widgets import label

# Direction shown in words and a symbol as well as colour.
DIRECTIONS = {
    "improved": ("▲ Improved", style.STATUS["on_track"]),
    "slipped": ("▼ Slipped", style.STATUS["behind"]),
    "same": ("= No change", style.TEXT_MUTED),
    "changed": ("↔ Changed", style.STATUS["at_risk"]),
    "new": ("+ New question", style.TEXT_MUTED),
    "removed": ("− Not asked", style.TEXT_MUTED),
}
FILTERS = {"changes": "Changes only", "improved": "Improved", "slipped": "Slipped", "all": "All questions"}


def _score(value: float | None) -> str:
    return "–" if value is None else format_percent(value)


def _direction(change: Change) -> str:
    return DIRECTIONS[change.direction][0]


class DirectionModel(RowsModel):
    def data(self, index, role=None):
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QColor

        if role is None:
            role = Qt.DisplayRole
        if role == Qt.ForegroundRole and self.columns[index.column()].title == "Change":
            return QColor(DIRECTIONS[self.rows[index.row()].direction][1])
        return super().data(index, role)


class CompareView(QWidget):
    back_requested = Signal()

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.titles: dict[str, str] = {}
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(label("Compare", "SectionTitle"))
        self.before = QComboBox()
        self.before.setAccessibleName("Earlier assessment")
        self.after = QComboBox()
        self.after.setAccessibleName("Later assessment")
        top.addWidget(label("Earlier:", wrap=False))
        top.addWidget(self.before)
        top.addWidget(label("Later:", wrap=False))
        top.addWidget(self.after)
        top.addStretch(1)
        back = QPushButton("All assessments")
        back.clicked.connect(self.back_requested)
        top.addWidget(back)
        box.addLayout(top)
        self.summary = label("", "Muted")
        box.addWidget(self.summary)

        self.chart = BarChart(maximum=1.0, title="Later score by section, with the earlier score marked")
        box.addWidget(self.chart)
        self.tabs = CurrentTabs()
        self.tabs.setDocumentMode(True)
        box.addWidget(self.tabs, 1)
        self.sections_model = DirectionModel(
            [
                Column("Section", lambda c: c.title),
                Column("Before", lambda c: c.before, lambda c: _score(c.before), numeric=True),
                Column("After", lambda c: c.after, lambda c: _score(c.after), numeric=True),
                Column(
                    "Level",
                    lambda c: c.after_label,
                    lambda c: (
                        c.after_label
                        if c.before_label == c.after_label
                        else f"{c.before_label} → {c.after_label}"
                    ),
                ),
                Column("Change", lambda c: c.direction, _direction),
            ],
            self,
        )
        self.sections = QTableView()
        setup_table(self.sections, self.sections_model)
        self.sections.setAccessibleName("Change by section")
        self.sections.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
        self.sections.horizontalHeader().setStretchLastSection(False)
        self.tabs.addTab(self.sections, "By section")

        questions_page = QWidget()
        qbox = QVBoxLayout(questions_page)
        qbox.setContentsMargins(0, 8, 0, 0)
        filter_row = QHBoxLayout()
        filter_row.addWidget(label("Show:", wrap=False))
        self.filter = QComboBox()
        self.filter.setAccessibleName("Which questions to show")
        for key, text in FILTERS.items():
            self.filter.addItem(text, key)
        filter_row.addWidget(self.filter)
        filter_row.addStretch(1)
        qbox.addLayout(filter_row)
        self.questions_model = DirectionModel(
            [
                Column("Question", lambda c: c.title, tooltip=lambda c: c.title),
                Column("Section", lambda c: self.titles.get(c.key, "")),
                Column("Before", lambda c: c.before_label),
                Column("After", lambda c: c.after_label),
                Column("Change", lambda c: c.direction, _direction),
            ],
            self,
        )
        self.questions = QTableView()
        setup_table(self.questions, self.questions_model)
        self.questions.setAccessibleName("Change by question")
        header = self.questions.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setStretchLastSection(False)
        qbox.addWidget(self.questions, 1)
        self.tabs.addTab(questions_page, "By question")
        self.before.currentIndexChanged.connect(self.refresh)
        self.after.currentIndexChanged.connect(self.refresh)
        self.filter.currentIndexChanged.connect(self.refresh)
        self.comparison = None

    def open(self, focus_id: int | None = None) -> bool:
        """Fill the pickers; the later one is focus_id (or the newest). False if under two."""
        done = svc.completed_assessments(self.store)  # newest first
        if len(done) < 2:
            return False
        for combo in (self.before, self.after):
            combo.blockSignals(True)
            combo.clear()
            for a in done:
                combo.addItem(f"{format_date(a.date)} · {format_percent(a.score)}", a.id)
        ids = [a.id for a in done]
        later = ids.index(focus_id) if focus_id in ids else 0
        earlier = later + 1 if later + 1 < len(ids) else 0
        self.after.setCurrentIndex(later)
        self.before.setCurrentIndex(earlier)
        for combo in (self.before, self.after):
            combo.blockSignals(False)
        self.refresh()
        return True

    def refresh(self) -> None:
        a, b = self.before.currentData(), self.after.currentData()
        if a is None or b is None:
            return
        if a == b:
            self.summary.setText("Choose two different assessments to compare.")
            self.sections_model.set_rows([])
            self.questions_model.set_rows([])
            self.chart.set_bars([])
            return
        change = svc.compare_assessments(self.store, a, b)
        self.comparison = change
        first, second = sorted((a, b), key=lambda i: svc.get_assessment(self.store, i).summary.date)
        before = svc.assessment_results(self.store, first)
        after = svc.assessment_results(self.store, second)
        self.titles = {q.id: s.title for s in after.checklist.sections for q in s.questions}
        self.titles.update(
            {q.id: s.title for s in before.checklist.sections for q in s.questions if q.id not in self.titles}
        )
        self.summary.setText(
            f"Overall {_score(change.overall.before)} → {_score(change.overall.after)} "
            f"({DIRECTIONS[change.overall.direction][0].split(' ', 1)[1].lower()}). "
            f"{change.count('improved')} question(s) improved, {change.count('slipped')} "
            f"slipped, {change.count('changed')} changed to or from Not applicable."
        )
        bars = []
        for s in after.sections:
            prev = before.section(s.section_id)
            bars.append(
                Bar(
                    s.title,
                    s.score,
                    f"{_score(prev.score if prev else None)} → {_score(s.score)}",
                    LEVEL_COLOURS.get(s.maturity.id if s.maturity else "", style.PRIMARY),
                    prev.score if prev else None,
                )
            )
        self.chart.set_bars(
            bars,
            maturity_guides(after),
            legend=[
                ("#5c9aa3", "later score (shade shows the level)"),
                (style.TEXT, "earlier score (dark mark)"),
            ],
        )
        self.sections_model.set_rows(change.sections)
        wanted = self.filter.currentData()
        rows = [
            q
            for q in change.questions
            if wanted == "all" or (wanted == "changes" and q.direction != "same") or q.direction == wanted
        ]
        self.questions_model.set_rows(rows)
        for col, width in ((1, 200), (2, 110), (3, 110), (4, 130)):
            self.questions.horizontalHeader().resizeSection(col, width)
        for col, width in ((1, 90), (2, 90), (3, 240), (4, 140)):
            self.sections.horizontalHeader().resizeSection(col, width)
