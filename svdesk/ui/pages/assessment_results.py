"""Results of one assessment: scores and levels per section with a chart, strengths, ranked gaps
and the action plan, whose owner, due date, status and notes are edited in the table.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.assessment.scoring import Results
from svdesk.formatting import format_date, format_percent, parse_date
from svdesk.services import assessment as svc
from svdesk.services.assessment_actions import (
    ACTION_STATUSES,
    ActionData,
    add_action,
    add_months,
    delete_action,
    list_actions,
    update_action_fields,
)
from svdesk.services.assessment_edits import edit_info
from svdesk.services.validation import ValidationError
from svdesk.ui import style
from svdesk.ui.charts import Bar, BarChart, Guide
from svdesk.ui.stacks import CurrentTabs
from svdesk.ui.table_model import Column, RowsModel, setup_table
from svdesk.ui.widgets import Card, confirm, label, primary_button

LEVEL_COLOURS = {"starting": "#9fb9bd", "developing": "#5c9aa3", "embedded": "#0b5f6b", "leading": "#084851"}


def section_bars(results: Results, previous: Results | None = None) -> list[Bar]:
    bars = []
    for s in results.sections:
        before = previous.section(s.section_id) if previous else None
        level = s.maturity.label if s.maturity else "Not applicable"
        if s.answered == 0:
            level = "No answers yet"
        text = f"{format_percent(s.score)} · {level}" if s.score is not None else level
        if 0 < s.answered < s.total:
            text += f" (from {s.answered} of {s.total})"
        bars.append(
            Bar(
                s.title,
                s.score,
                text,
                LEVEL_COLOURS.get(s.maturity.id if s.maturity else "", style.PRIMARY),
                before.score if before is not None else None,
            )
        )
    return bars


def maturity_guides(results: Results) -> list[Guide]:
    return [
        Guide(m.min_score, f"{m.label} {m.min_score:.0%}")
        for m in results.checklist.maturity
        if m.min_score > 0
    ]


class ActionsModel(QAbstractTableModel):
    """The action plan, editable in place: every edit is saved at once through the service."""

    HEADERS = ("Action", "Owner", "Due", "Status", "Notes")
    FIELDS = ("title", "owner", "due_date", "status", "notes")
    error = Signal(str)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.rows: list[ActionData] = []

    def load(self, assessment_id: int) -> None:
        self.beginResetModel()
        self.rows = list_actions(self.store, assessment_id)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole:
            return self.HEADERS[section]
        return None

    def flags(self, index):
        return super().flags(index) | Qt.ItemIsEditable

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        a = self.rows[index.row()]
        col = index.column()
        if role == Qt.DisplayRole:
            if col == 2:
                text = format_date(a.due_date) or "Not set"
                return f"{text} (overdue)" if a.is_overdue() else text
            if col == 3:
                return a.status_label
            if col == 1 and not a.owner:
                return "Not set"
            return getattr(a, self.FIELDS[col])
        if role == Qt.EditRole:
            if col == 2:
                return format_date(a.due_date, short=True)
            return getattr(a, self.FIELDS[col])
        if role == Qt.ForegroundRole:
            from PySide6.QtGui import QColor

            if col == 2 and a.is_overdue():
                return QColor(style.STATUS["behind"])
            if (col == 1 and not a.owner) or (col == 2 and a.due_date is None):
                return QColor(style.TEXT_MUTED)
        if role == Qt.ToolTipRole and col == 0:
            return a.title
        return None

    def setData(self, index, value, role=Qt.EditRole):  # noqa: N802
        if role != Qt.EditRole or not index.isValid():
            return False
        a = self.rows[index.row()]
        field = self.FIELDS[index.column()]
        try:
            if field == "due_date":
                value = parse_date(value)
            saved = update_action_fields(self.store, a.id, **{field: value})
        except (ValueError, ValidationError) as exc:
            self.error.emit(str(exc))
            return False
        self.rows[index.row()] = saved
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 4))
        self.error.emit("")
        return True


class StatusDelegate(QStyledItemDelegate):
    def createEditor(self, parent, option, index):  # noqa: N802
        editor = QComboBox(parent)
        for key, text in ACTION_STATUSES.items():
            editor.addItem(text, key)
        return editor

    def setEditorData(self, editor, index):  # noqa: N802
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.EditRole))))

    def setModelData(self, editor, model, index):  # noqa: N802
        model.setData(index, editor.currentData(), Qt.EditRole)


class ResultsView(QWidget):
    compare_requested = Signal(int)
    back_requested = Signal()
    continue_requested = Signal(int)  # back to the questions (in progress, or editing a completed one)

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.assessment_id: int | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        heading = QVBoxLayout()
        self.heading = label("", "SectionTitle")
        self.subheading = label("", "Muted")
        heading.addWidget(self.heading)
        heading.addWidget(self.subheading)
        self.partial_note = label("", "Muted")
        self.partial_note.setObjectName("PartialNote")
        self.partial_note.setStyleSheet(f"font-weight: 600; color: {style.TEXT};")
        self.partial_note.setVisible(False)
        top.addLayout(heading, 1)
        self.back_button = QPushButton("All assessments")
        self.back_button.clicked.connect(self.back_requested)
        self.compare_button = QPushButton("Compare with another…")
        self.compare_button.clicked.connect(lambda: self.compare_requested.emit(self.assessment_id))
        self.continue_button = QPushButton("Continue answering")
        self.continue_button.clicked.connect(lambda: self.continue_requested.emit(self.assessment_id))
        self.continue_button.setVisible(False)
        top.addWidget(self.continue_button)
        top.addWidget(self.back_button)
        top.addWidget(self.compare_button)
        box.addLayout(top)
        box.addWidget(self.partial_note)
        self.edited_note = label("", "Muted")
        self.edited_note.setVisible(False)
        box.addWidget(self.edited_note)

        self.tabs = CurrentTabs()
        self.tabs.setDocumentMode(True)
        box.addWidget(self.tabs, 1)
        self.tabs.addTab(self._overview_tab(), "Overview")
        self.tabs.addTab(self._strengths_tab(), "Strengths")
        self.tabs.addTab(self._gaps_tab(), "Gaps to close")
        self.tabs.addTab(self._plan_tab(), "Action plan")
        self.tabs.addTab(self._answers_tab(), "All answers")

    def _overview_tab(self) -> QWidget:
        # In a scroll area: at the smallest window size the chart must not be squeezed.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        page = QWidget()
        scroll.setWidget(page)
        scroll.viewport().setAutoFillBackground(False)
        page.setAutoFillBackground(False)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 12, 0, 0)
        box.setSpacing(style.SPACING * 2)
        cards = QHBoxLayout()
        self.overall_card = Card("", "Overall score")
        self.strength_card = Card("", "Strengths")
        self.gap_card = Card("", "Gaps to close")
        self.strength_card.clicked.connect(lambda: self.tabs.setCurrentIndex(1))
        self.gap_card.clicked.connect(lambda: self.tabs.setCurrentIndex(2))
        for c in (self.overall_card, self.strength_card, self.gap_card):
            cards.addWidget(c)
        box.addLayout(cards)
        self.chart = BarChart(
            maximum=1.0,
            title="Score and level by section",
            axis_label="Score = points earned ÷ points possible; Not applicable answers are left out",
        )
        box.addWidget(self.chart)
        self.rule = label("", "HelpText")
        box.addWidget(self.rule)
        box.addStretch(1)
        return scroll

    def _strengths_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 12, 0, 0)
        box.addWidget(
            label(
                "Questions answered Yes, those buyers weigh most first: mention "
                "them in bids, with the evidence.",
                "Muted",
            )
        )
        self.strengths_model = RowsModel(
            [
                Column("Question", lambda r: r[0].question.text, tooltip=lambda r: r[0].question.why),
                Column("Section", lambda r: r[1]),
                Column(
                    "Buyer weight",
                    lambda r: r[0].question.buyer_weight,
                    lambda r: f"{r[0].question.buyer_weight} of 5",
                    numeric=True,
                ),
                Column("Evidence note", lambda r: r[0].note, tooltip=lambda r: r[0].note),
            ],
            self,
        )
        self.strengths = QTableView()
        setup_table(self.strengths, self.strengths_model)
        self.strengths.setSortingEnabled(False)
        self.strengths.setAccessibleName("Strengths")
        header = self.strengths.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setStretchLastSection(False)
        box.addWidget(self.strengths, 1)
        return page

    def _gaps_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 12, 0, 0)
        box.addWidget(
            label(
                "Ranked by how much buyers weigh each question and how far short "
                "the answer is (a No on something buyers weigh heavily comes first).",
                "Muted",
            )
        )
        self.gaps_model = RowsModel(
            [
                Column("Rank", lambda g: g[0], numeric=True),
                Column("Question", lambda g: g[1].question.text, tooltip=lambda g: g[1].question.why),
                Column("Section", lambda g: g[2]),
                Column("Your answer", lambda g: g[1].result.answer.label),
                Column(
                    "Buyer weight",
                    lambda g: g[1].question.buyer_weight,
                    lambda g: f"{g[1].question.buyer_weight} of 5",
                    numeric=True,
                ),
            ],
            self,
        )
        self.gaps = QTableView()
        setup_table(self.gaps, self.gaps_model)
        self.gaps.setSortingEnabled(False)
        self.gaps.setAccessibleName("Gaps ranked by buyer weight")
        header = self.gaps.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setStretchLastSection(False)
        box.addWidget(self.gaps, 1)
        return page

    def _answers_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 12, 0, 0)
        box.addWidget(
            label(
                "Every question with the answer given and its evidence note, as recorded on the day.", "Muted"
            )
        )
        self.answers_model = RowsModel(
            [
                Column("Section", lambda r: r[1]),
                Column("Question", lambda r: r[0].question.text, tooltip=lambda r: r[0].question.text),
                Column("Answer", lambda r: r[0].answer.label if r[0].answer else "Not answered"),
                Column("Evidence note", lambda r: r[0].note, tooltip=lambda r: r[0].note),
            ],
            self,
        )
        self.answers = QTableView()
        setup_table(self.answers, self.answers_model)
        self.answers.setSortingEnabled(False)
        self.answers.setAccessibleName("All answers")
        header = self.answers.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setStretchLastSection(False)
        box.addWidget(self.answers, 1)
        return page

    def _plan_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 12, 0, 0)
        box.addWidget(
            label(
                "Each gap became an action. Double-click or press F2 to change the "
                "owner, due date (31/03/2027), status or notes; changes save at once.",
                "Muted",
            )
        )
        self.actions_model = ActionsModel(self.store, self)
        self.actions = QTableView()
        self.actions.setModel(self.actions_model)
        self.actions.setAccessibleName("Action plan")
        self.actions.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.actions.setSelectionMode(QAbstractItemView.SingleSelection)
        self.actions.setEditTriggers(
            QAbstractItemView.DoubleClicked
            | QAbstractItemView.EditKeyPressed
            | QAbstractItemView.AnyKeyPressed
        )
        self.actions.verticalHeader().setVisible(False)
        self.actions.verticalHeader().setDefaultSectionSize(32)
        self.actions.setItemDelegateForColumn(3, StatusDelegate(self.actions))
        self.actions.setWordWrap(False)
        header = self.actions.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        header.setHighlightSections(False)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for col, width in ((1, 150), (2, 130), (3, 120), (4, 200)):
            header.resizeSection(col, width)
        box.addWidget(self.actions, 1)
        row = QHBoxLayout()
        self.plan_message = label("", "FieldError")
        row.addWidget(self.plan_message, 1)
        self.add_button = primary_button("Add an action", self.add_action)
        self.delete_button = QPushButton("Delete action…")
        self.delete_button.clicked.connect(self.delete_selected)
        row.addWidget(self.delete_button)
        row.addWidget(self.add_button)
        box.addLayout(row)
        self.actions_model.error.connect(self.plan_message.setText)
        delete = QShortcut(QKeySequence.Delete, self.actions, self.delete_selected)
        delete.setContext(Qt.WidgetWithChildrenShortcut)
        return page

    def show_assessment(self, assessment_id: int) -> None:
        self.assessment_id = assessment_id
        results = svc.assessment_results(self.store, assessment_id)
        summary = svc.get_assessment(self.store, assessment_id).summary
        c = results.checklist
        self.heading.setText(f"Results of {format_date(summary.date)}")
        self.subheading.setText(f"{c.title}, version {c.version}")
        total = sum(s.total for s in results.sections)
        given = sum(s.answered for s in results.sections)
        partial = given < total
        self.partial_note.setText(
            f"Partial: based on {given} of {total} answers. Scores count only the questions "
            "answered so far; unanswered ones are left out, not counted as zero."
            if partial
            else ""
        )
        self.partial_note.setVisible(partial)
        complete = summary.status == "complete"
        self.continue_button.setText("Edit answers" if complete else "Continue answering")
        self.continue_button.setToolTip(
            "Change answers of this completed assessment; each earlier answer stays in the Change history."
            if complete
            else ""
        )
        self.continue_button.setVisible(True)
        edited = edit_info(self.store, assessment_id, summary.completed_on).describe() if complete else ""
        self.edited_note.setText(edited)
        self.edited_note.setVisible(bool(edited))
        if partial and summary.status != "complete":
            self.heading.setText("Results so far")
            self.subheading.setText(f"Started {format_date(summary.date)} · {c.title}, version {c.version}")
        level = results.maturity.label if results.maturity else "no level"
        self.overall_card.set_value(format_percent(results.score), f"Overall level: {level}")
        self.strength_card.set_value(str(len(results.strengths)), "questions answered Yes (full marks)")
        self.gap_card.set_value(str(len(results.gaps)), "questions with room to improve")
        self.chart.set_bars(section_bars(results), maturity_guides(results))
        self.rule.setText("<b>How the levels work.</b> " + c.maturity_rule)
        titles = {s.id: s.title for s in c.sections}
        self.strengths_model.set_rows([(r, titles[r.question.section_id]) for r in results.strengths])
        self.strengths.horizontalHeader().resizeSection(1, 220)
        self.strengths.horizontalHeader().resizeSection(2, 120)
        self.strengths.horizontalHeader().resizeSection(3, 260)
        self.gaps_model.set_rows(
            [(i + 1, g, titles[g.question.section_id]) for i, g in enumerate(results.gaps)]
        )
        self.gaps.resizeColumnToContents(0)
        for col, width in ((2, 220), (3, 110), (4, 120)):
            self.gaps.horizontalHeader().resizeSection(col, width)
        self.answers_model.set_rows([(r, s.title) for s in results.sections for r in s.questions])
        for col, width in ((0, 200), (2, 110), (3, 260)):
            self.answers.horizontalHeader().resizeSection(col, width)
        self.actions_model.load(assessment_id)
        self.plan_message.setText("")

    def add_action(self) -> None:
        saved = add_action(
            self.store,
            self.assessment_id,
            ActionData(
                title="New action: describe what you will do", owner="", due_date=add_months(date.today(), 3)
            ),
        )
        self.actions_model.load(self.assessment_id)
        row = next(i for i, a in enumerate(self.actions_model.rows) if a.id == saved.id)
        index = self.actions_model.index(row, 0)
        self.actions.setCurrentIndex(index)
        self.actions.edit(index)

    def delete_selected(self) -> None:
        rows = self.actions.selectionModel().selectedRows()
        if not rows:
            self.plan_message.setText("Select an action to delete first.")
            return
        action = self.actions_model.rows[rows[0].row()]
        if confirm(self, "Delete action", f"Delete the action “{action.title}”?", "Delete action"):
            delete_action(self.store, action.id)
            self.actions_model.load(self.assessment_id)
