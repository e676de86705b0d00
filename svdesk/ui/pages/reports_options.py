"""The Reports page's options: which document, contract, period, format and file are chosen,
the name suggested for the file, the export request they make and what is wrong with them.

Split from svdesk.ui.pages.reports (which builds the page and runs the export): ReportsPage
takes these methods from ReportOptions.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt

from svdesk.calc.periods import financial_year
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import EXPORTS
from svdesk.services.organisation import get_organisation
from svdesk.ui import reads
from svdesk.ui.state import app_settings

FORMAT_NAMES = {
    ".xlsx": "Excel workbook (.xlsx)",
    ".pdf": "PDF document (.pdf)",
    ".docx": "Word document (.docx)",
    ".txt": "Plain text for a portal (.txt)",
}


DEFAULT_PERIOD = {
    "workbook": "Contract term to date (or this financial year)",
    "return": "Contract term to date, quarter by quarter",
    "pack": "Contract term to date (or this financial year)",
    "statement": "Last complete financial year",
    "tender": "Not needed: past delivery uses the last twelve months",
    "assessment": "Not needed: the latest completed assessment",
    "crp": "The reporting period set in the plan (or the last financial year)",
}


def default_folder() -> Path:
    """The folder the last export went to, else Documents, else the home folder."""
    last = Path(app_settings().export_folder) if app_settings().export_folder else None
    if last is not None and last.is_dir():
        return last
    docs = Path.home() / "Documents"
    return docs if docs.is_dir() else Path.home()


class ReportOptions:
    """What is chosen on the Reports page, kept up to date as the choices change, and checked
    before an export (mixed into ReportsPage, which builds the widgets these read)."""

    def refresh(self) -> None:
        org = get_organisation(self.store)
        self.empty.setVisible(org is None)
        self.body.setVisible(org is not None)
        self.header.action.setVisible(org is not None)
        current = self.contract.currentData()
        self.contract.blockSignals(True)
        self.contract.clear()
        self.contract.addItem("All contracts (organisation-wide)", None)
        for c in reads.contracts(self.store):
            self.contract.addItem(f"{c.reference} · {c.title} ({c.status_label})", c.id)
            self.contract.setItemData(self.contract.count() - 1, c, Qt.UserRole + 1)
        index = self.contract.findData(current)
        self.contract.setCurrentIndex(max(index, 0))
        self.contract.blockSignals(False)
        self.period.blockSignals(True)
        self.period.clear()
        self.period.addItem("Contract term to date (or this financial year)", "default")
        start_month = org.year_start_month if org else 4
        this_year = financial_year(date.today(), start_month)
        for back in range(0, 3):
            year = financial_year(date(this_year.start.year - back, start_month, 1), start_month)
            self.period.addItem(year.label, year.start.year)
        self.period.addItem("Dates I choose", "custom")
        if self.documents.currentItem() is not None:
            key = self.documents.currentItem().data(Qt.UserRole)
            self.period.setItemText(0, DEFAULT_PERIOD.get(key, DEFAULT_PERIOD["workbook"]))
        self.period.blockSignals(False)
        self._period_changed()
        self.validate()

    def kind(self):
        item = self.documents.currentItem()
        return EXPORTS[item.data(Qt.UserRole)] if item else None

    def _kind_changed(self, *_):
        kind = self.kind()
        if kind is None:
            return
        self.format.blockSignals(True)
        self.format.clear()
        for suffix in kind.formats:
            self.format.addItem(FORMAT_NAMES[suffix], suffix)
        self.format.blockSignals(False)
        self._format_changed()
        self.tender_button.setVisible(kind.key == "tender")
        self.crp_button.setVisible(kind.key == "crp")
        self.contract.setEnabled(kind.key != "crp")  # a plan is for the whole firm
        self.notes_button.setVisible(kind.key == "return")
        self.workbook_button.setVisible(kind.key == "return")
        self.period.setItemText(0, DEFAULT_PERIOD.get(kind.key, DEFAULT_PERIOD["workbook"]))
        dated = kind.key not in ("assessment", "tender")
        self.period.setEnabled(dated)
        if not dated:
            self.period.setCurrentIndex(0)
        self.contract.model().item(0).setEnabled(not kind.needs_contract)
        self.contract.setEnabled(kind.takes_contract)  # the assessment is organisation-wide
        if not kind.takes_contract:
            self.contract.setCurrentIndex(0)
        if kind.needs_contract and self.contract.currentIndex() == 0 and self.contract.count() > 1:
            self.contract.setCurrentIndex(1)
        self._user_named = False
        self._suggest_name()
        self.check_crp()
        self.validate()

    def _format_changed(self, *_):
        pdf = self.format.currentData() == ".pdf"
        self.logo.setEnabled(pdf)
        self.choose_logo.setEnabled(pdf)

    def _period_changed(self, *_):
        custom = self.period.currentData() == "custom"
        for w in (self.start, self.to_label, self.end):
            w.setVisible(custom)
        self.check_crp()
        self.validate()

    def _suggest_name(self, *_):
        kind = self.kind()
        if kind is None or self._user_named and self.out.text().strip():
            if kind is not None and self.out.text().strip():
                path = Path(self.out.text().strip())
                suffix = self.format.currentData() or kind.formats[0]
                if path.suffix.lower() != suffix:
                    self.out.setText(str(path.with_suffix(suffix)))
            return
        contract = self.contract.currentData(Qt.UserRole + 1)
        scope = contract.reference if contract else "all contracts"
        name = f"{kind.title} {scope} {date.today():%Y-%m-%d}"
        name = "".join(ch if ch.isalnum() or ch in " -_." else "-" for ch in name)
        folder = Path(self.out.text()).parent if self.out.text().strip() else default_folder()
        self.out.setText(str(folder / (name + (self.format.currentData() or kind.formats[0]))))

    def request(self) -> ExportRequest | None:
        kind = self.kind()
        if kind is None:
            return None
        req = ExportRequest(
            kind.key, contract_id=self.contract.currentData() if kind.takes_contract else None
        )
        if self.logo.text().strip() and self.logo.isEnabled():
            req.logo = Path(self.logo.text().strip())
        period = self.period.currentData()
        if period == "custom":
            req.start, req.end = self.start.value(), self.end.value()
        elif isinstance(period, int):
            req.year = period
        return req

    def problems(self) -> str:
        kind = self.kind()
        if kind is None:
            return "Choose a document."
        if kind.needs_contract and self.contract.currentData() is None:
            return f"The {kind.title.lower()} is for one contract: choose it."
        if kind.key == "crp" and self._crp_problems:
            return (
                "The plan would be rejected: "
                + " ".join(self._crp_problems)
                + " Fill in the Carbon Reduction Plan to fix this."
            )
        if self.period.currentData() == "custom":
            start, end = self.start.value(), self.end.value()
            if start is None or end is None:
                return "Choose the first and last day of the period."
            if end < start:
                return "The end date is before the start date."
        logo = self.logo.text().strip() if self.logo.isEnabled() else ""
        if logo and not (Path(logo).is_file() and Path(logo).suffix.lower() in (".png", ".jpg", ".jpeg")):
            return "The logo must be a PNG or JPEG file that exists (or leave it blank)."
        text = self.out.text().strip()
        if not text:
            return "Choose where to save the file."
        path = Path(text)
        if path.suffix.lower() not in kind.formats:
            return (
                f"Save the {kind.title.lower()} as {', '.join(kind.formats)} "
                f"(the file name ends “{path.suffix or 'with no type'}”)."
            )
        if not path.parent.is_dir():
            return f"The folder {path.parent} does not exist."
        return ""

    def validate(self, *_) -> bool:
        message = self.problems()
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        if self.header.action is not None:
            self.header.action.setEnabled(not message)
        return not message
