"""Self-assessment: what it is and past assessments, the wizard, results and comparison.

One page with four views in a stack: start (explains the checklist, lists past assessments, starts
or resumes), wizard, results, compare. Everything is saved as it happens, so leaving the page or
closing the window mid-way is safe: Resume opens the section the user was on.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_date, format_percent
from svdesk.services import assessment as svc
from svdesk.services.assessment_edits import start_next_year
from svdesk.services.validation import ValidationError
from svdesk.ui import style, tasks
from svdesk.ui.pages.assessment_history import CompareView
from svdesk.ui.pages.assessment_results import ResultsView
from svdesk.ui.pages.assessment_wizard import Wizard
from svdesk.ui.records.table_base import LOADING
from svdesk.ui.stacks import CurrentStack
from svdesk.ui.table_model import Column, RowsModel, setup_table
from svdesk.ui.widgets import EmptyState, Page, PageHeader, confirm, label

START, WIZARD, RESULTS, COMPARE = range(4)


def prepare() -> None:
    """Parse the shipped checklist ahead of the first visit, off the GUI thread (see
    svdesk.ui.main_window.import_page_modules): its YAML took ~40 ms of the page's first open.
    The parsed checklist is remembered (svdesk.assessment.checklist.cached_checklist)."""
    from svdesk.assessment.checklist import builtin_checklist

    builtin_checklist()


HISTORY_COLUMNS = [
    Column("Date", lambda a: a.date, lambda a: format_date(a.date)),
    Column(
        "Checklist", lambda a: a.checklist_title, lambda a: f"{a.checklist_title} (v{a.checklist_version})"
    ),
    Column("Status", lambda a: a.status_label),
    Column("Answered", lambda a: a.answered, lambda a: f"{a.answered} of {a.total}", numeric=True),
    Column("Overall", lambda a: a.score, lambda a: format_percent(a.score), numeric=True),
    Column("Level", lambda a: a.maturity),
]


@dataclass
class StartRead:
    """What the start view shows, read in one go (off the GUI thread on a visit)."""

    current: object  # the assessment in progress, or None
    checklists: list  # ChecklistInfo
    assessments: list  # past assessments, newest first
    chosen_id: int | None  # the checklist described: the one chosen, else the first
    chosen: object  # that checklist (Checklist), or None


def read_start(store, chosen_id: int | None) -> StartRead:
    current = svc.in_progress_assessment(store)
    checklists = svc.list_checklists(store)
    ids = [info.id for info in checklists]
    shown = chosen_id if chosen_id in ids else (ids[0] if ids else None)
    chosen = svc.checklist_by_id(store, shown) if shown is not None else None
    return StartRead(current, checklists, svc.list_assessments(store), shown, chosen)


class StartView(QWidget):
    def __init__(self, page: AssessmentPage):
        super().__init__(page.views)
        self.page = page
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(style.SPACING * 2)

        intro = QFrame()
        intro.setObjectName("Card")
        ibox = QVBoxLayout(intro)
        ibox.setContentsMargins(16, 12, 16, 12)
        self.about = label("")
        ibox.addWidget(self.about)
        self.disclaimer = label("", "HelpText")
        ibox.addWidget(self.disclaimer)
        pick = QHBoxLayout()
        pick.addWidget(label("Checklist:", wrap=False))
        self.checklists = QComboBox()
        self.checklists.setAccessibleName("Checklist to use")
        self.checklists.currentIndexChanged.connect(self._describe)
        pick.addWidget(self.checklists, 1)
        self.load_button = QPushButton("Load another checklist…")
        self.load_button.setToolTip(
            "A council's or a charter's checklist in svdesk's format (see docs/checklist-format.md)."
        )
        self.load_button.clicked.connect(page.load_checklist)
        pick.addWidget(self.load_button)
        ibox.addLayout(pick)
        box.addWidget(intro)

        self.resume_banner = QFrame()
        self.resume_banner.setObjectName("Card")
        self.resume_banner.setStyleSheet(f"#Card {{ border-left: 4px solid {style.PRIMARY}; }}")
        rbox = QHBoxLayout(self.resume_banner)
        self.resume_text = label("")
        rbox.addWidget(self.resume_text, 1)
        self.discard_button = QPushButton("Discard…")
        self.discard_button.clicked.connect(page.discard)
        self.resume_button = QPushButton("Resume")
        self.resume_button.clicked.connect(page.start_or_resume)
        rbox.addWidget(self.discard_button)
        rbox.addWidget(self.resume_button)
        box.addWidget(self.resume_banner)

        box.addWidget(label("Past assessments", "SectionTitle"))
        self.stack = CurrentStack(self)
        self.empty = EmptyState(
            "No assessments yet",
            "Your first assessment gives a starting point: a score and a level for each area, "
            "the strengths to mention in bids, and an action plan. Take it again in a year and "
            "svdesk shows what improved and what slipped: the direction of travel buyers ask "
            "about.",
            [("Start assessment", page.start_or_resume)],
        )
        self.stack.addWidget(self.empty)
        table_page = QWidget(self.stack)
        tbox = QVBoxLayout(table_page)
        tbox.setContentsMargins(0, 0, 0, 0)
        self.model = RowsModel(HISTORY_COLUMNS, self)
        self.table = QTableView(table_page)
        setup_table(self.table, self.model)
        self.table.setSortingEnabled(False)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setAccessibleName("Past assessments")
        self.table.doubleClicked.connect(lambda *_: page.open_selected())
        self.table.activated.connect(lambda *_: page.open_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        tbox.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(page.delete_selected)
        self.compare_button = QPushButton("Compare two…")
        self.compare_button.clicked.connect(lambda: page.compare(self.selected_id()))
        self.next_year_button = QPushButton("Start next year's assessment")
        self.next_year_button.setToolTip(
            "Starts from the latest completed assessment's answers; confirm or change each one."
        )
        self.next_year_button.clicked.connect(page.start_next_year)
        self.open_button = QPushButton("Open results")
        self.open_button.clicked.connect(page.open_selected)
        for b in (self.delete_button, self.compare_button, self.next_year_button, self.open_button):
            buttons.addWidget(b)
        tbox.addLayout(buttons)
        self.stack.addWidget(table_page)
        box.addWidget(self.stack, 1)

    def _selection_changed(self, *_):
        rows = self.table.selectionModel().selectedRows()
        row = self.model.row(rows[0].row()) if rows else None
        self.open_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        self.open_button.setText("Resume" if row is not None and row.status != "complete" else "Open results")

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()).id if rows else None

    def _describe(self, *_, read: StartRead | None = None):
        info = self.checklists.currentData()
        if info is None:
            return
        if read is not None and read.chosen is not None and read.chosen_id == info.id:
            checklist = read.chosen  # read with the rest (off the GUI thread on a visit)
        else:
            checklist = svc.checklist_by_id(self.page.store, info.id)
        self.about.setText(
            f"<b>{checklist.title}</b> (version {checklist.version}). {checklist.summary} "
            f"<br><br>It has {len(checklist.questions)} questions in "
            f"{len(checklist.sections)} sections and takes about {checklist.minutes} minutes. "
            "Beside each question you will see why it matters, what a buyer looks for and an "
            "example of good evidence. Each answer is saved as you give it, so you can stop and "
            "resume at any time."
        )
        self.disclaimer.setText(checklist.disclaimer)
        self.disclaimer.setVisible(bool(checklist.disclaimer))

    def chosen_id(self) -> int | None:
        chosen = self.checklists.currentData()
        return None if chosen is None else chosen.id

    def show_read(self, read: StartRead) -> None:
        current = read.current
        chosen = self.checklists.currentData()
        self.checklists.blockSignals(True)
        self.checklists.clear()
        for info in read.checklists:
            extra = "built in" if info.builtin else info.source
            self.checklists.addItem(f"{info.title} · version {info.version} · {extra}", info)
            if chosen is not None and info.id == chosen.id:
                self.checklists.setCurrentIndex(self.checklists.count() - 1)
        self.checklists.blockSignals(False)
        self._describe(read=read)
        self.checklists.setEnabled(current is None)
        self.resume_banner.setVisible(current is not None)
        if current is not None:
            self.resume_text.setText(
                f"<b>An assessment is in progress</b>, started {format_date(current.started_on)}"
                f": {current.answered} of {current.total} questions answered. Resume where "
                "you left off."
            )
        rows = read.assessments
        self.model.set_rows(rows)
        self.stack.setCurrentIndex(1 if rows else 0)
        done = sum(1 for a in rows if a.status == "complete")
        self.compare_button.setEnabled(done >= 2)
        self.next_year_button.setVisible(done >= 1)
        self.next_year_button.setEnabled(current is None)
        if rows and not self.table.selectionModel().selectedRows():
            self.table.selectRow(0)
        self._selection_changed()


class AssessmentPage(Page):
    filled = Signal()  # the start view shows a background read (see refresh)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.header = PageHeader(
            "Self-assessment",
            "Check how much social value your firm already creates, what a "
            "buyer would want improved, and how it changes year by year.",
            "Start assessment",
            self.start_or_resume,
        )
        self.layout_.addWidget(self.header)
        # The wizard, results and comparison are built when first shown (most visits see the
        # start view only); each view is made inside the stack (moving a built view restyles
        # all of it again).
        self.views = CurrentStack(self)
        self.start_view = StartView(self)
        self.views.addWidget(self.start_view)
        self._built: dict[int, QWidget] = {START: self.start_view}
        for _later in (WIZARD, RESULTS, COMPARE):
            self.views.addWidget(QWidget())
        self.layout_.addWidget(self.views, 1)
        self.start_view.about.setText(LOADING)
        self.refresh()

    def _view(self, index: int) -> QWidget:
        if index not in self._built:
            view = {WIZARD: Wizard, RESULTS: ResultsView, COMPARE: CompareView}[index](self.store, self.views)
            if index == WIZARD:
                view.finished.connect(self.show_results)
                view.results_requested.connect(self.show_results)
                view.closed.connect(self.show_start)
            elif index == RESULTS:
                view.back_requested.connect(self.show_start)
                view.compare_requested.connect(self.compare)
                view.continue_requested.connect(self.continue_answering)
            else:
                view.back_requested.connect(self.show_start)
            empty = self.views.widget(index)
            self.views.insertWidget(index, view)
            self.views.removeWidget(empty)
            empty.deleteLater()
            self._built[index] = view
        return self._built[index]

    @property
    def wizard(self) -> Wizard:
        return self._view(WIZARD)

    @property
    def results(self) -> ResultsView:
        return self._view(RESULTS)

    @property
    def compare_view(self) -> CompareView:
        return self._view(COMPARE)

    # --- views ---------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return tasks.busy(self, "start")

    def refresh(self) -> None:
        """On a visit: the frame is shown first, the start view's five reads (the checklists,
        the one described, the assessment in progress, past ones) follow from a worker; under
        load they were a third of the page's first open stall."""
        if self.views.currentIndex() != START:
            return
        store, chosen = self.store, self.start_view.chosen_id()
        tasks.newest(self, "start", lambda: read_start(store, chosen), self._show_read, self._failed)

    def _show_read(self, read: StartRead) -> None:
        if self.views.currentIndex() == START:  # not while the wizard or results are open
            self.start_view.show_read(read)
            self._show_header(read.current)
        self.filled.emit()

    def _failed(self, message: str) -> None:
        self.start_view.about.setText(f"svdesk could not read this page: {message}")
        self.filled.emit()

    def _show_header(self, current) -> None:
        self.header.action.setText("Resume assessment" if current else "Start assessment")
        self.header.action.setVisible(True)

    def show_start(self) -> None:
        """Show the start view read now (after the user's own changes)."""
        tasks.forget(self, "start")  # an older background read must not follow this one
        read = read_start(self.store, self.start_view.chosen_id())
        self.start_view.show_read(read)
        self._show_header(read.current)
        self.views.setCurrentIndex(START)

    def _set_view(self, index: int) -> None:
        self.header.action.setVisible(False)
        self.views.setCurrentIndex(index)

    def show_results(self, assessment_id: int) -> None:
        self.results.show_assessment(assessment_id)
        self._set_view(RESULTS)
        self.results.tabs.setCurrentIndex(0)

    def start_or_resume(self) -> None:
        current = svc.in_progress_assessment(self.store)
        try:
            if current is None:
                info = self.start_view.checklists.currentData()
                current = svc.start_assessment(self.store, info.id if info else None)
        except ValidationError as exc:
            QMessageBox.warning(self, "Cannot start", str(exc))
            return
        self.wizard.open(current.id)
        self._set_view(WIZARD)

    def start_next_year(self) -> None:
        try:
            current = start_next_year(self.store)
        except ValidationError as exc:
            QMessageBox.warning(self, "Cannot start", "\n".join(exc.errors.values()))
            return
        self.wizard.open(current.id)
        self._set_view(WIZARD)

    def continue_answering(self, assessment_id: int) -> None:
        self.wizard.open(assessment_id)
        self._set_view(WIZARD)

    def open_selected(self) -> None:
        assessment_id = self.start_view.selected_id()
        if assessment_id is None:
            return
        summary = svc.get_assessment(self.store, assessment_id).summary
        if summary.status == "complete":
            self.show_results(assessment_id)
        else:
            self.start_or_resume()

    def compare(self, focus_id: int | None = None) -> None:
        if not self.compare_view.open(focus_id):
            QMessageBox.information(
                self,
                "Nothing to compare yet",
                "Comparing needs two completed assessments. Take the "
                "assessment again in a few months to see what changed.",
            )
            return
        self._set_view(COMPARE)

    # --- changes -------------------------------------------------------------------------------

    def load_checklist(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Load a checklist", "", "Checklists (*.yaml *.yml);;All files (*)"
        )
        if path:
            self.load_checklist_file(path)

    def load_checklist_file(self, path: str) -> bool:
        try:
            info = svc.add_checklist_file(self.store, path)
        except ValidationError as exc:
            QMessageBox.warning(
                self,
                "Checklist not loaded",
                "\n".join(exc.errors.values()) + "\n\nFix the file and load it "
                "again; the format is in docs/checklist-format.md.",
            )
            return False
        self.show_start()
        combo = self.start_view.checklists
        combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i).id == info.id))
        return True

    def discard(self) -> None:
        current = svc.in_progress_assessment(self.store)
        if current and confirm(
            self,
            "Discard assessment",
            f"Discard the assessment started {format_date(current.started_on)}"
            f" and its {current.answered} answers? You can undo this "
            "from Edit > Undo (Ctrl+Z).",
            "Discard assessment",
        ):
            svc.discard_assessment(self.store, current.id)
            self.show_start()

    def delete_selected(self) -> None:
        assessment_id = self.start_view.selected_id()
        if assessment_id is None:
            return
        summary = svc.get_assessment(self.store, assessment_id).summary
        if confirm(
            self,
            "Delete assessment",
            f"Delete the assessment of {format_date(summary.date)} with its answers and "
            "action plan? You can undo this from Edit > Undo (Ctrl+Z).",
            "Delete assessment",
        ):
            svc.discard_assessment(self.store, assessment_id)
            self.show_start()

    def screenshot_states(self):
        """For tools/render_screens.py: show each view in turn (name yielded after each)."""
        done = svc.completed_assessments(self.store)
        if done:
            self.show_results(done[0].id)
            for i, name in enumerate(("results", "strengths", "gaps", "action-plan", "answers")):
                self.results.tabs.setCurrentIndex(i)
                yield name
            if self.compare_view.open(done[0].id):
                self._set_view(COMPARE)
                yield "compare"
        started = svc.in_progress_assessment(self.store) is None
        self.start_or_resume()
        self.wizard.show_section(2)
        yield "wizard"
        if started:
            svc.discard_assessment(self.store, self.wizard.assessment_id)
        self.show_start()

    def keyPressEvent(self, event):  # noqa: N802
        if event.key() == Qt.Key_Escape and self.views.currentIndex() in (RESULTS, COMPARE):
            self.show_start()
            return
        super().keyPressEvent(event)
