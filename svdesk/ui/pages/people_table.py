"""The People tab: everyone employed, with FTE, pay against the wage floors on a chosen date,
and whether they are local to each contract they work on."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMessageBox

from svdesk.formatting import format_date, format_money
from svdesk.services import people, people_edits
from svdesk.services.conflicts import ConflictError, not_deleted
from svdesk.services.people_totals import people_totals
from svdesk.ui import style
from svdesk.ui.dialogs.person_dialog import PersonDialog
from svdesk.ui.forms import OptionalDateEdit
from svdesk.ui.records.evidence_dialog import AttachEvidenceDialog
from svdesk.ui.records.paged_model import PagedColumn, evidence_colour, evidence_text
from svdesk.ui.records.record_table import contract_filter_combo
from svdesk.ui.records.table_base import PagedTable
from svdesk.ui.widgets import EmptyState, confirm

PAY_WORDS = {
    "rlw": "✓ Real Living Wage",
    "nlw": "▲ Below RLW",
    "below_nlw": "✕ Below legal minimum",
    "unknown": "No pay recorded",
}
PAY_COLOURS = {
    "rlw": style.STATUS["on_track"],
    "nlw": style.STATUS["at_risk"],
    "below_nlw": style.STATUS["behind"],
}
LOCAL_WORDS = {"local": "local", "not_local": "not local", "unknown": "unknown"}


def _local_text(view) -> str:
    return (
        "; ".join(f"{loc.reference}: {LOCAL_WORDS[loc.result.status.value]}" for loc in view.localities)
        or "No contract"
    )


COLUMNS = [
    PagedColumn("Reference", lambda v: v.person.reference, "reference"),
    PagedColumn(
        "Evidence",
        lambda v: evidence_text(v.evidence_count),
        "evidence_count",
        colour=lambda v: evidence_colour(v.evidence_count),
    ),
    PagedColumn("Postcode", lambda v: v.person.postcode, "postcode"),
    PagedColumn("Started", lambda v: format_date(v.person.start_date, short=True), "start_date"),
    PagedColumn("Left", lambda v: format_date(v.person.leave_date, short=True), "leave_date"),
    PagedColumn(
        "FTE",
        lambda v: f"{v.fte:.2f}",
        "weekly_hours",
        numeric=True,
        tooltip=lambda v: f"{v.person.weekly_hours or 0:g} hours a week",
    ),
    PagedColumn("Pay / hour", lambda v: format_money(v.hourly_pence), "hourly_rate_pence", numeric=True),
    PagedColumn(
        "Pay check",
        lambda v: PAY_WORDS[v.pay.status],
        None,
        tooltip=lambda v: v.pay.describe(),
        colour=lambda v: PAY_COLOURS.get(v.pay.status),
    ),
    PagedColumn(
        "Local to",
        _local_text,
        None,
        tooltip=lambda v: "\n".join(f"{loc.reference}: {loc.result.reason}" for loc in v.localities),
    ),
    PagedColumn("Job", lambda v: people.JOB_STATUSES[v.person.job_status], "job_status"),
    PagedColumn(
        "Priority group",
        lambda v: (
            people.PRIORITY_GROUPS.get(v.person.priority_group, "") if v.person.priority_group else ""
        ).split(" (")[0],
        "priority_group",
    ),
]


class PeopleTable(PagedTable):
    def __init__(self, store, on_import, parent=None):
        empty = EmptyState(
            "No people recorded yet",
            "Add the people you employ, or import them from your payroll export. Buyers count "
            "local jobs (by home postcode), new jobs, hires from priority groups and pay at the "
            "Real Living Wage. svdesk needs no names: a works number is enough.",
            [("Add a person…", self.add), ("Import from payroll…", on_import)],
        )
        super().__init__(
            store,
            COLUMNS,
            empty,
            search="Search people (reference, postcode, programme)…",
            search_name="Search people",
            help_text="Select a person to edit them or attach "
            "evidence; drag files onto a row to attach them.",
            name="People",
            settings_key="people",
            sort_column=0,
            sort_order=Qt.AscendingOrder,
            parent=parent,
        )
        self.contract = contract_filter_combo(store)
        self.contract.removeItem(1)  # "organisation-wide" means nothing for people
        self.tools.addWidget(self.contract)
        self.tools.addWidget(QLabel("Check pay on"))
        self.on_date = OptionalDateEdit()
        self.on_date.setDate(QDate.currentDate())
        self.on_date.setAccessibleName("Check pay on")
        self.tools.addWidget(self.on_date)
        self.buttons = {
            name: self.add_action(name, slot)
            for name, slot in (
                ("Edit…", self.edit_selected),
                ("Attach evidence…", self.attach),
                ("Erase…", self.erase_selected),
                ("Delete…", self.delete_selected),
            )
        }
        self.table.doubleClicked.connect(lambda *_: self.edit_selected())
        self.table.files_dropped.connect(self._dropped)
        self.contract.currentIndexChanged.connect(lambda *_: self.reload())
        self.on_date.dateChanged.connect(lambda *_: self.reload())
        QShortcut(QKeySequence.Delete, self.table, self.delete_selected)
        self.start()

    def filters(self) -> dict:
        return {
            "search": self.search.text(),
            "contract_id": self.contract.currentData(),
            "on": self.on_date.value() or date.today(),
        }

    def filtered(self, filters: dict) -> bool:
        return bool(filters["search"] or filters["contract_id"])

    def read_rows(self, filters, offset, limit, order_by, descending) -> list:
        return people.list_people(
            self.store,
            on=filters["on"],
            search=filters["search"],
            contract_id=filters["contract_id"],
            offset=offset,
            limit=limit,
            order_by=order_by or "reference",
            descending=descending,
        )

    def read_count(self, filters) -> int:
        return people.count_people(self.store, search=filters["search"], contract_id=filters["contract_id"])

    def read_footer(self, filters) -> str:
        t = people_totals(
            self.store, on=filters["on"], search=filters["search"], contract_id=filters["contract_id"]
        )
        text = (
            f"Total: {t.people:,} people · {t.employed:,} employed on "
            f"{format_date(filters['on'])} · {t.fte:,.2f} FTE · {t.below_living_wage:,} "
            "paid below the Real Living Wage"
        )
        return text + (f" · ⚠ {t.without_evidence:,} without evidence" if t.without_evidence else "")

    def _selection_changed(self, *_):
        view = self.selected()
        for name, button in self.buttons.items():
            button.setEnabled(view is not None and (name == "Delete…" or not view.person.erased))

    def add(self) -> None:
        if PersonDialog(self.store, None, self).exec():
            self._after_change()

    def edit_selected(self) -> None:
        view = self.selected()
        if view is None:
            return
        if view.person.erased:
            QMessageBox.information(
                self,
                "Erased record",
                "This person's details were erased; only anonymous counts remain, so it cannot be edited.",
            )
            return
        if PersonDialog(self.store, view.person, self).exec():
            self._after_change()

    def attach(self, files=()) -> None:
        view = self.selected()
        if (
            view is not None
            and AttachEvidenceDialog(
                self.store, [("person", view.person.id)], list(files), self, f"Person {view.person.reference}"
            ).exec()
        ):
            self._after_change()

    def _dropped(self, row: int, files: list) -> None:
        self.table.selectRow(row)
        self.attach(files)

    def erase_selected(self) -> None:
        view = self.selected()
        if view is None or not confirm(
            self,
            "Erase personal details",
            f"Erase {view.person.reference}'s personal details?\n\nThe reference, postcodes, "
            "pay, notes and recruitment programme are removed for good. Dates, hours and "
            "whether they were local to each contract are kept as anonymous counts.",
            "Erase details",
        ):
            return
        result = people_edits.erase_person(self.store, view.person.id)
        if result.evidence_links_removed:
            QMessageBox.information(
                self,
                "Details erased",
                (
                    f"{result.evidence_links_removed} evidence file(s) were linked to this person "
                    "and have been unlinked. Check them on the Evidence page and delete any that "
                    "name the person."
                ),
            )
        self._after_change()

    def delete_selected(self) -> None:
        view = self.selected()
        if view is not None and confirm(
            self,
            "Delete person",
            f"Delete {view.person.reference} completely?\n\nUse this "
            "for a record made by mistake. To keep anonymous counts, use Erase instead. "
            "You can undo this from Edit > Undo (Ctrl+Z).",
            "Delete person",
        ):
            try:
                people_edits.delete_person(self.store, view.person.id, view.person.row_version)
            except ConflictError as exc:  # changed or deleted by someone else since listed
                QMessageBox.information(self, "Delete person", not_deleted(exc))
            self._after_change()
