"""A table of one kind of activity record: search, contract and evidence filters, sort, totals in
the footer, add/edit in a dialog, delete after confirmation, evidence by dialog or drag and drop.

Also KindTabsPage: an area page with one such table per kind, in tabs.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from svdesk.calc import rates
from svdesk.formatting import format_date, format_money, format_percent
from svdesk.services import activities
from svdesk.services.activity_kinds import DERIVED_LABELS, KINDS, FieldSpec, KindSpec
from svdesk.services.contracts import list_contracts
from svdesk.ui.records.keyed_combo import combo
from svdesk.ui.records.evidence_dialog import AttachEvidenceDialog, dropped_files
from svdesk.ui.records.paged_model import (PagedColumn, PagedModel, evidence_colour,
                                           evidence_text)
from svdesk.ui.records.record_dialog import TRISTATE, RecordDialog
from svdesk.ui.state import remember_columns
from svdesk.ui.table_model import bold_font
from svdesk.ui.widgets import EmptyState, Page, PageHeader, confirm, label


class DropTableView(QTableView):
    """A table that takes files dropped on a row (to attach them as evidence)."""

    files_dropped = Signal(int, list)   # row, [Path]

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DropOnly)

    def dragEnterEvent(self, event):  # noqa: N802
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event):  # noqa: N802
        if dropped_files(event.mimeData()) and self.indexAt(event.position().toPoint()).isValid():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event):  # noqa: N802
        index = self.indexAt(event.position().toPoint())
        files = dropped_files(event.mimeData())
        if index.isValid() and files:
            self.files_dropped.emit(index.row(), files)
            event.acceptProposedAction()


def _format(f: FieldSpec, value) -> str:
    if value is None or value == "":
        return ""
    if f.type == "money":
        return format_money(value)
    if f.type == "date":
        return format_date(value, short=True)
    if f.type == "bool":
        return "Yes" if value else ""
    if f.type == "choice":
        return f.choices.get(value, str(value))
    if f.type == "person":
        return ""   # shown from the record's person_reference (see columns_for)
    if f.type == "factor":
        return rates.ghg_keys().get(value, (value, ""))[0]
    if f.type == "float":
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if f.type == "int":
        return f"{value:,}"
    return str(value).replace("\n", " ")


def period_text(start, end) -> str:
    """"Oct 2026" for a whole calendar month, "14/03/2026" for a day, else the two dates."""
    if start is None:
        return ""
    if end is None or end == start:
        return format_date(start, short=True)
    if start.day == 1 and (end + timedelta(days=1)).day == 1 and \
            (start.year, start.month) == (end.year, end.month):
        return start.strftime("%b %Y")
    return f"{format_date(start, short=True)} – {format_date(end, short=True)}"


def columns_for(spec: KindSpec) -> list[PagedColumn]:
    cols: list[PagedColumn] = []
    if spec.activity:
        cols.append(PagedColumn("Date", lambda r: period_text(r["date"], r["end_date"]), "date"))
    # The evidence marker comes early so a missing file shows without scrolling.
    cols.append(PagedColumn("Evidence", lambda r: evidence_text(r.evidence_count),
                            "evidence_count", colour=lambda r: evidence_colour(r.evidence_count)))
    trailing = []   # free-text descriptions go after the figures, which matter more
    for f in spec.fields:
        if f.type == "longtext":
            continue
        if f.type == "person":
            cols.append(PagedColumn(f.label, lambda r: r["person_reference"] or "", f.name))
            continue
        column = PagedColumn(f.label, lambda r, f=f: _format(f, r[f.name]), f.name,
                             numeric=f.type in ("int", "float", "money"))
        (trailing if f.name == "description" else cols).append(column)
        if f.name == "quantity" and spec.key == "emission_record":
            cols.append(PagedColumn("Unit", lambda r: r.values.get("unit", ""), None))
    for name in spec.totals:
        if name in DERIVED_LABELS and name not in {f.name for f in spec.fields}:
            title, _unit = DERIVED_LABELS[name]
            digits = 3 if name == "tonnes_co2e" else 1
            cols.append(PagedColumn(title, lambda r, n=name, d=digits: (
                "" if r[n] is None else f"{r[n]:,.{d}f}"), None, numeric=True,
                tooltip=(lambda r: f"DESNZ {r['edition']} edition" if r["edition"] else "")
                if name == "tonnes_co2e" else None))
    cols.extend(trailing)
    if spec.activity:
        cols.append(PagedColumn("Contract", lambda r: r.contract_reference or "Organisation-wide",
                                "contract_id"))
        cols.append(PagedColumn("Extra?", lambda r: {True: "Yes", False: "No"}.get(
            r["additional"], "Not answered"), "additional",
            tooltip=lambda r: TRISTATE[r["additional"]]))
        cols.append(PagedColumn("Share", lambda r: format_percent(r["attribution_share"]),
                                "attribution_share", numeric=True))
    return cols


def contract_filter_combo(store) -> object:
    options = {None: "All contracts", activities.ORGANISATION_WIDE: "Organisation-wide only"}
    options.update({c.id: c.reference for c in list_contracts(store)})
    widget = combo(options)
    widget.setAccessibleName("Show records for")
    return widget


class RecordTable(QWidget):
    changed = Signal()

    def __init__(self, store, kind: str, empty_text: str, parent=None):
        super().__init__(parent)
        self.store = store
        self.spec = KINDS[kind]
        box = QVBoxLayout(self)
        box.setContentsMargins(8, 8, 8, 8)
        self.stack = QStackedWidget()
        self.empty = EmptyState(f"No {self.spec.label.lower()} yet", empty_text,
                                [(f"Add {self.spec.noun}…", self.add)])
        self.stack.addWidget(self.empty)
        table_page = QWidget()
        inner = QVBoxLayout(table_page)
        inner.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(f"Search {self.spec.label.lower()}…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(f"Search {self.spec.label.lower()}")
        tools.addWidget(self.search, 1)
        self.contract = contract_filter_combo(store)
        self.contract.setVisible(self.spec.activity)
        tools.addWidget(self.contract)
        self.no_evidence = QCheckBox("Only without evidence")
        tools.addWidget(self.no_evidence)
        inner.addLayout(tools)
        actions = QHBoxLayout()
        actions.addWidget(label("Double-click a row to edit it; drag files onto a row to attach "
                                "them as evidence.", "HelpText"), 1)
        self.add_button = QPushButton("Add…")
        self.edit_button = QPushButton("Edit…")
        self.attach_button = QPushButton("Attach evidence…")
        self.delete_button = QPushButton("Delete…")
        for button, slot in ((self.add_button, self.add), (self.edit_button, self.edit_selected),
                             (self.attach_button, self.attach_selected),
                             (self.delete_button, self.delete_selected)):
            button.clicked.connect(slot)
            actions.addWidget(button)
        inner.addLayout(actions)
        self.model = PagedModel(columns_for(self.spec), self._fetch, self._count, self)
        self.table = DropTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.DescendingOrder if self.spec.activity else Qt.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(32)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.spec.label)
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        self.table.files_dropped.connect(self._files_dropped)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        inner.addWidget(self.table, 1)
        self.footer = label("", "Muted")
        self.footer.setFont(bold_font())
        inner.addWidget(self.footer)
        self.stack.addWidget(table_page)
        box.addWidget(self.stack, 1)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda *_: self._timer.start())
        self.contract.currentIndexChanged.connect(lambda *_: self.refresh())
        self.no_evidence.toggled.connect(lambda *_: self.refresh())
        QShortcut(QKeySequence.Delete, self.table, self.delete_selected)
        QShortcut(QKeySequence.Find, self, self.search.setFocus)
        self._sized = False
        self.refresh()

    def filters(self) -> dict:
        out = {"search": self.search.text(), "without_evidence": self.no_evidence.isChecked()}
        if self.spec.activity:
            out["contract_id"] = self.contract.currentData()
        return out

    def _fetch(self, offset, limit, order_by, descending):
        return activities.list_records(self.store, self.spec.key, offset=offset, limit=limit,
                                       order_by=order_by, descending=descending, **self.filters())

    def _count(self) -> int:
        return activities.count_records(self.store, self.spec.key, **self.filters())

    def refresh(self) -> None:
        self.model.reload()
        has_any = self.model.total > 0 or any(
            (self.search.text(), self.no_evidence.isChecked(), self.contract.currentData()))
        self.stack.setCurrentIndex(1 if has_any else 0)
        self.footer.setText(self._totals_text())
        if self.model.rows and not self._sized:
            self.table.resizeColumnsToContents()
            remember_columns(self.table, f"records-{self.spec.key}")
            self._sized = True
        self._selection_changed()

    def _totals_text(self) -> str:
        t = activities.totals(self.store, self.spec.key, **self.filters())
        parts = [f"{t['count']:,} record{'s' if t['count'] != 1 else ''}"]
        for name in self.spec.totals:
            value = t.get(name) or 0
            if name == "amount_pence":
                parts.append(f"{format_money(int(value))} given")
            elif name == "tonnes_co2e":
                parts.append(f"{value:,.2f} tCO2e")
            elif name in DERIVED_LABELS:
                title, unit = DERIVED_LABELS[name]
                parts.append(f"{value:,.1f} {title.lower()}")
            else:
                f = self.spec.field(name)
                parts.append(f"{value:,.1f} {f.unit or f.label.lower()}".replace(".0 ", " "))
        missing = activities.count_records(self.store, self.spec.key,
                                           **(self.filters() | {"without_evidence": True}))
        if missing:
            parts.append(f"⚠ {missing:,} without evidence")
        return "Total: " + " · ".join(parts)

    def _selection_changed(self, *_):
        has = self.selected() is not None
        for b in (self.edit_button, self.delete_button, self.attach_button):
            b.setEnabled(has)

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def add(self) -> None:
        dialog = RecordDialog(self.store, self.spec.key, None, self)
        if dialog.exec():
            self._after_change()

    def edit_selected(self) -> None:
        record = self.selected()
        if record is not None and RecordDialog(self.store, self.spec.key, record, self).exec():
            self._after_change()

    def _describe(self, record) -> str:
        title = record.values.get(self.spec.title_field, "") if self.spec.title_field else ""
        day = format_date(record.values.get("date")) if self.spec.activity else ""
        return " · ".join(x for x in (self.spec.label, str(title or ""), day) if x)

    def attach_selected(self, files=()) -> None:
        record = self.selected()
        if record is None:
            return
        dialog = AttachEvidenceDialog(self.store, [(self.spec.key, record.id)], list(files),
                                      self, self._describe(record))
        if dialog.exec():
            self._after_change()

    def _files_dropped(self, row: int, files: list) -> None:
        self.table.selectRow(row)
        self.attach_selected(files)

    def delete_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        extra = (f"\n\nIts {record.evidence_count} evidence link(s) are removed; the files stay "
                 "in the evidence store.") if record.evidence_count else ""
        if confirm(self, "Delete record", f"Delete this record?\n{self._describe(record)}"
                   f"{extra}\n\nThis cannot be undone.", "Delete record"):
            activities.delete_record(self.store, self.spec.key, record.id)
            self._after_change()

    def _after_change(self) -> None:
        self.refresh()
        self.changed.emit()


class KindTabsPage(Page):
    """An area page: header with the main action, then one RecordTable per kind in tabs."""

    TITLE = ""
    PURPOSE = ""
    ACTION = ""
    TABS: tuple[tuple[str, str], ...] = ()     # (kind, empty-state text)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.header = PageHeader(self.TITLE, self.PURPOSE, self.ACTION, self.add_current)
        self.layout_.addWidget(self.header)
        self.tabs = QTabWidget()
        self.tables: dict[str, RecordTable] = {}
        self.add_extra_tabs_before()
        for kind, text in self.TABS:
            table = RecordTable(store, kind, text)
            self.tables[kind] = table
            self.tabs.addTab(table, KINDS[kind].label)
        self.layout_.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._tab_changed()

    def add_extra_tabs_before(self) -> None:
        """Pages with a tab that is not a record kind (People) add it here."""

    def _tab_changed(self, *_):
        table = self.tabs.currentWidget()
        if self.header.action is not None:
            noun = table.spec.noun if isinstance(table, RecordTable) else self.ACTION_NOUN
            self.header.action.setText(f"Add {noun}…")

    ACTION_NOUN = "a record"

    def add_current(self) -> None:
        table = self.tabs.currentWidget()
        if isinstance(table, RecordTable):
            table.add()

    def refresh(self) -> None:
        for table in self.tables.values():
            table.refresh()

    def screenshot_dialogs(self):
        """Dialogs for tools/render_screens.py to show: one add form per kind."""
        return [(kind, RecordDialog(self.store, kind, None, self)) for kind in self.tables]
