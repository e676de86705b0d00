"""One spend line in full: what it was, the money, the dates, and which file and row it came
from, so the user can find it in their accounts. Opened from the Spend lines table (which is
where every figure's drill-down leads)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QPushButton, QVBoxLayout

from svdesk.formatting import format_date, format_money
from svdesk.importers import UnknownLayout, layout_by_name
from svdesk.services.spend_lines import SpendLineDetail
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label


def _layout_label(name: str) -> str:
    try:
        return layout_by_name(name).label
    except UnknownLayout:
        return name


def _days(detail: SpendLineDetail) -> str:
    line = detail.line
    if not (line.invoice_date and line.paid_date):
        return "" if line.paid_date else "Not paid yet, or the file does not say"
    days = (line.paid_date - line.invoice_date).days
    within = "within" if days <= 30 else "later than"
    return f"{days} days after the invoice ({within} 30 days)"


class SpendLineDialog(GuardedDialog):
    unsaved_what = "this spend line"

    def __init__(self, detail: SpendLineDetail, on_edit_supplier=None, parent=None):
        super().__init__(parent)
        line = detail.line
        self.detail = detail
        self.setWindowTitle("Spend line")
        self.setMinimumWidth(520)
        outer = QVBoxLayout(self)
        outer.addWidget(label(line.supplier, "SectionTitle"))
        outer.addWidget(label(line.description or "No description in the file", "Muted"))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignRight)
        vat = (
            line.gross_pence - line.net_pence
            if line.gross_pence is not None and line.net_pence is not None
            else None
        )
        contract = (
            f"{line.contract}: {detail.contract_title}"
            if line.contract
            else "No particular contract (general spend)"
        )
        rows = [
            ("Counts on", format_date(line.spend_date)),
            ("Supplier's postcode", line.postcode or "Not known, so never counted as local"),
            ("Reference", line.reference or "None"),
            ("Net", format_money(line.net_pence, blank="Not in the file")),
            ("VAT", format_money(vat, blank="Not known")),
            ("Gross", format_money(line.gross_pence, blank="Not in the file")),
            ("Invoice date", format_date(line.invoice_date) or "Not in the file"),
            ("Due", format_date(detail.due_date) or "Not in the file"),
            ("Paid", " · ".join(x for x in (format_date(line.paid_date), _days(detail)) if x)),
            ("Bought for", contract),
            (
                "Came from",
                f"{detail.file_name}, row {detail.source_row:,} ({_layout_label(detail.file_layout)})",
            ),
            ("Imported", format_date(detail.imported_at.date())),
        ]
        for caption, value in rows:
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextSelectableByMouse)
            form.addRow(caption, text)
        outer.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        if on_edit_supplier is not None:
            edit = QPushButton("Edit the supplier…")
            edit.setToolTip("Its postcode, size and VCSE type decide how this spend counts")
            edit.clicked.connect(lambda: (self.accept(), on_edit_supplier(line.supplier_id)))
            buttons.addButton(edit, QDialogButtonBox.ActionRole)
        outer.addWidget(buttons)
