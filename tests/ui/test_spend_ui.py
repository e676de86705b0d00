"""The Spend & suppliers screens: analysis and drill-down, lazy lines, wizard, register."""

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest

from svdesk.services.spend_analysis import SpendQuery, analyse_spend
from svdesk.services.spend_import import import_spend
from svdesk.services.suppliers import find_supplier
from svdesk.ui.pages.spend import IMPORTS, LINES, SUPPLIERS, SpendPage
from svdesk.ui.spend.import_wizard import CHOOSE, DONE, MAPPING, PREVIEW, ImportWizard
from svdesk.ui.spend.lines_model import SpendLinesModel
from svdesk.ui.spend.supplier_dialog import SupplierDialog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"


@pytest.fixture
def firm(store):
    """The demo firm and its contracts, without any area's demo records."""
    from svdesk.services.contracts import save_contract
    from svdesk.services.demo import DEMO_CONTRACTS, DEMO_ORGANISATION
    from svdesk.services.organisation import save_organisation

    save_organisation(store, DEMO_ORGANISATION)
    for contract in DEMO_CONTRACTS:
        save_contract(store, contract)
    return store


def _settled(qtbot, page):
    """Every question the page has asked in the background is answered (an answer may ask
    another: an undo refreshes the page, so wait twice)."""

    from svdesk.ui import tasks

    # every task too (tasks.idle): an undo's plan and its write are no view's `busy`, and
    # waiting for the page alone let the check run before the write on a busy machine
    for _ in range(2):
        qtbot.waitUntil(
            lambda: tasks.idle() and not page.busy,
            timeout=15000,
        )
        qtbot.wait(20)


def test_empty_page_teaches_and_offers_the_import(qtbot, firm):
    page = SpendPage(firm)
    qtbot.addWidget(page)
    assert page.stack.currentIndex() == 0
    assert "Xero" in page.empty.findChildren(type(page.header.title))[1].text()


def test_analysis_cards_match_the_service_and_drill_down_to_the_lines(qtbot, demo_store, monkeypatch):
    from svdesk.ui.spend.analysis_view import AnalysisView

    monkeypatch.setattr(AnalysisView, "SYNC_LIMIT", 0)  # as for a big file: off the GUI thread
    page = SpendPage(demo_store)
    qtbot.addWidget(page)
    assert page.stack.currentIndex() == 1
    view = page.analysis
    view.contract.setCurrentIndex(view.contract.findData(1))  # the Salford contract
    _settled(qtbot, page)
    result = analyse_spend(demo_store, view.query())
    assert result.lines > 50 and 0 < result.local_pence < result.total_pence
    assert view.cards["all"].value_label.text() == f"£{result.total_pence / 100:,.2f}"
    assert view.cards["local"].value_label.text() == f"{result.local_pence / result.total_pence * 100:.1f}%"
    # Unknown postcodes are listed to fix (Irlam Plant Hire has none; M7 2LS is not found).
    unknown = [view.unknown.item(i).text() for i in range(view.unknown.count())]
    assert any("Irlam Plant Hire" in t for t in unknown)
    assert any("Broughton Scaffolding" in t for t in unknown)
    view.cards["local"].clicked.emit()
    assert page.tabs.currentIndex() == LINES
    _settled(qtbot, page)  # the lines are counted in the background
    assert page.lines.model.total_pence == result.local_pence
    assert page.lines.model.total_rows == sum(s.lines for s in result.by_supplier if s.locality == "local")


def test_fixing_a_postcode_changes_the_local_share(qtbot, demo_store, monkeypatch):
    page = SpendPage(demo_store)
    qtbot.addWidget(page)
    view = page.analysis
    _settled(qtbot, page)
    before = view.result.local_pence
    irlam = find_supplier(demo_store, "Irlam Plant Hire")

    def fake_edit(supplier_id):  # the dialog, filled in and saved
        dialog = SupplierDialog(demo_store, find_supplier(demo_store, "Irlam Plant Hire"))
        qtbot.addWidget(dialog)
        dialog.postcode.setText("M44 5AX")  # Irlam, Salford
        dialog.accept()
        page.refresh()

    monkeypatch.setattr(page.suppliers, "edit", fake_edit)
    page.fix_supplier(irlam.id)
    _settled(qtbot, page)
    assert view.result.local_pence > before


