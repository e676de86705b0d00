"""The contract return's words, per KPI (commitment) and quarter: the buyer's own KPI code and
name, the commentary, the corrective action and the user's confirmation that the figures relate
only to this contract. A quarter without a note opens with the latest earlier one carried in as a
draft; it becomes the quarter's own only when the user changes it or ticks the confirmation."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from svdesk.calc.commitments import contract_quarters
from svdesk.calc.time_spans import Window
from svdesk.formatting import format_date, format_quantity
from svdesk.services import contract_return as cr
from svdesk.services.commitments import list_commitments
from svdesk.services.measure_library import get_measure
from svdesk.ui.forms import Form
from svdesk.ui.state import app_settings, save_settings
from svdesk.ui.unsaved import GuardedDialog
from svdesk.ui.widgets import label


class _KpiBox(QGroupBox):
    def __init__(self, title: str, parent=None):
        super().__init__(title, parent)
        box = QVBoxLayout(self)
        form = Form(columns=2)
        self.code = form.add("code", "Buyer's KPI code", QLineEdit(), "As the buyer prints it, e.g. “SV-07”.")
        self.name = form.add(
            "name", "Buyer's KPI name", QLineEdit(), "Their wording, if it differs from svdesk's."
        )
        self.commentary = form.add(
            "commentary",
            "Commentary",
            QPlainTextEdit(),
            "What happened this quarter, in a sentence or two.",
            span=2,
        )
        self.action = form.add(
            "action",
            "Corrective action",
            QPlainTextEdit(),
            "What you will do where the KPI is behind (or leave blank).",
            span=2,
        )
        for edit in (self.commentary, self.action):
            edit.setFixedHeight(58)
        box.addWidget(form)
        self.relates = QCheckBox("I confirm this quarter's figures relate only to this contract")
        box.addWidget(self.relates)
        self.carried = label("", "HelpText")
        box.addWidget(self.carried)
        self.figures = label("", "Muted")
        box.insertWidget(0, self.figures)

    def values(self) -> tuple[str, str, bool]:
        return (
            self.commentary.toPlainText().strip(),
            self.action.toPlainText().strip(),
            self.relates.isChecked(),
        )


class ReturnNotesDialog(GuardedDialog):
    unsaved_what = "these return notes"

    def __init__(self, store, contract, parent: QWidget | None = None, today: date | None = None):
        super().__init__(parent)
        self.store, self.contract = store, contract
        self.setWindowTitle(f"Return commentary: {contract.reference}")
        self.resize(760, 720)
        today = self.today = today or date.today()
        self.commitments = list_commitments(store, contract.id)
        self.quarters = (
            [q for q in contract_quarters(Window(contract.start_date, contract.end_date)) if q.start <= today]
            if contract.start_date and contract.end_date
            else []
        )
        self.loaded: dict[tuple[int, int], tuple[str, str, bool]] = {}
        self.edits: dict[tuple[int, int], tuple[str, str, bool]] = {}
        self.kpis = {c.id: cr.get_buyer_kpi(store, c.id) for c in self.commitments}

        outer = QVBoxLayout(self)
        outer.addWidget(
            label(
                "Written once per KPI and quarter, printed in the contract return and filled into "
                "the buyer's own workbook. Last quarter's words are carried in as a draft.",
                "Muted",
            )
        )
        top = QHBoxLayout()
        top.addWidget(label("Quarter", wrap=False))
        self.quarter = QComboBox()
        self.quarter.setAccessibleName("Quarter")
        for q in self.quarters:
            self.quarter.addItem(
                f"Q{q.number}: {format_date(q.start)} – {format_date(q.end)}"
                + ("" if q.end < today else " (to date)"),
                q.number,
            )
        top.addWidget(self.quarter, 1)
        outer.addLayout(top)
        self.boxes: dict[int, _KpiBox] = {}
        holder = QWidget()
        inner = QVBoxLayout(holder)
        for c in self.commitments:
            measure = get_measure(store, c.measure_key)
            box = _KpiBox(measure.name if measure else c.measure_key)
            box.code.setText(self.kpis[c.id][0])
            box.name.setText(self.kpis[c.id][1])
            self.boxes[c.id] = box
            inner.addWidget(box)
        if not self.commitments:
            inner.addWidget(
                label(
                    "This contract has no commitments (KPIs) yet: add them on "
                    "the Figures & commitments page.",
                    "Muted",
                )
            )
        elif not self.quarters:
            inner.addWidget(label("No quarter of this contract has started yet.", "Muted"))
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.NoFrame)
        scroll.setWidget(holder)
        outer.addWidget(scroll, 1)
        outer.addWidget(self._threshold_row())
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self._shown: int | None = None
        self.quarter.currentIndexChanged.connect(self._show_quarter)
        if self.quarters:
            done = [i for i, q in enumerate(self.quarters) if q.end < today]
            self.quarter.setCurrentIndex(done[-1] if done else len(self.quarters) - 1)
            self._show_quarter()
        for box in self.boxes.values():
            box.setEnabled(bool(self.quarters))

    def _threshold_row(self) -> QWidget:
        """The status shares (a setting for every contract): delivered to date as a share of
        what was due to date."""
        box = QGroupBox("Status thresholds (for every contract's return)")
        outer = QVBoxLayout(box)
        outer.addWidget(label("Delivered to date as a share of what was due to date.", "HelpText"))
        layout = QHBoxLayout()
        shares = cr.thresholds()
        self.shares: dict[str, QSpinBox] = {}
        for key, caption in (
            ("good", "Good from"),
            ("approaching", "Approaching target from"),
            ("requires_improvement", "Requires improvement from"),
        ):
            spin = QSpinBox()
            spin.setRange(1, 150)
            spin.setSuffix("%")
            spin.setValue(round(shares[key] * 100))
            spin.setAccessibleName(f"{caption} (%)")
            self.shares[key] = spin
            layout.addWidget(label(caption, wrap=False))
            layout.addWidget(spin)
            layout.addSpacing(12)
        layout.addWidget(label("below: Inadequate", wrap=False))
        layout.addStretch(1)
        outer.addLayout(layout)
        return box

    def _save_shares(self) -> None:
        chosen = {k: spin.value() / 100 for k, spin in self.shares.items()}
        if chosen == cr.thresholds():
            return
        settings = app_settings()
        settings.return_thresholds = chosen
        save_settings()

    def _stash(self) -> None:
        if self._shown is None:
            return
        for cid, box in self.boxes.items():
            self.edits[(cid, self._shown)] = box.values()

    def _show_quarter(self, *_):
        self._stash()
        number = self.quarter.currentData()
        if number is None:
            return
        for c in self.commitments:
            box = self.boxes[c.id]
            note = cr.draft_note(cr.notes_for(self.store, c.id), c.id, number)
            self.loaded.setdefault(
                (c.id, number), (note.commentary, note.corrective_action, note.relates_only)
            )
            commentary, action, relates = self.edits.get((c.id, number), self.loaded[(c.id, number)])
            box.commentary.setPlainText(commentary)
            box.action.setPlainText(action)
            box.relates.setChecked(relates)
            box.carried.setText(
                f"Carried from Q{note.carried_from}: change it or tick the confirmation to "
                "make it this quarter's."
                if note.carried_from
                else ""
            )
            box.carried.setVisible(bool(note.carried_from))
        self._shown = number
        self._read_figures(number)

    def _read_figures(self, number: int) -> None:
        """The quarter's figures beside each KPI, read off the GUI thread."""
        from svdesk.services.contract_return import kpi_rows
        from svdesk.ui import tasks

        q = next(q for q in self.quarters if q.number == number)
        as_of = min(q.end, self.today)
        for box in self.boxes.values():
            box.figures.setText("Reading the figures…")
        store, contract = self.store, self.contract
        # a quarter chosen since makes this one's figures be ignored
        tasks.newest(
            self,
            "figures",
            lambda: kpi_rows(store, contract, q.start, q.end, as_of),
            self._show_figures,
        )

    def _show_figures(self, rows) -> None:
        for r in rows:
            box = self.boxes.get(r.commitment_id)
            if box is not None and r.failed:  # no figure to show, never a 0 (issue 19.6)
                box.figures.setText(f"{r.period_label}: {r.failed}. Check the records behind this measure.")
            elif box is not None:
                box.figures.setText(
                    f"{r.period_label}: {format_quantity(r.actual_period, r.unit)} against "
                    f"{format_quantity(r.target_period, r.unit)} due · to date "
                    f"{format_quantity(r.actual_to_date, r.unit)} against "
                    f"{format_quantity(r.target_to_date, r.unit)} · {r.status}"
                )

    def changed_notes(self) -> list[cr.Note]:
        self._stash()
        return [
            cr.Note(cid, q, *values)
            for (cid, q), values in self.edits.items()
            if values != self.loaded.get((cid, q))
        ]

    def save(self) -> None:
        if not (
            self.shares["good"].value()
            >= self.shares["approaching"].value()
            >= self.shares["requires_improvement"].value()
        ):
            self.shares["good"].setFocus()
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(
                self,
                "Status thresholds",
                "Each threshold must be at or "
                "below the one before it (Good ≥ Approaching ≥ Requires "
                "improvement).",
            )
            return
        self._save_shares()
        for note in self.changed_notes():
            cr.save_note(self.store, note)
        for cid, box in self.boxes.items():
            code, name = box.code.text().strip(), box.name.text().strip()
            if (code, name) != self.kpis[cid]:
                cr.save_buyer_kpi(self.store, cid, code, name)
        self.accept()
