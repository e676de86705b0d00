"""The column-mapping step of the import wizard, for files whose layout svdesk does not know.

The user says which column holds each piece of information (choices are the file's own
headers), whether spend is written as positive or negative numbers, and may save the mapping
by name to reuse next time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from svdesk.importers import head_rows, inspect_file, mapping_problem
from svdesk.importers.generic import FIELDS, REQUIRED
from svdesk.services.spend_batches import list_mappings
from svdesk.ui.widgets import label

NOT_IN_FILE = "(not in this file)"


def guess_header(rows: list[tuple[int, list[str]]]) -> list[str]:
    """The first row that looks like column names: several cells, mostly not numbers."""
    for _n, cells in rows:
        filled = [c.strip() for c in cells if c.strip()]
        texty = [c for c in filled if not any(ch.isdigit() for ch in c)]
        if len(filled) >= 2 and len(texty) >= len(filled) * 0.6:
            return [c.strip() for c in cells]
    return []


class MappingStep(QWidget):
    changed = Signal()

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.headers: list[str] = []
        outer = QVBoxLayout(self)
        outer.addWidget(label("Which column holds what?", "SectionTitle"))
        self.intro = label("", "Muted")
        outer.addWidget(self.intro)
        saved_row = QHBoxLayout()
        saved_row.addWidget(label("Use a saved mapping", wrap=False))
        self.saved = QComboBox()
        self.saved.setAccessibleName("Saved mappings")
        saved_row.addWidget(self.saved, 1)
        outer.addLayout(saved_row)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        self.combos: dict[str, QComboBox] = {}
        for i, (field, caption) in enumerate(FIELDS.items()):
            box = QComboBox()
            box.setAccessibleName(caption)
            self.combos[field] = box
            star = " *" if field in REQUIRED else ""
            grid.addWidget(label(caption + star, wrap=False), i // 2, (i % 2) * 2)
            grid.addWidget(box, i // 2, (i % 2) * 2 + 1)
            box.currentIndexChanged.connect(lambda *_: self.changed.emit())
        outer.addLayout(grid)
        self.sign = QComboBox()
        self.sign.addItem("Spend is a positive number (refunds negative)", "positive")
        self.sign.addItem("Spend is a negative number, as on a bank statement", "negative")
        self.basis = QComboBox()
        self.basis.addItem("A single amount column is net of VAT", "net")
        self.basis.addItem("A single amount column includes VAT", "gross")
        for w in (self.sign, self.basis):
            outer.addWidget(w)
            w.currentIndexChanged.connect(lambda *_: self.changed.emit())
        save_row = QHBoxLayout()
        self.save_check = QCheckBox("Save this mapping as")
        self.save_name = QLineEdit()
        self.save_name.setPlaceholderText("e.g. Sage purchase day book")
        save_row.addWidget(self.save_check)
        save_row.addWidget(self.save_name, 1)
        outer.addLayout(save_row)
        self.problem = label("", "FieldError")
        outer.addWidget(self.problem)
        outer.addStretch(1)
        self.save_check.toggled.connect(lambda *_: self.changed.emit())
        self.save_name.textEdited.connect(lambda *_: self.changed.emit())
        self.saved.currentIndexChanged.connect(self._use_saved)
        self.changed.connect(self._check)

    def load_file(self, path) -> None:
        rows = head_rows(inspect_file(path))
        self.headers = [h for h in guess_header(rows) if h]
        self.intro.setText(
            "svdesk did not recognise this file's layout. Its columns are: "
            + ", ".join(self.headers[:14])
            + ("…" if len(self.headers) > 14 else "")
            if self.headers
            else "svdesk could not find a row of column names in this file."
        )
        for field, box in self.combos.items():
            box.blockSignals(True)
            box.clear()
            box.addItem(NOT_IN_FILE, "")
            for h in self.headers:
                box.addItem(h, h)
            box.setCurrentIndex(max(0, self._guess(field)))
            box.blockSignals(False)
        self.saved.blockSignals(True)
        self.saved.clear()
        self.saved.addItem("(none)", None)
        for name, mapping in list_mappings(self.store).items():
            self.saved.addItem(name, mapping)
        self.saved.blockSignals(False)
        fits = self.fitting_mapping()
        if fits > 0:  # a file laid out like one mapped before: its columns are chosen again
            self.saved.setCurrentIndex(fits)
        else:  # remembered unless she says not: next month's file of this layout maps itself
            self.save_check.setChecked(True)
            if not self.save_name.text().strip():
                self.save_name.setText(f"Files like {Path(path).name}")
        self._check()

    def fitting_mapping(self) -> int:
        """Index in the saved list of the first mapping whose columns are all in this file (0: none)."""
        headers = set(self.headers)
        for i in range(1, self.saved.count()):
            columns = set((self.saved.itemData(i) or {}).get("columns", {}).values())
            if columns and columns <= headers:
                return i
        return 0

    def _guess(self, field: str) -> int:
        """Index (1-based, 0 = not in file) of the header that most likely holds field."""
        words = {
            "supplier": ("supplier", "payee", "name", "contact", "vendor"),
            "date": ("invoice date", "date"),
            "amount": ("amount", "value"),
            "net": ("net",),
            "gross": ("gross",),
            "tax": ("vat", "tax"),
            "paid_date": ("paid",),
            "due_date": ("due",),
            "reference": ("inv ref", "invoice no", "invoice number", "reference", "ref"),
            "description": ("description", "details", "memo"),
            "postcode": ("postcode", "post code"),
        }.get(field, ())
        avoid = {
            "date": ("paid", "due"),
            "amount": ("net", "gross", "tax", "vat"),
            "reference": ("account",),
            "supplier": ("account", "reference"),
        }.get(field, ())
        if field == "amount" and any(self._guess(f) for f in ("net", "gross")):
            return 0
        for word in words:
            for i, h in enumerate(self.headers):
                low = h.lower()
                if word in low and not any(a in low for a in avoid):
                    return i + 1
        return 0

    def _use_saved(self) -> None:
        mapping = self.saved.currentData()
        if not mapping:
            return
        for field, box in self.combos.items():
            box.setCurrentIndex(max(0, box.findData(mapping["columns"].get(field, ""))))
        self.sign.setCurrentIndex(max(0, self.sign.findData(mapping.get("sign", "positive"))))
        self.basis.setCurrentIndex(max(0, self.basis.findData(mapping.get("basis", "net"))))
        self.changed.emit()

    def mapping(self) -> dict:
        return {
            "columns": {f: b.currentData() for f, b in self.combos.items() if b.currentData()},
            "sign": self.sign.currentData(),
            "basis": self.basis.currentData(),
        }

    def problem_text(self) -> str | None:
        problem = mapping_problem(self.mapping())
        if not problem and self.save_check.isChecked() and not self.save_name.text().strip():
            problem = "Give the mapping a name to save it, or untick “Save this mapping”."
        return problem

    def _check(self) -> None:
        self.problem.setText(self.problem_text() or "")