def test_spend_lines_are_read_a_page_at_a_time(qtbot, firm, tmp_path):
    path = tmp_path / "bank.csv"
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Date", "Amount", "Payee", "Description", "Reference", "Cheque Number"])
        for i in range(20_000):
            day = date(2025, 4, 1) + timedelta(days=i % 365)
            w.writerow(
                [
                    day.strftime("%d/%m/%Y"),
                    f"-{5 + i % 97}.{i % 100:02d}",
                    f"Supplier {i % 300}",
                    "Card purchase",
                    f"R{i}",
                    "",
                ]
            )
    assert import_spend(firm, path).to_import == 20_000
    model = SpendLinesModel(firm)
    model.set_query(SpendQuery())
    qtbot.waitUntil(lambda: not model.busy, timeout=15000)  # counted in the background
    assert model.rowCount() == 20_000 and model.pages_read == 0
    last = model.index(19_999, 1).data()
    assert last.startswith("Supplier") and model.pages_read == 1
    model.index(10_000, 0).data()
    model.index(10_001, 0).data()
    assert model.pages_read == 2


def _wait_step(qtbot, wizard, step):
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == step and not wizard.busy, timeout=15000)


def test_wizard_previews_imports_and_then_finds_nothing_new(qtbot, firm):
    wizard = ImportWizard(firm, "spend")
    qtbot.addWidget(wizard)
    assert not wizard.next_button.isEnabled()
    wizard.file_edit.setText(str(FIXTURES / "xero_bills_old_cp1252.csv"))
    wizard.contract.setCurrentIndex(wizard.contract.findData(1))
    wizard.next()
    _wait_step(qtbot, wizard, PREVIEW)
    assert wizard.summary.dry_run and wizard.summary.to_import == 9
    assert wizard.rejects.rowCount() == 3
    assert wizard.rejects.item(0, 1).text() == "InvoiceDate"
    wizard.next()
    _wait_step(qtbot, wizard, DONE)
    assert not wizard.summary.dry_run and "Imported 9 spend lines" in wizard.done_text.text()
    again = ImportWizard(firm, "spend")
    qtbot.addWidget(again)
    again.file_edit.setText(str(FIXTURES / "xero_bills.csv"))
    again.next()
    _wait_step(qtbot, again, PREVIEW)
    assert again.summary.duplicates == 9 and not again.next_button.isEnabled()
    assert "nothing new" in again.preview_text.text()


def test_wizard_asks_for_a_mapping_when_the_layout_is_unknown(qtbot, firm):
    wizard = ImportWizard(firm, "spend")
    qtbot.addWidget(wizard)
    wizard.file_edit.setText(str(FIXTURES / "purchases_own_spreadsheet.csv"))
    wizard.next()
    _wait_step(qtbot, wizard, MAPPING)
    step = wizard.mapping_step
    assert step.combos["supplier"].currentData() == "Name"
    assert step.combos["reference"].currentData() == "Inv Ref"
    assert step.combos["amount"].currentData() == ""  # net and gross columns exist instead
    assert step.save_check.isChecked()  # remembered unless she says not (issue 20.2)
    assert step.save_name.text() == "Files like purchases_own_spreadsheet.csv"
    step.save_name.clear()
    step.changed.emit()
    assert not wizard.next_button.isEnabled()  # a saved mapping needs a name
    step.save_name.setText("Sage purchase day book")
    step.changed.emit()
    assert wizard.next_button.isEnabled()
    wizard.next()
    _wait_step(qtbot, wizard, PREVIEW)
    assert wizard.summary.to_import == 5
    wizard.next()
    _wait_step(qtbot, wizard, DONE)
    from svdesk.services.spend_batches import get_mapping

    assert get_mapping(firm, "Sage purchase day book")["columns"]["paid_date"] == "Date Paid"


def test_wizard_imports_a_supplier_list(qtbot, firm):
    wizard = ImportWizard(firm, "suppliers")
    qtbot.addWidget(wizard)
    assert not wizard.contract.isVisibleTo(wizard)
    wizard.file_edit.setText(str(FIXTURES / "xero_contacts.csv"))
    wizard.next()
    _wait_step(qtbot, wizard, PREVIEW)
    assert wizard.summary.to_import == 11
    wizard.next()
    _wait_step(qtbot, wizard, DONE)
    assert find_supplier(firm, "Salford Fixings and Fasteners").postcode == "M5 4WT"


