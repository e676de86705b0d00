"""The new-contract form says why it will not save (issue 20.3): every missing field is marked
with its reason when Save is pressed, a council typed in the box counts without a separate Add,
and the site postcode suggests the council."""

from PySide6.QtCore import Qt

from svdesk.geo.authorities import authority_for_postcode, match_authority
from svdesk.services.contracts import find_contract, list_contracts
from svdesk.ui.dialogs.contract_dialog import ContractDialog


def test_save_on_an_empty_form_marks_every_missing_field(qtbot, store):
    dialog = ContractDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.save_button.isEnabled()  # pressable: pressing it says what is missing
    assert not any(e.isVisible() for e in dialog.form.errors.values())
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert dialog.isVisible() and list_contracts(store) == []
    for name in ("reference", "title", "buyer"):
        assert dialog.form.errors[name].isVisible(), name
        assert dialog.form.errors[name].text().startswith("Enter")
    area_error = dialog.area_form.errors["local_area_codes"]
    assert area_error.isVisible() and "council" in area_error.text()
    assert dialog.focusWidget() is dialog.reference
    assert dialog.missing.text() == "Still to fill in or fix: reference, title, buyer, local area."


def test_a_typed_council_is_taken_on_save_without_pressing_add(qtbot, store):
    dialog = ContractDialog(store)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.reference, "SCC-2026-01")
    qtbot.keyClicks(dialog.title_edit, "Library repairs")
    qtbot.keyClicks(dialog.buyer, "Salford City Council")
    qtbot.keyClicks(dialog.authorities.search.lineEdit(), "Salford")
    assert dialog.authorities.codes() == []  # Add was never pressed
    assert dialog.missing.text() == ""
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    saved = find_contract(store, "SCC-2026-01")
    assert saved is not None and saved.local_area_codes == "E08000006"


def test_an_unknown_typed_council_is_named_in_the_message(qtbot, store):
    dialog = ContractDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.reference, "X-1")
    qtbot.keyClicks(dialog.title_edit, "Works")
    qtbot.keyClicks(dialog.buyer, "Somebody")
    qtbot.keyClicks(dialog.authorities.search.lineEdit(), "Salfrod")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert list_contracts(store) == []
    error = dialog.area_form.errors["local_area_codes"]
    assert error.isVisible() and "“Salfrod”" in error.text()


def test_the_site_postcode_suggests_its_council(qtbot, store):
    dialog = ContractDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.authorities.suggest_button.isVisible()
    qtbot.keyClicks(dialog.site, "M5 4WT")
    button = dialog.authorities.suggest_button
    assert button.isVisible() and "Salford" in button.text()
    qtbot.mouseClick(button, Qt.LeftButton)
    assert dialog.authorities.codes() == ["E08000006"]
    assert not button.isVisible()
    assert "Salford" in dialog.area_summary.text()


def test_council_matching_and_postcode_lookup():
    assert authority_for_postcode("M5 4WT").name == "Salford"
    assert authority_for_postcode("M5 4") is None  # not a full postcode yet
    assert authority_for_postcode("not a postcode") is None
    assert match_authority("Salford City Council").code == "E08000006"
    assert match_authority("Trafford (E08000009)").name == "Trafford"
    assert match_authority("e08000009").name == "Trafford"
    assert match_authority("Salfrod") is None
