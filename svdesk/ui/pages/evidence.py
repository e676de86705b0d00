"""Evidence: every file in the store with a preview, the records still without evidence, and the
case studies. Files can be dropped anywhere on the page to add them.

The three lists are read off the GUI thread (svdesk.ui.reads) and only when something has been
written since they were last read (Store.version): at 20,000 files a visit costs nothing when
nothing changed, and the window stays responsive while the lists arrive.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_date
from svdesk.safety.errors import SafetyError
from svdesk.services import case_studies, evidence
from svdesk.ui import tasks
from svdesk.ui.dialogs.case_study_dialog import CaseStudyDialog
from svdesk.ui.reads import store_stamp
from svdesk.ui.records.evidence_dialog import AttachEvidenceDialog, EvidenceDetailsDialog, dropped_files
from svdesk.ui.records.file_preview import FilePreview
from svdesk.ui.records.table_base import FIT_ROWS
from svdesk.ui.stacks import CurrentStack, CurrentTabs, tab_holder
from svdesk.ui.table_model import Column, RowsModel, SortFilterModel, setup_table
from svdesk.ui.widgets import EmptyState, Page, PageHeader, confirm, label


def _size_text(size: int) -> str:
    return f"{size:,} bytes" if size < 1024 else f"{size / 1024:,.0f} KB"


FILE_COLUMNS = [
    Column("Date", lambda e: e.evidence_date, lambda e: format_date(e.evidence_date, short=True)),
    Column("Caption", lambda e: e.caption or e.original_name),
    Column("Type", lambda e: e.type_label),
    Column("File", lambda e: e.original_name),
    Column("Size", lambda e: e.size_bytes, lambda e: _size_text(e.size_bytes), numeric=True),
    Column(
        "Supports",
        lambda e: e.link_count,
        lambda e: (
            f"{e.link_count} record{'s' if e.link_count != 1 else ''}" if e.link_count else "Not linked yet"
        ),
        numeric=True,
    ),
]
MISSING_COLUMNS = [
    Column("Date", lambda m: m.day, lambda m: format_date(m.day, short=True)),
    Column("Kind", lambda m: m.kind_label),
    Column("Record", lambda m: m.title),
    Column("Contract", lambda m: m.contract_reference or "Organisation-wide"),
    Column("Evidence", lambda m: 0, lambda m: "⚠ No evidence"),
]
CASE_COLUMNS = [
    Column("Date", lambda c: c.date, lambda c: format_date(c.date, short=True)),
    Column("Title", lambda c: c.title),
    Column(
        "Consent",
        lambda c: c.usable,
        lambda c: f"Given {format_date(c.consent_date)}" if c.usable else "⚠ No consent: do not share",
    ),
    Column("Photo", lambda c: bool(c.photo_evidence_id), lambda c: "Yes" if c.photo_evidence_id else ""),
]


@dataclass
class EvidenceLists:
    files: list
    missing: list
    cases: list
    footer: str


def read_lists(store) -> EvidenceLists:
    """Everything the page shows, read on a worker thread."""
    files = evidence.list_evidence(store)
    unlinked = sum(1 for e in files if not e.link_count)
    size = sum(e.size_bytes for e in files)
    size_text = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} KB"
    footer = f"{len(files):,} files · {size_text}" + (
        f" · {unlinked:,} not linked to any record" if unlinked else ""
    )
    return EvidenceLists(
        files, evidence.records_without_evidence(store), case_studies.list_case_studies(store), footer
    )


def _table(columns, parent, where: QWidget) -> tuple[QTableView, RowsModel, SortFilterModel]:
    """A sorted table made in `where` (see tab_holder); its models belong to `parent`."""
    model = RowsModel(columns, parent)
    proxy = SortFilterModel(parent)
    proxy.setSourceModel(model)
    view = QTableView(where)
    setup_table(view, proxy)
    view.horizontalHeader().setResizeContentsPrecision(FIT_ROWS)
    return view, model, proxy


class EvidencePage(Page):
    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self._asked_at: tuple | None = None  # (store version, day) of the newest read
        self._sized: set[QTableView] = set()
        # The rest of a read (the other tabs, the column fit, the chosen file) is shown on the
        # event loop's turn after the files: with 20,000 files, sorting them and all of that
        # was one ~55 ms turn on the GUI thread.
        self._rest: tuple | None = None  # (lists, file to choose) still to show
        self._rest_timer = QTimer(self, singleShot=True, interval=0)
        self._rest_timer.timeout.connect(self._show_rest)
        self.setAcceptDrops(True)
        self.header = PageHeader(
            "Evidence",
            "The files that prove your figures: timesheets, attendance sheets, "
            "certificates, photos, letters. Buyers ask for them with every return.",
            "Add evidence…",
            self.add,
        )
        self.layout_.addWidget(self.header)
        self.tabs = CurrentTabs(self)
        self.layout_.addWidget(self.tabs, 1)
        self._build_files_tab()
        self._build_missing_tab()
        self._build_cases_tab()
        self.tabs.currentChanged.connect(self._fit_columns)
        self.refresh()

    # --- files --------------------------------------------------------------------------------
    def _build_files_tab(self) -> None:
        tab = tab_holder(self.tabs, "Files", margins=None)
        box = tab.layout()
        self.files_stack = CurrentStack(tab)
        self.files_empty = EmptyState(
            "No evidence yet",
            "Add the files that back up your records. Drag them onto a record in any table, or "
            "onto this page, or use Add evidence. svdesk keeps its own copy of every file, named "
            "by its content so it can never be changed or stored twice.",
            [("Add evidence…", self.add)],
        )
        self.files_stack.addWidget(self.files_empty)
        main = QWidget(self.files_stack)
        inner = QVBoxLayout(main)
        inner.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search captions and file names…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search evidence")
        tools.addWidget(self.search, 1)
        self.open_button = QPushButton("Open")
        self.details_button = QPushButton("Edit details…")
        self.delete_button = QPushButton("Delete…")
        self.open_button.clicked.connect(self.open_selected)
        self.details_button.clicked.connect(self.edit_details)
        self.delete_button.clicked.connect(self.delete_selected)
        tools.addWidget(self.open_button)
        tools.addWidget(self.details_button)
        tools.addWidget(self.delete_button)
        inner.addLayout(tools)
        split = QSplitter(Qt.Horizontal, main)
        self.files, self.files_model, self.files_proxy = _table(FILE_COLUMNS, self, split)
        self.files.setAccessibleName("Evidence files")
        self.search.textChanged.connect(self.files_proxy.setFilterFixedString)
        QShortcut(QKeySequence.Find, self, self.search.setFocus)
        self.files.selectionModel().selectionChanged.connect(self._show_selected)
        self.files.doubleClicked.connect(lambda *_: self.open_selected())
        self.files.sortByColumn(0, Qt.DescendingOrder)
        split.addWidget(self.files)
        pane = QWidget()
        pane_box = QVBoxLayout(pane)
        self.preview = FilePreview()
        pane_box.addWidget(self.preview)
        self.details = label("", "HelpText")
        pane_box.addWidget(self.details)
        pane_box.addStretch(1)
        split.addWidget(pane)
        split.setSizes([700, 320])
        inner.addWidget(split, 1)
        self.files_footer = label("", "Muted")
        inner.addWidget(self.files_footer)
        self.files_stack.addWidget(main)
        self.files_stack.setCurrentWidget(main)  # the empty state only once the read says so
        box.addWidget(self.files_stack)

    def _selected_file(self):
        rows = self.files.selectionModel().selectedRows()
        if not rows:
            return None
        return self.files_model.row(self.files_proxy.mapToSource(rows[0]).row())

    def _show_selected(self, *_):
        ev = self._selected_file()
        for button in (self.open_button, self.details_button, self.delete_button):
            button.setEnabled(ev is not None)
        if ev is None:
            self.preview.show_text("Choose a file to see it here")
            self.details.setText("")
            return
        try:
            self.preview.show_file(
                evidence.evidence_path(self.store, ev),
                (
                    f"{ev.suffix.upper().lstrip('.') or 'File'}\n\nOpen shows it in the program "
                    "your computer uses for it."
                ),
            )
        except SafetyError as exc:  # a row naming a file outside the evidence folder
            self.preview.show_text(str(exc))
        links = evidence.describe_links(self.store, ev.id)
        shown = [f"  • {x}" for x in links[:6]]
        if len(links) > 6:
            shown.append(f"  … and {len(links) - 6} more")
        self.details.setText(
            f"{ev.caption or ev.original_name}\n{ev.type_label} · {format_date(ev.evidence_date)}"
            f"\nSupports:\n"
            + ("\n".join(shown) or "  nothing yet")
            + f"\n\nStored as {ev.stored_name[:16]}…{ev.suffix} (SHA-256)"
        )

    def open_selected(self) -> None:
        ev = self._selected_file()
        if ev is None:
            return
        try:
            path = evidence.evidence_path(self.store, ev)
        except SafetyError as exc:
            QMessageBox.warning(self, "Open evidence", str(exc))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def edit_details(self) -> None:
        ev = self._selected_file()
        if ev is not None and EvidenceDetailsDialog(self.store, ev, self).exec():
            self.refresh()

    def delete_selected(self) -> None:
        ev = self._selected_file()
        if ev is not None and confirm(
            self,
            "Delete evidence",
            f"Delete “{ev.caption or ev.original_name}”?\n\nIt "
            f"supports {ev.link_count} record(s); they will show as lacking evidence. The "
            "stored copy is removed. This cannot be undone.",
            "Delete evidence",
        ):
            evidence.delete_evidence(self.store, ev.id)
            self.refresh()

    # --- records without evidence --------------------------------------------------------------
    def _build_missing_tab(self) -> None:
        tab = tab_holder(self.tabs, "Without evidence", margins=None)
        box = tab.layout()
        box.addWidget(
            label(
                "Records that have no evidence yet. Select one and attach a file, or drop a file on it.",
                "Muted",
            )
        )
        self.missing, self.missing_model, self.missing_proxy = _table(MISSING_COLUMNS, self, tab)
        self.missing.setAccessibleName("Records without evidence")
        self.missing.doubleClicked.connect(lambda *_: self.attach_missing())
        self.missing.sortByColumn(0, Qt.DescendingOrder)
        box.addWidget(self.missing, 1)
        row = QHBoxLayout()
        attach = QPushButton("Attach evidence…")
        attach.clicked.connect(self.attach_missing)
        row.addWidget(attach)
        row.addStretch(1)
        box.addLayout(row)

    def attach_missing(self, files=()) -> None:
        rows = self.missing.selectionModel().selectedRows()
        if not rows:
            return
        m = self.missing_model.row(self.missing_proxy.mapToSource(rows[0]).row())
        if AttachEvidenceDialog(
            self.store, [(m.record_type, m.record_id)], list(files), self, f"{m.kind_label}: {m.title}"
        ).exec():
            self.refresh()

    # --- case studies ---------------------------------------------------------------------------
    def _build_cases_tab(self) -> None:
        tab = tab_holder(self.tabs, "Case studies", margins=None)
        box = tab.layout()
        box.addWidget(
            label(
                "Stories buyers can print beside the figures. Only stories with consent should leave svdesk.",
                "Muted",
            )
        )
        self.cases, self.cases_model, self.cases_proxy = _table(CASE_COLUMNS, self, tab)
        self.cases.setAccessibleName("Case studies")
        self.cases.doubleClicked.connect(lambda *_: self.edit_case())
        box.addWidget(self.cases, 1)
        row = QHBoxLayout()
        for text, slot in (
            ("Add a case study…", self.add_case),
            ("Edit…", self.edit_case),
            ("Delete…", self.delete_case),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)

    def _selected_case(self):
        rows = self.cases.selectionModel().selectedRows()
        return self.cases_model.row(self.cases_proxy.mapToSource(rows[0]).row()) if rows else None

    def add_case(self) -> None:
        if CaseStudyDialog(self.store, None, self).exec():
            self.refresh()

    def edit_case(self) -> None:
        case = self._selected_case()
        if case is not None and CaseStudyDialog(self.store, case, self).exec():
            self.refresh()

    def delete_case(self) -> None:
        case = self._selected_case()
        if case is not None and confirm(
            self,
            "Delete case study",
            f"Delete “{case.title}”? You can undo this from Edit > Undo (Ctrl+Z).",
            "Delete case study",
        ):
            case_studies.delete_case_study(self.store, case.id)
            self.refresh()

    # --- page ------------------------------------------------------------------------------------
    def add(self, files=()) -> None:
        if AttachEvidenceDialog(self.store, [], list(files), self).exec():
            self.refresh()

    def dragEnterEvent(self, event):  # noqa: N802
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event):  # noqa: N802
        files = dropped_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            if self.tabs.currentIndex() == 1 and self.missing.selectionModel().selectedRows():
                self.attach_missing(files)
            else:
                self.add(files)

    @property
    def loading(self) -> bool:
        return tasks.busy(self, "shown") or self._rest is not None

    def refresh(self) -> None:
        """Read the lists again if anything has been written since they were read."""
        if self._asked_at != store_stamp(self.store):
            self.reload()

    def reload(self) -> None:
        self._asked_at = store_stamp(self.store)
        if not self.files_model.rows:
            self.files_footer.setText("Reading the evidence…")
        store = self.store
        tasks.newest(self, "shown", lambda: read_lists(store), self._show_lists, self._failed)

    def _failed(self, message: str) -> None:
        self._asked_at = None  # the next visit tries again
        self.files_footer.setText(f"svdesk could not read the evidence: {message}")

    def _show_lists(self, lists: EvidenceLists) -> None:
        # the file chosen before the rows were replaced (a rest not yet shown still has it)
        chosen = self._rest[1] if self._rest is not None else self._selected_file()
        self.files_model.set_rows(lists.files)
        self.files_stack.setCurrentIndex(1 if lists.files else 0)
        self.files_footer.setText(lists.footer)
        self._rest = (lists, chosen)
        self._rest_timer.start()

    def _show_rest(self) -> None:
        if self._rest is None:
            return
        (lists, chosen), self._rest = self._rest, None
        self.missing_model.set_rows(lists.missing)
        self.tabs.setTabText(1, f"Without evidence ({len(lists.missing):,})")
        self.cases_model.set_rows(lists.cases)
        self._fit_columns()
        if chosen is not None:
            self._select_file(chosen.id)
        elif self.files_proxy.rowCount():
            self.files.selectRow(0)  # the newest file, so the preview is never a blank box
        self._show_selected()

    def _fit_columns(self, *_) -> None:
        """Fit the shown tab's table to its first rows, once: the user's widths then stay.
        A hidden tab waits until it is shown (fitting asks every cell of those rows)."""
        view = {0: self.files, 1: self.missing}.get(self.tabs.currentIndex())
        if view is not None and view not in self._sized and view.model().rowCount():
            view.resizeColumnsToContents()
            self._sized.add(view)

    def _select_file(self, evidence_id: int) -> None:
        for i, row in enumerate(self.files_model.rows):
            if row.id == evidence_id:
                index = self.files_proxy.mapFromSource(self.files_model.index(i, 0))
                if index.isValid():
                    self.files.selectRow(index.row())
                return

    def screenshot_dialogs(self):
        """Dialogs for tools/render_screens.py to show."""
        from svdesk.ui.dialogs.case_study_dialog import CaseStudyDialog as Case

        items = evidence.list_evidence(self.store)
        out = [("attach", AttachEvidenceDialog(self.store, [], [], self))]
        if items:
            out.append(("details", EvidenceDetailsDialog(self.store, items[0], self)))
        cases = case_studies.list_case_studies(self.store)
        out.append(("case-study", Case(self.store, cases[0] if cases else None, self)))
        return out
