"""A table of one kind of activity record: search, contract and evidence filters, sort, totals in
the footer, add/edit in a dialog, delete after confirmation, evidence by dialog or drag and drop.

Also KindTabsPage: an area page with one such table per kind, in tabs.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from svdesk.calc import rates
from svdesk.formatting import format_date, format_money, format_percent
from svdesk.services import activities
from svdesk.services.activity_kinds import DERIVED_LABELS, KINDS, FieldSpec, KindSpec
from svdesk.services.conflicts import ConflictError, not_deleted
from svdesk.ui import reads
from svdesk.ui.records.evidence_dialog import AttachEvidenceDialog
from svdesk.ui.records.keyed_combo import combo
from svdesk.ui.records.paged_model import PagedColumn, evidence_colour, evidence_text
from svdesk.ui.records.record_dialog import TRISTATE, RecordDialog
from svdesk.ui.records.table_base import PagedTable
from svdesk.ui.stacks import CurrentTabs, tab_holder
from svdesk.ui.widgets import EmptyState, Page, PageHeader, confirm


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
        return ""  # shown from the record's person_reference (see columns_for)
    if f.type == "factor":
        return rates.ghg_keys().get(value, (value, ""))[0]
    if f.type == "float":
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if f.type == "int":
        return f"{value:,}"
    return str(value).replace("\n", " ")


def period_text(start, end) -> str:
    """ "Oct 2026" for a whole calendar month, "14/03/2026" for a day, else the two dates."""
    if start is None:
        return ""
    if end is None or end == start:
        return format_date(start, short=True)
    if (
        start.day == 1
        and (end + timedelta(days=1)).day == 1
        and (start.year, start.month) == (end.year, end.month)
    ):
        return start.strftime("%b %Y")
    return f"{format_date(start, short=True)} – {format_date(end, short=True)}"


def columns_for(spec: KindSpec) -> list[PagedColumn]:
    cols: list[PagedColumn] = []
    if spec.activity:
        cols.append(PagedColumn("Date", lambda r: period_text(r["date"], r["end_date"]), "date"))
    # The evidence marker comes early so a missing file shows without scrolling.
    cols.append(
        PagedColumn(
            "Evidence",
            lambda r: evidence_text(r.evidence_count),
            "evidence_count",
            colour=lambda r: evidence_colour(r.evidence_count),
        )
    )
    trailing = []  # free-text descriptions go after the figures, which matter more
    for f in spec.fields:
        if f.type == "longtext":
            continue
        if f.type == "person":
            cols.append(PagedColumn(f.label, lambda r: r["person_reference"] or "", f.name))
            continue
        column = PagedColumn(
            f.label, lambda r, f=f: _format(f, r[f.name]), f.name, numeric=f.type in ("int", "float", "money")
        )
        (trailing if f.name == "description" else cols).append(column)
        if f.name == "quantity" and spec.key == "emission_record":
            cols.append(PagedColumn("Unit", lambda r: r.values.get("unit", ""), None))
    for name in spec.totals:
        if name in DERIVED_LABELS and name not in {f.name for f in spec.fields}:
            title, _unit = DERIVED_LABELS[name]
            digits = 3 if name == "tonnes_co2e" else 1
            cols.append(
                PagedColumn(
                    title,
                    lambda r, n=name, d=digits: "" if r[n] is None else f"{r[n]:,.{d}f}",
                    None,
                    numeric=True,
                    tooltip=(lambda r: f"DESNZ {r['edition']} edition" if r["edition"] else "")
                    if name == "tonnes_co2e"
                    else None,
                )
            )
    cols.extend(trailing)
    if spec.activity:
        cols.append(
            PagedColumn("Contract", lambda r: r.contract_reference or "Organisation-wide", "contract_id")
        )
        cols.append(
            PagedColumn(
                "Extra?",
                lambda r: {True: "Yes", False: "No"}.get(r["additional"], "Not answered"),
                "additional",
                tooltip=lambda r: TRISTATE[r["additional"]],
            )
        )
        cols.append(
            PagedColumn(
                "Share", lambda r: format_percent(r["attribution_share"]), "attribution_share", numeric=True
            )
        )
    return cols


def contract_filter_combo(store) -> object:
    options = {None: "All contracts", activities.ORGANISATION_WIDE: "Organisation-wide only"}
    options.update({c.id: c.reference for c in reads.contracts(store)})
    widget = combo(options)
    widget.setAccessibleName("Show records for")
    return widget


class RecordTable(PagedTable):
    def __init__(self, store, kind: str, empty_text: str, parent=None):
        self.spec = KINDS[kind]
        label_ = self.spec.label.lower()
        empty = EmptyState(f"No {label_} yet", empty_text, [(f"Add {self.spec.noun}…", self.add)])
        super().__init__(
            store,
            columns_for(self.spec),
            empty,
            search=f"Search {label_}…",
            search_name=f"Search {label_}",
            help_text="Double-click a row to edit it; drag files onto a row to attach them as evidence.",
            name=self.spec.label,
            settings_key=f"records-{self.spec.key}",
            sort_column=0,
            sort_order=Qt.DescendingOrder if self.spec.activity else Qt.AscendingOrder,
            parent=parent,
        )
        self.contract = contract_filter_combo(store)
        # into the layout (so given a parent) before it is shown or hidden: shown while it had
        # none, it flashed up as a window of its own and took the keyboard focus (issue 20.11)
        self.tools.addWidget(self.contract)
        self.contract.setVisible(self.spec.activity)
        self.no_evidence = QCheckBox("Only without evidence")
        self.tools.addWidget(self.no_evidence)
        self.add_button = self.add_action("Add…", self.add)
        self.edit_button = self.add_action("Edit…", self.edit_selected)
        self.attach_button = self.add_action("Attach evidence…", self.attach_selected)
        self.delete_button = self.add_action("Delete…", self.delete_selected)
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        self.table.files_dropped.connect(self._files_dropped)
        self.contract.currentIndexChanged.connect(lambda *_: self.reload())
        self.no_evidence.toggled.connect(lambda *_: self.reload())
        QShortcut(QKeySequence.Delete, self.table, self.delete_selected)
        self.start()

    def filters(self) -> dict:
        out = {"search": self.search.text(), "without_evidence": self.no_evidence.isChecked()}
        if self.spec.activity:
            out["contract_id"] = self.contract.currentData()
        return out

    def filtered(self, filters: dict) -> bool:
        return any((filters["search"], filters["without_evidence"], filters.get("contract_id")))

    def read_rows(self, filters, offset, limit, order_by, descending) -> list:
        return activities.list_records(
            self.store,
            self.spec.key,
            offset=offset,
            limit=limit,
            order_by=order_by,
            descending=descending,
            **filters,
        )

    def read_count(self, filters) -> int:
        return activities.count_records(self.store, self.spec.key, **filters)

    def read_footer(self, filters) -> str:
        t = activities.totals(self.store, self.spec.key, **filters)
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
        missing = activities.count_records(
            self.store, self.spec.key, **(filters | {"without_evidence": True})
        )
        if missing:
            parts.append(f"⚠ {missing:,} without evidence")
        return "Total: " + " · ".join(parts)

    def _selection_changed(self, *_):
        has = self.selected() is not None
        for b in (self.edit_button, self.delete_button, self.attach_button):
            b.setEnabled(has)

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
        dialog = AttachEvidenceDialog(
            self.store, [(self.spec.key, record.id)], list(files), self, self._describe(record)
        )
        if dialog.exec():
            self._after_change()

    def _files_dropped(self, row: int, files: list) -> None:
        self.table.selectRow(row)
        self.attach_selected(files)

    def delete_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        extra = (
            (
                f"\n\nIts {record.evidence_count} evidence link(s) are removed; the files stay "
                "in the evidence store."
            )
            if record.evidence_count
            else ""
        )
        if confirm(
            self,
            "Delete record",
            f"Delete this record?\n{self._describe(record)}"
            f"{extra}\n\nYou can undo this from Edit > Undo (Ctrl+Z).",
            "Delete record",
        ):
            try:
                activities.delete_record(self.store, self.spec.key, record.id, record.row_version)
            except ConflictError as exc:  # changed or deleted by someone else since listed
                QMessageBox.information(self, "Delete record", not_deleted(exc))
            self._after_change()


class KindTabsPage(Page):
    """An area page: header with the main action, then one RecordTable per kind in tabs.

    A tab's table is built the first time the tab is shown: building a table (its widgets under
    the style sheet, its read) costs tens of milliseconds on the GUI thread, and most visits look
    at one tab.
    """

    TITLE = ""
    PURPOSE = ""
    ACTION = ""
    TABS: tuple[tuple[str, str], ...] = ()  # (kind, empty-state text)

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.header = PageHeader(self.TITLE, self.PURPOSE, self.ACTION, self.add_current)
        self.layout_.addWidget(self.header)
        self.tabs = CurrentTabs(self)  # made in place, like what goes in it (see tab_holder)
        self.tables: dict[str, RecordTable] = {}  # the tables built so far, by kind
        self._holders: dict[QWidget, tuple[str, str]] = {}
        self.add_extra_tabs_before()
        for kind, text in self.TABS:
            self._holders[tab_holder(self.tabs, KINDS[kind].label)] = (kind, text)
        self.layout_.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._tab_changed()

    def add_extra_tabs_before(self) -> None:
        """Pages with a tab that is not a record kind (People) add it here."""

    def table(self, kind: str) -> RecordTable:
        """The kind's table, built now if its tab has not been shown yet."""
        if kind not in self.tables:
            holder = next(h for h, (k, _text) in self._holders.items() if k == kind)
            table = RecordTable(self.store, kind, self._holders[holder][1], holder)
            holder.layout().addWidget(table)
            self.tables[kind] = table
        return self.tables[kind]

    def _current_table(self) -> RecordTable | None:
        held = self._holders.get(self.tabs.currentWidget())
        return self.table(held[0]) if held else None

    def _tab_changed(self, *_):
        table = self._current_table()
        if self.header.action is not None:
            noun = table.spec.noun if table is not None else self.ACTION_NOUN
            self.header.action.setText(f"Add {noun}…")

    ACTION_NOUN = "a record"

    def add_current(self) -> None:
        table = self._current_table()
        if table is not None:
            table.add()

    def refresh(self) -> None:
        for table in self.tables.values():
            table.refresh()

    def screenshot_dialogs(self):
        """Dialogs for tools/render_screens.py to show: one add form per kind."""
        return [(kind, RecordDialog(self.store, kind, None, self)) for kind, _text in self.TABS]
