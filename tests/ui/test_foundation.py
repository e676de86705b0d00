from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from svdesk.services.contracts import find_contract, list_contracts
from svdesk.services.organisation import get_organisation
from svdesk.services.store import Store
from svdesk.ui.areas import AREAS
from svdesk.ui.dialogs.contract_dialog import ContractDialog
from svdesk.ui.first_run import WelcomeDialog
from svdesk.ui.main_window import MainWindow


def test_first_run_creates_the_organisation(qtbot, store):
    dialog = WelcomeDialog(store)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.setup_button, Qt.LeftButton)
    assert dialog.stack.currentIndex() == 1
    assert not dialog.save_button.isEnabled()  # name is required
    form = dialog.form
    qtbot.keyClicks(form.name, "Mersey Cleaning CIC")
    qtbot.keyClicks(form.postcode, "M5 4W")
    assert not dialog.save_button.isEnabled()
    assert form.form.errors["postcode"].isVisibleTo(dialog)
    assert "not a full UK postcode" in form.form.errors["postcode"].text()
    qtbot.keyClicks(form.postcode, "T")
    assert dialog.save_button.isEnabled()
    form.headcount.setValue(12)
    form.rlw.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.result() == WelcomeDialog.Accepted
    org = get_organisation(store)
    assert (org.name, org.postcode, org.headcount) == ("Mersey Cleaning CIC", "M5 4WT", 12)
    assert org.real_living_wage_accredited


def test_first_run_demo_leaves_this_database_alone(qtbot, store):
    dialog = WelcomeDialog(store)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.demo_button, Qt.LeftButton)
    assert dialog.choice == "demo" and dialog.result() == WelcomeDialog.Rejected
    assert get_organisation(store) is None  # the demo opens in its own file
    assert list_contracts(store) == []


def test_create_contract_through_the_dialog(qtbot, store):
    dialog = ContractDialog(store)
    qtbot.addWidget(dialog)
    assert "reference, title, buyer, local area" in dialog.missing.text()
    qtbot.keyClicks(dialog.reference, "TMBC-2026-07")
    qtbot.keyClicks(dialog.title_edit, "Park benches and shelters")
    qtbot.keyClicks(dialog.buyer, "Trafford Council")
    qtbot.keyClicks(dialog.value, "£48,250")
    dialog.start.set_value(date(2026, 6, 1))
    dialog.end.set_value(date(2026, 5, 1))
    assert dialog.form.errors["end_date"].text() == "The end date is before the start date."
    assert "end date" in dialog.missing.text()
    dialog.end.set_value(date(2027, 5, 31))
    qtbot.keyClicks(dialog.site, "M32 0TH")
    # Local area: pick Trafford and Salford by typing names.
    dialog.authorities.search.setEditText("Trafford")
    dialog.authorities._add_current()
    dialog.authorities.search.setEditText("salford")
    dialog.authorities._add_current()
    assert dialog.authorities.codes() == ["E08000009", "E08000006"]
    assert dialog.missing.text() == ""
    assert "Trafford or Salford" in dialog.area_summary.text()
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    saved = find_contract(store, "TMBC-2026-07")
    assert saved.value_pence == 4_825_000
    assert saved.local_area_codes == "E08000009,E08000006"
    assert saved.end_date == date(2027, 5, 31)


def test_edit_contract_to_a_radius_area(qtbot, demo_store):
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    dialog = ContractDialog(demo_store, contract)
    qtbot.addWidget(dialog)
    dialog.area_kind.setCurrentIndex(dialog.area_kind.findData("radius"))
    assert "local area" in dialog.missing.text()  # a radius of 0 is not valid
    dialog.radius.setValue(7.5)
    assert dialog.missing.text() == ""
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    again = find_contract(demo_store, "SCC-PR-2025-041")
    assert (again.local_area_kind, again.local_radius_miles) == ("radius", 7.5)
    assert again.local_area.test("M2 5DB").is_local


def test_contracts_survive_closing_and_reopening(qtbot, tmp_path):
    path = tmp_path / "firm.svdesk"
    store = Store.open(path)
    from svdesk.services.demo import create_demo

    create_demo(store)
    window = MainWindow(store)
    qtbot.addWidget(window)
    page = window.show_area("contracts")
    assert page.model.rowCount() == 2
    window.close()
    store.close()

    reopened = Store.open(path)
    window = MainWindow(reopened)
    qtbot.addWidget(window)
    page = window.show_area("contracts")
    refs = {page.model.row(i).reference for i in range(page.model.rowCount())}
    assert refs == {"SCC-PR-2025-041", "MCC-T-2026-118"}
    page.search.setText("Hulme")
    assert page.proxy.rowCount() == 1
    reopened.close()


def test_every_area_opens_its_own_page(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    for area in AREAS:
        page = window.show_area(area.key)
        assert window.stack.currentWidget() is page
        assert type(page).__name__ == area.page.split(":")[1]


def test_a_missing_page_module_fails_instead_of_showing_a_stand_in(qtbot, demo_store, monkeypatch):
    """Scaffolding gone (issue 21.4): a renamed page module is an error a test sees."""
    from dataclasses import replace

    from svdesk.ui import main_window

    area = replace(AREAS[0], page="svdesk.ui.pages.no_such_page:NoSuchPage")
    with pytest.raises(ModuleNotFoundError):
        main_window.make_page(area, demo_store)


def test_window_remembers_last_page(qtbot, demo_store):
    from svdesk.ui import state

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show_area("contracts")
    window.close()
    state.reset_for_tests()
    again = MainWindow(demo_store)
    qtbot.addWidget(again)
    assert again.current_area() == "contracts"


def test_delete_contract_asks_first(qtbot, demo_store, monkeypatch):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    page = window.show_area("contracts")
    page.table.selectRow(0)
    from svdesk.ui.pages import contracts as contracts_page

    asked = []
    monkeypatch.setattr(contracts_page, "confirm", lambda *a: asked.append(a[3]) or False)
    page.delete_selected()
    assert asked == ["Delete contract"]
    assert page.model.rowCount() == 2
    monkeypatch.setattr(contracts_page, "confirm", lambda *a: True)
    page.delete_selected()
    assert page.model.rowCount() == 1
    assert len(list_contracts(demo_store)) == 1


def test_unhandled_error_is_logged_and_shown(qtbot, monkeypatch):
    from svdesk.logging_setup import log_file, setup_logging
    from svdesk.ui import app as app_module

    setup_logging()
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()))
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        app_module.show_unhandled(type(exc), exc, exc.__traceback__)
    assert shown and "unexpected problem" in shown[0]
    assert "boom in a slot" in log_file().read_text()
