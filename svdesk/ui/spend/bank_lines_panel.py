"""The import preview's list of a bank statement's lines: which count as supplier spend.

Lines the bank-line rules keep out (HMRC, wages, transfers …) are listed first with the rule
that decided, then the supplier spend. Ticking or unticking a line moves it either way; the
wizard passes the moves to the import and can remember them as the firm's own rules. The rules
themselves are shown, and the firm's own removed, in BankRulesDialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from svdesk.formatting import format_date, format_money
from svdesk.importers.bank_rules import CATEGORIES, rules_file, shipped_rules
from svdesk.services.bank_lines import BankLines
from svdesk.services.bank_rules import delete_rule, list_rules
from svdesk.ui.widgets import label

SPEND_COL, DATE_COL, PAYEE_COL, AMOUNT_COL, WHY_COL = range(5)


class BankLinesPanel(QWidget):
    changed = Signal()  # the user moved a line
    refresh = Signal()  # the user asks for the figures again with the moves

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.moves: dict[int, bool] = {}
        self._lines = {}
        self._filling = False
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(label("Bank lines: which are supplier spend", "SectionTitle"), 1)
        self.rules_button = QPushButton("Bank-line rules…")
        self.rules_button.clicked.connect(self.show_rules)
        head.addWidget(self.rules_button)
        box.addLayout(head)
        self.help = label(
            "HMRC, wages, pensions, dividends and drawings, transfers between "
            "your own accounts, loan repayments and cash are not spend with "
            "suppliers. Untick a line that is not supplier spend; tick one the "
            "rules kept out.",
            "HelpText",
        )
        box.addWidget(self.help)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            ["Supplier spend", "Date", "Payee", "Amount", "Kept out because"]
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setAccessibleName("Bank lines")
        self.table.itemChanged.connect(self._item_changed)
        box.addWidget(self.table, 1)
        foot = QHBoxLayout()
        self.note = label("", "HelpText")
        foot.addWidget(self.note, 1)
        self.remember = QCheckBox("Remember my changes for these payees")
        self.remember.setToolTip(
            "Saves your own bank-line rules, used before the shipped ones in every later import"
        )
        foot.addWidget(self.remember)
        self.update_button = QPushButton("Update the figures")
        self.update_button.clicked.connect(self.refresh)
        foot.addWidget(self.update_button)
        box.addLayout(foot)

    def show_lines(self, bank: BankLines | None) -> None:
        self.setVisible(bank is not None)
        self._lines = {}
        self._filling = True
        self.table.setRowCount(0)
        if bank is None:
            self._filling = False
            return
        ordered = sorted(bank.lines, key=lambda line: (line.is_spend, line.row))
        self.table.setRowCount(len(ordered))
        for i, line in enumerate(ordered):
            self._lines[line.row] = line
            tick = QTableWidgetItem("")
            tick.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            tick.setCheckState(Qt.Checked if line.is_spend else Qt.Unchecked)
            tick.setData(Qt.UserRole, line.row)
            tick.setData(Qt.AccessibleTextRole, f"row {line.row} supplier spend")
            why = ""
            if line.category:
                why = CATEGORIES.get(line.category, line.category)
            elif line.moved:
                why = "(counted as supplier spend by you)"
            cells = [
                tick,
                QTableWidgetItem(format_date(line.day)),
                QTableWidgetItem(line.payee),
                QTableWidgetItem(format_money(line.pence)),
                QTableWidgetItem(why),
            ]
            cells[AMOUNT_COL].setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            tip = line.rule.describe() if line.rule else "No rule matched: supplier spend"
            for col, item in enumerate(cells):
                if col != SPEND_COL:
                    item.setToolTip(f"Row {line.row}: {line.description}\n{tip}")
                self.table.setItem(i, col, item)
        self.table.resizeColumnsToContents()
        self._filling = False
        kept = bank.excluded
        self.note.setText(
            f"{kept:,} line{'s' if kept != 1 else ''} kept out of supplier spend "
            f"({format_money(bank.excluded_pence)})"
            + ("" if bank.all_listed else f"; the first {len(bank.lines):,} lines are listed")
        )
        self._moved_note()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != SPEND_COL:
            return
        row = item.data(Qt.UserRole)
        line = self._lines.get(row)
        if line is None:
            return
        spend = item.checkState() == Qt.Checked
        if spend == (not line.ruled_out):
            self.moves.pop(row, None)  # back to what the rules say
        else:
            self.moves[row] = spend
        self._moved_note()
        self.changed.emit()

    def _moved_note(self) -> None:
        pending = sum(
            1
            for row, spend in self.moves.items()
            if row in self._lines and self._lines[row].is_spend != spend
        )
        self.update_button.setEnabled(pending > 0)
        self.update_button.setToolTip(
            f"{pending} line(s) changed since the figures above"
            if pending
            else "The figures above include your changes"
        )

    def moved_payees(self) -> list[tuple[str, bool]]:
        """(payee, counts as supplier spend) for each line the user moved."""
        return [(self._lines[row].payee, spend) for row, spend in self.moves.items() if row in self._lines]

    def show_rules(self) -> None:
        BankRulesDialog(self.store, self).exec()


class BankRulesDialog(QDialog):
    """Every bank-line rule: the firm's own first (removable), then the shipped ones."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Bank-line rules")
        self.resize(860, 480)
        box = QVBoxLayout(self)
        box.addWidget(
            label(f"Your own rules are tried first. The shipped rules are in {rules_file()}.", "HelpText")
        )
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Lines", "From", "Why", "Matching"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setAccessibleName("Bank-line rules")
        header = self.table.horizontalHeader()
        for col in range(4):  # why and pattern share what is left, elided; tooltips hold all
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents if col < 2 else QHeaderView.Stretch)
        box.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.remove_button = QPushButton("Remove my rule")
        self.remove_button.clicked.connect(self.remove)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(close)
        box.addLayout(row)
        self.fill()

    def fill(self) -> None:
        self.rules = list_rules(self.store) + list(shipped_rules())
        self.table.setRowCount(len(self.rules))
        for i, rule in enumerate(self.rules):
            what = f"bank type “{rule.pattern}”" if rule.field == "type" else rule.pattern
            for col, text in enumerate(
                (rule.label, "you" if rule.source == "yours" else "svdesk", rule.explanation, what)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(rule.describe())
                self.table.setItem(i, col, item)

    def remove(self) -> None:
        i = self.table.currentRow()
        if 0 <= i < len(self.rules) and self.rules[i].id is not None:
            delete_rule(self.store, self.rules[i].id)
            self.fill()
