"""Issue #20.2, month-end: each kind of import remembers the folder it last read from, the
month-end step "Import last month's bills and bank lines" opens the import there, and a file laid
out like one mapped before has its columns chosen again."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from svdesk.ui import state, tasks
from svdesk.ui.main_window import MainWindow
from svdesk.ui.spend.import_wizard import DONE, MAPPING, PREVIEW, ImportWizard
from tests.unit.people_helpers import firm_store  # noqa: F401

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"


def _wait_step(qtbot, wizard, step):
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == step and not wizard.busy, timeout=15000)


def _import(qtbot, wizard, path: Path, via=MAPPING):
    wizard.file_edit.setText(str(path))
    wizard.next()
    _wait_step(qtbot, wizard, via)
    if via == MAPPING:
        wizard.next()
        _wait_step(qtbot, wizard, PREVIEW)
    wizard.next()
    _wait_step(qtbot, wizard, DONE)


def test_the_next_import_of_a_kind_starts_in_the_folder_of_the_last(qtbot, firm_store, tmp_path):
    november = tmp_path / "Accounts" / "November"
    november.mkdir(parents=True)
    shutil.copy(FIXTURES / "xero_bills.csv", november / "bills.csv")
    wizard = ImportWizard(firm_store, "spend")
    qtbot.addWidget(wizard)
    assert wizard.start_folder() == "" and not wizard.folder_hint.isVisibleTo(wizard)
    _import(qtbot, wizard, november / "bills.csv", via=PREVIEW)

    state.reset_for_tests()  # as after a restart: read back from the settings file
    again = ImportWizard(firm_store, "spend")
    qtbot.addWidget(again)
    assert again.start_folder() == str(november.resolve())
    assert str(november.resolve()) in again.folder_hint.text() and again.folder_hint.isVisibleTo(again)
    again.supplier_radio.setChecked(True)  # a supplier list is remembered on its own
    assert again.start_folder() == "" and not again.folder_hint.isVisibleTo(again)


def test_a_file_laid_out_like_one_mapped_before_is_mapped_again(qtbot, firm_store, tmp_path):
    for month in ("october", "november"):
        (tmp_path / month).mkdir()
        shutil.copy(FIXTURES / "purchases_own_spreadsheet.csv", tmp_path / month / "purchases.csv")
    first = ImportWizard(firm_store, "spend")
    qtbot.addWidget(first)
    first.file_edit.setText(str(tmp_path / "october" / "purchases.csv"))
    first.next()
    _wait_step(qtbot, first, MAPPING)
    assert first.mapping_step.combos["description"].currentData() == "Details"  # svdesk's guess
    first.mapping_step.combos["description"].setCurrentIndex(0)  # she leaves it out
    chosen = first.mapping_step.mapping()
    assert "description" not in chosen["columns"]
    first.next()
    _wait_step(qtbot, first, PREVIEW)
    first.next()
    _wait_step(qtbot, first, DONE)

    second = ImportWizard(firm_store, "spend")
    qtbot.addWidget(second)
    second.file_edit.setText(str(tmp_path / "november" / "purchases.csv"))
    second.next()
    _wait_step(qtbot, second, MAPPING)
    assert second.mapping_step.saved.currentText() == "Files like purchases.csv"
    assert second.mapping_step.mapping() == chosen
    assert second.next_button.isEnabled()


def test_month_end_import_opens_the_spend_import_in_the_last_folder(qtbot, demo_store, tmp_path):
    from tests.unit.test_start_checklist import add_bid_question

    add_bid_question(demo_store)
    folder = tmp_path / "Bank downloads"
    folder.mkdir()
    state.remember_import_folder("spend", folder / "statement.csv")
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.resize(1024, 680)
    window.show()
    page = window.show_area("dashboard")
    page.today = date(2026, 12, 5)
    page._counted_at = None
    page.refresh()
    tasks.wait_for_done(30_000)
    card = page.next_steps
    assert card.mode == "month_end"
    seen = {}

    def look():
        dialog = QApplication.activeModalWidget()
        seen["dialog"] = type(dialog).__name__
        seen["folder"] = dialog.start_folder() if isinstance(dialog, ImportWizard) else None
        dialog.reject()

    QTimer.singleShot(0, look)
    card.buttons["bills"].click()
    assert seen == {"dialog": "ImportWizard", "folder": str(folder.resolve())}
    assert window.current_area() == "spend"
    window.close()
