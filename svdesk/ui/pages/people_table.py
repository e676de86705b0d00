"""The People tab: everyone employed, with FTE, pay against the wage floors on a chosen date,
and whether they are local to each contract they work on."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_date, format_money
from svdesk.services import people
from svdesk.ui import style
from svdesk.ui.dialogs.person_dialog import PersonDialog
from svdesk.ui.forms import OptionalDateEdit
from svdesk.ui.records.evidence_dialog import AttachEvidenceDialog
from svdesk.ui.records.paged_model import PagedColumn, PagedModel, evidence_colour, evidence_text
from svdesk.ui.records.record_table import DropTableView, contract_filter_combo
from svdesk.ui.state import remember_columns
from svdesk.ui.table_model import bold_font
from svdesk.ui.widgets import EmptyState, confirm, label

PAY_WORDS = {"rlw": "✓ Real Living Wage", "nlw": "▲ Below RLW",
             "below_nlw": "✕ Below legal minimum", "unknown": "No pay recorded"}
PAY_COLOURS = {"rlw": style.STATUS["on_track"], "nlw": style.STATUS["at_risk"],
               "below_nlw": style.STATUS["behind"]}
LOCAL_WORDS = {"local": "local", "not_local": "not local", "unknown": "unknown"}


def _local_text(view) -> str:
    return "; ".join(f"{loc.reference}: {LOCAL_WORDS[loc.result.status.value]}"
                     for loc in view.localities) or "No contract"


COLUMNS = [
    PagedColumn("Reference", lambda v: v.person.reference, "reference"),
    PagedColumn("Evidence", lambda v: evidence_text(v.evidence_count), "evidence_count",
                colour=lambda v: evidence_colour(v.evidence_count)),
    PagedColumn("Postcode", lambda v: v.person.postcode, "postcode"),
    PagedColumn("Started", lambda v: format_date(v.person.start_date, short=True), "start_date"),
    PagedColumn("Left", lambda v: format_date(v.person.leave_date, short=True), "leave_date"),
    PagedColumn("FTE", lambda v: f"{v.fte:.2f}", "weekly_hours", numeric=True,
                tooltip=lambda v: f"{v.person.weekly_hours or 0:g} hours a week"),
    PagedColumn("Pay / hour", lambda v: format_money(v.hourly_pence), "hourly_rate_pence",
                numeric=True),
    PagedColumn("Pay check", lambda v: PAY_WORDS[v.pay.status], None,
                tooltip=lambda v: v.pay.describe(), colour=lambda v: PAY_COLOURS.get(v.pay.status)),
    PagedColumn("Local to", _local_text, None,
                tooltip=lambda v: "\n".join(f"{loc.reference}: {loc.result.reason}"
                                            for loc in v.localities)),
    PagedColumn("Job", lambda v: people.JOB_STATUSES[v.person.job_status], "job_status"),
    PagedColumn("Priority group", lambda v: (people.PRIORITY_GROUPS.get(v.person.priority_group, "")
                                             if v.person.priority_group else "").split(" (")[0],
                "priority_group"),
]


class PeopleTable(QWidget):
    changed = Signal()

    def __init__(self, store, on_import, parent=None):
        super().__init__(parent)
        self.store = store
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 8, 8, 8)
        self.stack = QStackedWidget()
        self.empty = EmptyState(
            "No people recorded yet",
            "Add the people you employ, or import them from your payroll export. Buyers count "
            "local jobs (by home postcode), new jobs, hires from priority groups and pay at the "
            "Real Living Wage. svdesk needs no names: a works number is enough.",
            [("Add a person…", self.add), ("Import from payroll…", on_import)])
        self.stack.addWidget(self.empty)
        page = QWidget()
        inner = QVBoxLayout(page)
        inner.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search people (reference, postcode, programme)…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search people")
        tools.addWidget(self.search, 1)
        self.contract = contract_filter_combo(store)
        self.contract.removeItem(1)      # "organisation-wide" means nothing for people
        tools.addWidget(self.contract)
        tools.addWidget(QLabel("Check pay on"))
        self.on_date = OptionalDateEdit()
        self.on_date.setDate(QDate.currentDate())
        self.on_date.setAccessibleName("Check pay on")
        tools.addWidget(self.on_date)
        inner.addLayout(tools)
        actions = QHBoxLayout()
        actions.addWidget(label("Select a person to edit them or attach evidence; drag files "
                                "onto a row to attach them.", "HelpText"), 1)
        self.buttons = {}
        for name, slot in (("Edit…", self.edit_selected), ("Attach evidence…", self.attach),
                           ("Erase…", self.erase_selected), ("Delete…", self.delete_selected)):
            button = QPushButton(name)
            button.clicked.connect(slot)
            actions.addWidget(button)
            self.buttons[name] = button
        inner.addLayout(actions)
        self.model = PagedModel(COLUMNS, self._fetch, self._count, self)
        self.table = DropTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(32)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("People")
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        self.table.files_dropped.connect(self._dropped)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        inner.addWidget(self.table, 1)
        self.footer = label("", "Muted")
        self.footer.setFont(bold_font())
        inner.addWidget(self.footer)
        self.stack.addWidget(page)
        box.addWidget(self.stack, 1)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda *_: self._timer.start())
        self.contract.currentIndexChanged.connect(lambda *_: self.refresh())
        self.on_date.dateChanged.connect(lambda *_: self.refresh())
        QShortcut(QKeySequence.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.Delete, self.table, self.delete_selected)
        self._sized = False
        self.refresh()

    def _day(self) -> date:
        return self.on_date.value() or date.today()

    def _fetch(self, offset, limit, order_by, descending):
        return people.list_people(self.store, on=self._day(), search=self.search.text(),
                                  contract_id=self.contract.currentData(), offset=offset,
                                  limit=limit, order_by=order_by or "reference",
                                  descending=descending)

    def _count(self) -> int:
        return people.count_people(self.store, search=self.search.text(),
                                   contract_id=self.contract.currentData())

    def refresh(self) -> None:
        self.model.reload()
        filtered = bool(self.search.text() or self.contract.currentData())
        self.stack.setCurrentIndex(1 if self.model.total or filtered else 0)
        self.footer.setText(self._totals())
        if self.model.rows and not self._sized:
            self.table.resizeColumnsToContents()
            remember_columns(self.table, "people")
            self._sized = True
        self._selection_changed()

    def _totals(self) -> str:
        views = people.list_people(self.store, on=self._day(), search=self.search.text(),
                                   contract_id=self.contract.currentData())
        employed = [v for v in views if v.employed_on]
        fte = sum(v.fte for v in employed)
        below = sum(1 for v in employed if v.pay.status in ("nlw", "below_nlw"))
        missing = sum(1 for v in views if v.evidence_count == 0 and not v.person.erased)
        text = (f"Total: {len(views)} people · {len(employed)} employed on "
                f"{format_date(self._day())} · {fte:.2f} FTE · {below} paid below the Real "
                "Living Wage")
        return text + (f" · ⚠ {missing} without evidence" if missing else "")

    def _selection_changed(self, *_):
        view = self.selected()
        for name, button in self.buttons.items():
            button.setEnabled(view is not None and (name == "Delete…" or not view.person.erased))

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def add(self) -> None:
        if PersonDialog(self.store, None, self).exec():
            self._after()

    def edit_selected(self) -> None:
        view = self.selected()
        if view is None:
            return
        if view.person.erased:
            QMessageBox.information(self, "Erased record", "This person's details were erased; "
                                    "only anonymous counts remain, so it cannot be edited.")
            return
        if PersonDialog(self.store, view.person, self).exec():
            self._after()

    def attach(self, files=()) -> None:
        view = self.selected()
        if view is not None and AttachEvidenceDialog(
                self.store, [("person", view.person.id)], list(files), self,
                f"Person {view.person.reference}").exec():
            self._after()

    def _dropped(self, row: int, files: list) -> None:
        self.table.selectRow(row)
        self.attach(files)

    def erase_selected(self) -> None:
        view = self.selected()
        if view is None or not confirm(
                self, "Erase personal details",
                f"Erase {view.person.reference}'s personal details?\n\nThe reference, postcodes, "
                "pay, notes and recruitment programme are removed for good. Dates, hours and "
                "whether they were local to each contract are kept as anonymous counts.",
                "Erase details"):
            return
        result = people.erase_person(self.store, view.person.id)
        if result.evidence_links_removed:
            QMessageBox.information(self, "Details erased", (
                f"{result.evidence_links_removed} evidence file(s) were linked to this person "
                "and have been unlinked. Check them on the Evidence page and delete any that "
                "name the person."))
        self._after()

    def delete_selected(self) -> None:
        view = self.selected()
        if view is not None and confirm(
                self, "Delete person", f"Delete {view.person.reference} completely?\n\nUse this "
                "for a record made by mistake. To keep anonymous counts, use Erase instead. "
                "This cannot be undone.", "Delete person"):
            people.delete_person(self.store, view.person.id)
            self._after()

    def _after(self) -> None:
        self.refresh()
        self.changed.emit()