def test_wizard_says_why_a_file_cannot_be_read(qtbot, firm, tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    wizard = ImportWizard(firm, "spend")
    qtbot.addWidget(wizard)
    wizard.file_edit.setText(str(tmp_path / "empty.csv"))
    wizard.next()
    qtbot.waitUntil(lambda: "empty" in wizard.choose_error.text() and not wizard.busy, timeout=15000)
    assert wizard.stack.currentIndex() == CHOOSE


def test_register_offers_merges_and_merges_after_confirming(qtbot, firm, monkeypatch):
    import svdesk.ui.spend.suppliers_view as view_module

    import_spend(firm, FIXTURES / "xero_bank_statement.csv")  # "Screwfix"
    import_spend(firm, FIXTURES / "xero_bills.csv")  # "Screwfix Direct Ltd"
    page = SpendPage(firm)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(SUPPLIERS)  # a tab reads its data when it is shown
    _settled(qtbot, page)
    view = page.suppliers
    texts = [view.suggestions.item(i).text() for i in range(view.suggestions.count())]
    row = next(i for i, t in enumerate(texts) if "Screwfix" in t)
    view.suggestions.setCurrentRow(row)
    assert view.merge_button.isEnabled()
    monkeypatch.setattr(view_module, "confirm", lambda *a: True)
    view.merge_selected()
    assert find_supplier(firm, "Screwfix").name == "Screwfix Direct Ltd"


def test_undo_an_import_from_the_imports_tab(qtbot, firm, monkeypatch):
    import svdesk.ui.spend.imports_view as view_module

    import_spend(firm, FIXTURES / "xero_bills.csv")
    page = SpendPage(firm)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(IMPORTS)  # a tab reads its data when it is shown
    _settled(qtbot, page)
    page.imports.table.selectRow(0)
    monkeypatch.setattr(view_module, "confirm", lambda *a: True)
    page.imports.undo_selected()
    _settled(qtbot, page)
    assert analyse_spend(firm).lines == 0
    assert page.stack.currentIndex() == 0  # back to the empty state


def test_supplier_dialog_validates_as_you_type(qtbot, firm):
    dialog = SupplierDialog(firm)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.name, "Ordsall Community Cafe CIC")
    qtbot.keyClicks(dialog.postcode, "M5 3A")
    assert not dialog.save_button.isEnabled()
    assert "not a full UK postcode" in dialog.form.errors["postcode"].text()
    qtbot.keyClicks(dialog.postcode, "W")
    assert dialog.save_button.isEnabled()
    assert "Salford" in dialog.where.text()


def test_lines_can_be_recorded_against_a_contract(qtbot, firm, monkeypatch):
    import_spend(firm, FIXTURES / "xero_bills.csv")
    page = SpendPage(firm)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(LINES)  # a tab reads its data when it is shown
    _settled(qtbot, page)
    lines = page.lines
    lines.table.selectRow(0)
    from PySide6.QtCore import QItemSelectionModel

    lines.table.selectionModel().select(
        lines.model.index(1, 0),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert len(lines.selected_ids()) == 2
    monkeypatch.setattr(lines, "choose_contract", lambda: (True, 1))
    lines.assign_selected()
    _settled(qtbot, page)
    assert analyse_spend(firm, SpendQuery(contract_id=1)).lines == 2


def test_wizard_layout_can_be_chosen_instead_of_detected(qtbot, firm):
    wizard = ImportWizard(firm, "spend")
    qtbot.addWidget(wizard)
    names = [wizard.layout_combo.itemData(i) for i in range(wizard.layout_combo.count())]
    assert names[0] is None and "xero-bills" in names and "generic" in names
    wizard.file_edit.setText(str(FIXTURES / "xero_bills.csv"))
    wizard.layout_combo.setCurrentIndex(names.index("generic"))
    wizard.next()
    assert wizard.stack.currentIndex() == MAPPING  # straight to the mapping step
    wizard.supplier_radio.setChecked(True)
    names = [wizard.layout_combo.itemData(i) for i in range(wizard.layout_combo.count())]
    assert "xero-contacts" in names and "xero-bills" not in names
