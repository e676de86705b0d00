"""Cancelling a form with changes asks first (Escape, Cancel, the close button); saving and
cancelling an untouched form do not."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from svdesk.services.contracts import list_contracts
from svdesk.ui.dialogs.contract_dialog import ContractDialog
from svdesk.ui.dialogs.person_dialog import PersonDialog


@pytest.fixture
def answers(monkeypatch):
    """Stand in for the user at the "Discard your changes?" box: each exec clicks the next
    answer in the list, and the questions asked are kept."""
    state = {"next": [], "asked": []}

    def exec_(box):
        state["asked"].append(box.text())
        choice = state["next"].pop(0)
        next(b for b in box.buttons() if b.text() == choice).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return state


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_escape_with_changes_asks_and_keep_editing_keeps_the_dialog(qtbot, store, answers):
    dialog = _shown(qtbot, ContractDialog(store))
    qtbot.keyClicks(dialog.title_edit, "Park benches")
    answers["next"] = ["Keep editing"]
    qtbot.keyClick(dialog, Qt.Key_Escape)
    assert answers["asked"] == ["Discard your changes to this contract?"]
    assert dialog.isVisible()
    assert dialog.title_edit.text() == "Park benches"

    answers["next"] = ["Discard"]
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert len(answers["asked"]) == 2
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.Rejected
    assert list_contracts(store) == []


def test_the_close_button_asks_too(qtbot, store, answers):
    dialog = _shown(qtbot, ContractDialog(store))
    qtbot.keyClicks(dialog.buyer, "Trafford Council")
    answers["next"] = ["Keep editing"]
    dialog.close()
    assert answers["asked"] and dialog.isVisible()
    answers["next"] = ["Discard"]
    dialog.close()
    assert not dialog.isVisible()


def test_an_untouched_form_closes_without_asking(qtbot, store, answers):
    dialog = _shown(qtbot, ContractDialog(store))
    qtbot.keyClick(dialog, Qt.Key_Escape)
    assert answers["asked"] == []
    assert not dialog.isVisible()


def test_a_change_put_back_is_no_change(qtbot, store, answers):
    dialog = _shown(qtbot, PersonDialog(store))
    edit = dialog.form.fields["reference"]
    qtbot.keyClicks(edit, "EMP-1")
    edit.clear()
    qtbot.keyClick(dialog, Qt.Key_Escape)
    assert answers["asked"] == []


def test_saving_never_asks(qtbot, store, answers):
    dialog = _shown(qtbot, ContractDialog(store))
    qtbot.keyClicks(dialog.reference, "TMBC-2026-07")
    qtbot.keyClicks(dialog.title_edit, "Park benches and shelters")
    qtbot.keyClicks(dialog.buyer, "Trafford Council")
    dialog.authorities.search.setEditText("Trafford")
    dialog.authorities._add_current()
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert answers["asked"] == []
    assert [c.reference for c in list_contracts(store)] == ["TMBC-2026-07"]


def test_a_local_authority_added_is_a_change(qtbot, store, answers):
    dialog = _shown(qtbot, ContractDialog(store))
    dialog.authorities.search.setEditText("Trafford")
    dialog.authorities._add_current()
    answers["next"] = ["Discard"]
    dialog.reject()
    assert answers["asked"] == ["Discard your changes to this contract?"]


def test_a_person_asks_with_its_own_words(qtbot, store, answers):
    dialog = _shown(qtbot, PersonDialog(store))
    qtbot.keyClicks(dialog.form.fields["reference"], "EMP-1")
    answers["next"] = ["Discard"]
    dialog.reject()
    assert answers["asked"] == ["Discard your changes to this person?"]
    assert not dialog.isVisible()
