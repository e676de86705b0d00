"""Add a tender question to a bid: the buyer's words, the limit and what it counts, the
weighting. Nothing is stored until the user adds it (no placeholder question left behind)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QDoubleSpinBox, QPlainTextEdit, QSpinBox, QVBoxLayout

from svdesk.services.bids import UNITS, QuestionData, save_question
from svdesk.services.validation import ValidationError
from svdesk.ui.forms import Form, combo
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label, primary_button


class BidQuestionDialog(GuardedDialog):
    unsaved_what = "this question"

    def __init__(self, store, contract_id: int, bid_label: str, parent=None):
        super().__init__(parent)
        self.store, self.contract_id = store, contract_id
        self.saved: QuestionData | None = None
        self.setWindowTitle("Add a tender question")
        self.resize(560, 380)
        layout = QVBoxLayout(self)
        layout.addWidget(label(bid_label, "SectionTitle"))
        self.form = Form(columns=3)
        self.text = self.form.add(
            "text",
            "The buyer's question",
            QPlainTextEdit(),
            "Paste it exactly as the tender gives it.",
            required=True,
            span=3,
        )
        self.limit = QSpinBox()
        self.limit.setRange(0, 100_000)
        self.limit.setSpecialValueText("No limit")
        self.form.add("limit", "Limit", self.limit)
        self.unit = self.form.add("limit_unit", "Counts", combo(UNITS))
        self.weight = QDoubleSpinBox()
        self.weight.setRange(0, 100)
        self.weight.setSuffix(" %")
        self.weight.setSpecialValueText("No weighting")
        self.form.add("weighting", "Weighting", self.weight)
        layout.addWidget(self.form, 1)
        self.error = label("", "FieldError")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.add_button = primary_button("Add the question", self.accept_question)
        buttons.addButton(self.add_button, QDialogButtonBox.AcceptRole)
        buttons.addButton(QDialogButtonBox.Cancel)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept_question(self) -> None:
        data = QuestionData(
            self.contract_id,
            self.text.toPlainText(),
            self.limit.value() or None,
            self.unit.currentData(),
            self.weight.value() or None,
        )
        try:
            self.saved = save_question(self.store, data)
        except ValidationError as exc:
            self.error.setText(" ".join(exc.errors.values()))
            return
        self.accept()
