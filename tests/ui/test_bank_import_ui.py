"""The import wizard's preview of a bank statement: lines kept out, moved either way."""

from pathlib import Path

from PySide6.QtCore import Qt

from svdesk.services.bank_rules import list_rules
from svdesk.services.spend_analysis import SpendQuery, analyse_spend
from svdesk.ui.spend.bank_lines_panel import SPEND_COL, WHY_COL, BankRulesDialog
from svdesk.ui.spend.import_wizard import DONE, PREVIEW, ImportWizard

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"


def _wait_step(qtbot, wizard, step):
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == step and not wizard.busy, timeout=15000)


def _row_of(panel, payee):
    return next(i for i in range(panel.table.rowCount()) if panel.table.item(i, 2).text() == payee)


def test_bank_lines_are_listed_and_can_be_moved_either_way(qtbot, store, shared_data, tmp_path):
    wizard = ImportWizard(store, "spend")
    qtbot.addWidget(wizard)
    wizard.resize(1024, 680)
    wizard.show()
    wizard.file_edit.setText(str(shared_data / "real-exports" / "lloyds_bank_statement_wizard.csv"))
    wizard.next()
    _wait_step(qtbot, wizard, PREVIEW)
    panel = wizard.bank_panel
    assert panel.isVisible() and panel.table.rowCount() == 14
    assert not wizard.rejects.isVisible()  # no rejected rows: the lines get the room
    assert "Not supplier spend (kept out)" in wizard.preview_text.text()
    assert "HMRC and tax" in wizard.preview_text.text()
    # The line kept out is listed first, unticked, with the rule that decided.
    assert panel.table.item(0, 2).text() == "TAX"
    assert panel.table.item(0, SPEND_COL).checkState() == Qt.Unchecked
    assert panel.table.item(0, WHY_COL).text().startswith("HMRC and tax")
    assert "matches" in panel.table.item(0, 2).toolTip()
    wizard.grab().save(str(tmp_path / "bank_preview.png"))
    assert not panel.update_button.isEnabled()
    # Move the tax line into supplier spend and a pub bill out of it.
    panel.table.item(0, SPEND_COL).setCheckState(Qt.Checked)
    pub = _row_of(panel, "RANDOM PUB")
    panel.table.item(pub, SPEND_COL).setCheckState(Qt.Unchecked)
    assert panel.moves == {8: True, 2: False}  # spreadsheet rows: the header is row 1
    assert panel.update_button.isEnabled()
    panel.update_button.click()
    _wait_step(qtbot, wizard, PREVIEW)
    assert wizard.summary.total_pence == 1476_78 + 130_00 - 8_50
    assert dict(wizard.summary.bank.counts) == {"moved": 1}
    assert "Moved out of supplier spend by you" in wizard.preview_text.text()
    assert not panel.update_button.isEnabled()
    panel.remember.setChecked(True)
    wizard.next()
    _wait_step(qtbot, wizard, DONE)
    assert analyse_spend(store, SpendQuery()).total_pence == 1476_78 + 130_00 - 8_50
    assert {(r.pattern, r.category) for r in list_rules(store)} == {("TAX", "spend"), ("RANDOM PUB", "other")}


def test_the_rules_are_shown_and_the_firms_own_can_be_removed(qtbot, store):
    from svdesk.services.bank_rules import add_rule

    add_rule(store, "ACME SAVINGS", "transfer")
    dialog = BankRulesDialog(store)
    qtbot.addWidget(dialog)
    shown = [
        (dialog.table.item(i, 3).text(), dialog.table.item(i, 1).text())
        for i in range(dialog.table.rowCount())
    ]
    assert shown[0] == ("ACME SAVINGS", "you") and len(shown) > 10
    assert any(who == "svdesk" and "HMRC" in what for what, who in shown)
    dialog.table.setCurrentCell(0, 0)
    dialog.remove_button.click()
    assert list_rules(store) == [] and dialog.table.item(0, 1).text() == "svdesk"
    dialog.table.setCurrentCell(0, 0)
    dialog.remove_button.click()  # a shipped rule cannot be removed here
    assert dialog.table.rowCount() == len(shown) - 1


def test_a_file_that_is_not_a_bank_statement_has_no_bank_lines(qtbot, store):
    wizard = ImportWizard(store, "spend")
    qtbot.addWidget(wizard)
    wizard.file_edit.setText(str(FIXTURES / "xero_bills.csv"))
    wizard.next()
    _wait_step(qtbot, wizard, PREVIEW)
    assert wizard.summary.bank is None and wizard.bank_panel.isHidden()
    assert not wizard.rejects.isHidden()
