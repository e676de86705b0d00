"""Edit > Undo and Redo in the main window: a contract deleted from the Contracts page comes
back (same id, same people on it) and goes again, with the page and the menu keeping up."""

from __future__ import annotations

from sqlalchemy import func, select

from svdesk.models.people import PersonContract
from svdesk.services.contracts import get_contract, list_contracts
from svdesk.ui.main_window import MainWindow


def _on_contract(store, contract_id) -> int:
    with store.read() as s:
        return s.scalar(
            select(func.count()).select_from(PersonContract).where(PersonContract.contract_id == contract_id)
        )


def test_undo_and_redo_a_deleted_contract_from_the_edit_menu(qtbot, demo_store, monkeypatch):
    from svdesk.ui.pages import contracts as contracts_page

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    actions = window.undo_actions
    assert actions.undo_action in window.edit_menu.actions()
    assert not actions.undo_action.isEnabled() and not actions.redo_action.isEnabled()

    page = window.show_area("contracts")
    page.table.selectRow(0)
    contract = page.selected()
    people = _on_contract(demo_store, contract.id)
    monkeypatch.setattr(contracts_page, "confirm", lambda *a: True)
    page.delete_selected()
    assert page.model.rowCount() == 1
    assert actions.undo_action.isEnabled()
    assert actions.undo_action.text().replace("&", "") == "Undo delete contract"

    actions.undo_action.trigger()
    assert get_contract(demo_store, contract.id).reference == contract.reference
    assert _on_contract(demo_store, contract.id) == people
    assert page.model.rowCount() == 2
    assert "Undone: delete contract" in window.statusBar().currentMessage()
    assert actions.redo_action.isEnabled() and not actions.undo_action.isEnabled()

    actions.redo_action.trigger()
    assert contract.id not in [c.id for c in list_contracts(demo_store)]
    assert page.model.rowCount() == 1


def test_undo_and_redo_go_at_the_top_of_the_windows_edit_menu(qtbot, demo_store):
    from PySide6.QtWidgets import QMainWindow

    from svdesk.ui.edit_menu import attach

    window = QMainWindow()
    qtbot.addWidget(window)
    menu = window.menuBar().addMenu("&Edit")
    find = menu.addAction("Find…")
    window.edit_menu = menu
    actions = attach(window, demo_store)
    assert menu.actions()[:2] == [actions.undo_action, actions.redo_action]
    assert find in menu.actions()
    assert [s.toString() for s in actions.redo_action.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert actions.history is not None and actions.history.store is demo_store
