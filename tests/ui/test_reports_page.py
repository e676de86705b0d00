"""The Reports page and the tender response builder, driven as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from svdesk.exports.tender_spec import TenderCommitment, load_spec
from svdesk.services.contracts import find_contract
from svdesk.ui.dialogs.tender_dialog import TenderDialog
from svdesk.ui.pages.reports import ReportsPage


def _select(page: ReportsPage, key: str) -> None:
    for row in range(page.documents.count()):
        if page.documents.item(row).data(Qt.UserRole) == key:
            page.documents.setCurrentRow(row)
            return
    raise AssertionError(key)


def _export(qtbot, page) -> None:
    """Press Export and, when the ready-to-send check finds something (the demo always has a
    warning or two), choose to go on."""
    qtbot.mouseClick(page.header.action, Qt.LeftButton)
    qtbot.waitUntil(
        lambda: page.readiness_dialog is not None or page.open_button.isVisibleTo(page), timeout=30000
    )
    if page.readiness_dialog is not None:
        qtbot.mouseClick(page.readiness_dialog.export_button, Qt.LeftButton)


def test_export_a_workbook_in_a_child_process(qtbot, demo_store, tmp_path):
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    _select(page, "workbook")
    out = tmp_path / "workbook.xlsx"
    page.out.setText(str(out))
    assert page.header.action.isEnabled()
    _export(qtbot, page)
    qtbot.waitUntil(lambda: page.open_button.isVisibleTo(page), timeout=20000)
    assert out.is_file()
    assert "Saved workbook.xlsx" in page.status.text()
    assert load_workbook(out).sheetnames[0] == "Summary"
    opened = []
    page.open_folder = lambda: opened.append(page.last_saved.parent)  # no real file manager
    page.open_folder()
    assert opened == [tmp_path]


@pytest.mark.parametrize("shown", [False, True], ids=["own child", "standby child"])
def test_cancel_in_the_progress_dialog_stops_the_export_and_keeps_the_old_file(
    qtbot, demo_store, tmp_path, shown
):
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from svdesk.exports.atomic import temporary_files
    from svdesk.ui import tasks

    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "pack.pdf"
    out.write_bytes(b"%PDF-the copy sent last month")
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    if shown:  # shown: a standby child waits for the export
        page.show()
        qtbot.waitUntil(lambda: page.standby.standby is not None, timeout=10000)
    _select(page, "pack")
    page.out.setText(str(out))
    _export(qtbot, page)
    assert page.export_task.work.export.from_standby is shown
    dialog = page.findChildren(QProgressDialog)[-1]  # the export's (after the check's)
    qtbot.waitUntil(lambda: dialog.maximum() > 0, timeout=30000)  # the child has begun
    assert not tasks.idle()
    cancel = [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"]
    cancel[0].click()  # the user presses Cancel
    qtbot.waitUntil(lambda: "cancelled" in page.status.text(), timeout=30000)
    assert page.status.text() == "Export cancelled: nothing was written."
    qtbot.waitUntil(tasks.idle, timeout=10000)
    assert not dialog.isVisible() and not page.open_button.isVisibleTo(page)
    assert out.read_bytes() == b"%PDF-the copy sent last month"
    assert not temporary_files(out) and [p.name for p in folder.iterdir()] == ["pack.pdf"]


def _waiting(page):
    """The standby the page keeps, once it is there."""
    return page.standby.standby


def test_a_shown_page_keeps_a_standby_child_for_the_next_export(qtbot, demo_store, tmp_path):
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    assert _waiting(page) is None  # not before the page is shown
    page.show()
    qtbot.waitUntil(lambda: _waiting(page) is not None, timeout=10000)
    first = _waiting(page)
    assert first.ready
    _select(page, "workbook")
    out = tmp_path / "workbook.xlsx"
    page.out.setText(str(out))
    _export(qtbot, page)
    assert page.export_task.work.export.from_standby and page.export_task.work.export.process is first.process
    qtbot.waitUntil(lambda: page.open_button.isVisibleTo(page), timeout=20000)
    assert "Saved workbook.xlsx" in page.status.text()
    assert load_workbook(out).sheetnames[0] == "Summary"
    # the export done, the next standby is started for the export after it
    qtbot.waitUntil(lambda: _waiting(page) is not None, timeout=10000)
    second = _waiting(page)
    assert second is not first and second.ready
    first.process.join(10)
    assert not first.process.is_alive()  # the one used ended with its export
    page.on_close()  # the window closes
    assert not second.process.is_alive() and _waiting(page) is None
    page.standby.warm()  # closed: no more are started
    assert _waiting(page) is None


def test_destroying_the_page_ends_its_standby_child(qtbot, demo_store):
    from PySide6.QtCore import QCoreApplication, QEvent

    page = ReportsPage(demo_store)
    page.show()
    qtbot.waitUntil(lambda: _waiting(page) is not None, timeout=10000)
    process = _waiting(page).process
    page.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    process.join(5)
    assert not process.is_alive()


def test_closing_the_window_ends_the_standby_child(qtbot, demo_store):
    from svdesk.ui.main_window import MainWindow

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    page = window.show_area("reports")
    qtbot.waitUntil(lambda: _waiting(page) is not None, timeout=10000)
    process = _waiting(page).process
    window.close()
    assert not process.is_alive()


def test_an_error_in_the_export_reaches_the_user_in_plain_words(qtbot, demo_store, tmp_path):
    from svdesk.services.contracts import delete_contract

    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    _select(page, "return")
    page.out.setText(str(tmp_path / "return.xlsx"))
    delete_contract(demo_store, page.contract.currentData())  # gone since the page showed it
    qtbot.mouseClick(page.header.action, Qt.LeftButton)
    qtbot.waitUntil(lambda: "did not finish" in page.status.text(), timeout=30000)
    assert page.status.text() == (
        "The export did not finish: The contract return is for one contract: choose the "
        "contract.. Nothing was written; any earlier copy is unchanged."
    )
    assert not (tmp_path / "return.xlsx").exists()


def test_the_page_explains_what_is_wrong_before_export(qtbot, demo_store, tmp_path):
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    _select(page, "return")
    assert page.contract.currentData() is not None  # moved off "All contracts"
    page.out.setText(str(tmp_path / "return.pdf"))
    assert not page.header.action.isEnabled()
    assert ".xlsx" in page.problem.text()
    page.out.setText(str(tmp_path / "missing" / "return.xlsx"))
    assert "does not exist" in page.problem.text()
    page.out.setText(str(tmp_path / "return.xlsx"))
    page.period.setCurrentIndex(page.period.findData("custom"))
    assert page.start.isVisibleTo(page)
    assert "first and last day" in page.problem.text()
    from datetime import date

    page.start.set_value(date(2026, 3, 31))
    page.end.set_value(date(2025, 4, 1))
    assert page.problem.text() == "The end date is before the start date."
    page.end.set_value(date(2026, 6, 30))
    assert page.header.action.isEnabled()
    req = page.request()
    assert (req.kind, req.start, req.end) == ("return", date(2026, 3, 31), date(2026, 6, 30))


def test_choosing_a_format_renames_the_suggested_file(qtbot, demo_store):
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    _select(page, "tender")
    assert page.tender_button.isVisibleTo(page)
    page.format.setCurrentIndex(page.format.findData(".docx"))
    assert page.out.text().endswith(".docx")
    assert "MCC-T-2026-118" in page.out.text() or "SCC-PR-2025-041" in page.out.text()


def test_tender_builder_counts_words_and_saves_the_draft(qtbot, demo_store, tmp_path):
    contract = find_contract(demo_store, "MCC-T-2026-118")
    dialog = TenderDialog(demo_store, contract)
    qtbot.addWidget(dialog)
    dialog.champion.setText("Dawn Okafor, operations manager")
    dialog.add_row(
        TenderCommitment(
            "",
            "Apprenticeship weeks on the contract",
            "weeks",
            104,
            "quarterly",
            "Workshop manager",
            "The Manchester College",
        )
    )
    dialog.draft()
    text = dialog.editor.toPlainText()
    assert "Apprenticeship weeks on the contract: 104 weeks" in text
    # the champion has not agreed to be named: the draft gives their role (issue 15.6)
    assert "Operations manager" in text and "Okafor" not in text
    dialog.limit.setValue(20)
    assert "over the limit" in dialog.counter.text()
    dialog.editor.setPlainText("OUR COMMITMENTS\n\nWe will offer 104 apprenticeship weeks.")
    assert dialog.counter.text().startswith("8 words · 56 characters")
    assert "12 words to spare" in dialog.counter.text()
    set_unit = dialog.limit_unit.findData("characters")
    dialog.limit_unit.setCurrentIndex(set_unit)
    assert "characters over the limit" in dialog.counter.text()
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    spec = load_spec(demo_store, "MCC-T-2026-118")
    assert spec.champion == "Dawn Okafor, operations manager"
    assert spec.champion_named is False  # named in documents only once ticked
    dialog.champion_named.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert load_spec(demo_store, "MCC-T-2026-118").champion_named is True
    spec = load_spec(demo_store, "MCC-T-2026-118")
    assert spec.commitments[0].target == 104
    assert spec.draft.startswith("OUR COMMITMENTS")
    # The export uses the edited words exactly.
    from svdesk.exports.build_common import ExportRequest
    from svdesk.exports.runner import export_now

    out = Path(tmp_path / "answer.txt")
    export_now(demo_store, ExportRequest("tender", contract_ref="MCC-T-2026-118"), out)
    assert out.read_text(encoding="utf-8") == ("OUR COMMITMENTS\n\nWe will offer 104 apprenticeship weeks.\n")
    schedule = tmp_path / "schedule.xlsx"
    export_now(demo_store, ExportRequest("tender", contract_ref="MCC-T-2026-118"), schedule)
    ws = load_workbook(schedule)["Commitments"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "Apprenticeship weeks on the contract" in values and 104 in values


def test_page_without_an_organisation_teaches(qtbot, store):
    page = ReportsPage(store)
    qtbot.addWidget(page)
    page.show()
    assert page.empty.isVisible() and not page.body.isVisible()


def test_a_logo_must_be_an_image_that_exists(qtbot, demo_store, tmp_path):
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    _select(page, "pack")
    page.out.setText(str(tmp_path / "pack.pdf"))
    page.logo.setText(str(tmp_path / "logo.png"))
    assert "logo must be a PNG or JPEG" in page.problem.text()
    from PIL import Image

    Image.new("RGB", (240, 80), "#0b5f6b").save(tmp_path / "logo.png")
    page.logo.clear()  # chosen again, now that the file exists
    page.logo.setText(str(tmp_path / "logo.png"))
    assert page.header.action.isEnabled()
    assert page.request().logo == tmp_path / "logo.png"


def test_the_logo_and_folder_are_remembered_for_the_next_export(qtbot, demo_store, tmp_path):
    from PIL import Image

    from svdesk import settings as settings_module
    from svdesk.ui import state

    logo = tmp_path / "irwell-logo.png"
    Image.new("RGB", (240, 80), "#0b5f6b").save(logo)
    folder = tmp_path / "bids"
    folder.mkdir()
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    _select(page, "statement")
    page.format.setCurrentIndex(page.format.findData(".pdf"))
    page.out.setText(str(folder / "statement.pdf"))
    page.logo.setText(str(logo))
    _export(qtbot, page)
    qtbot.waitUntil(lambda: page.open_button.isVisibleTo(page), timeout=30000)
    state.save_settings()
    state.reset_for_tests()  # as after closing and starting svdesk again
    assert settings_module.load().export_logos[str(demo_store.path)] == str(logo)

    again = ReportsPage(demo_store)
    qtbot.addWidget(again)
    _select(again, "pack")
    assert again.logo.text() == str(logo)
    assert Path(again.out.text()).parent == folder  # suggested beside the last export
    logo.unlink()  # a logo that has gone is not offered
    third = ReportsPage(demo_store)
    qtbot.addWidget(third)
    assert third.logo.text() == ""


# --- ready to send (issue 15 point 7) -------------------------------------------------------


def test_a_blocker_stops_the_export_until_the_user_goes_on(qtbot, demo_store, tmp_path):
    from PySide6.QtWidgets import QLabel

    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    _select(page, "tender")
    page.contract.setCurrentIndex(page.contract.findText("MCC-T-2026-118", Qt.MatchContains))
    page.format.setCurrentIndex(page.format.findData(".pdf"))
    out = tmp_path / "answer.pdf"
    page.out.setText(str(out))
    qtbot.mouseClick(page.header.action, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.readiness_dialog is not None, timeout=30000)
    dialog = page.readiness_dialog
    assert dialog.isVisible()
    texts = " ".join(w.text() for w in dialog.findChildren(QLabel))
    assert "No commitments chosen yet" in texts and "Fix: Choose the commitments" in texts
    assert dialog.export_button.text() == "Export anyway"
    assert dialog.back_button.isDefault()  # Enter goes back, not on
    qtbot.mouseClick(dialog.back_button, Qt.LeftButton)  # the user goes back to fix it
    qtbot.waitUntil(lambda: "Nothing was exported" in page.status.text(), timeout=30000)
    assert not out.exists()
    qtbot.mouseClick(page.header.action, Qt.LeftButton)  # …or chooses to go on
    qtbot.waitUntil(lambda: page.readiness_dialog is not None, timeout=30000)
    qtbot.mouseClick(page.readiness_dialog.export_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.open_button.isVisibleTo(page), timeout=30000)
    assert out.is_file()


def test_warnings_only_offer_export_and_list_each_fix(qtbot, demo_store, tmp_path):
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    _select(page, "pack")
    page.contract.setCurrentIndex(page.contract.findText("SCC-PR-2025-041", Qt.MatchContains))
    page.out.setText(str(tmp_path / "pack.pdf"))
    qtbot.mouseClick(page.header.action, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.readiness_dialog is not None, timeout=30000)
    dialog = page.readiness_dialog
    assert dialog.export_button.text() == "Export" and dialog.export_button.isDefault()
    names = [item.accessibleName() for item in dialog.items]
    assert names and all(n.startswith("Warning: ") for n in names)
    assert any("no evidence file" in n for n in names)
    assert any("no usable postcode" in n for n in names)
    dialog.resize(1024, 680)
    dialog.grab().save(str(tmp_path / "readiness.png"))
    qtbot.mouseClick(dialog.back_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: "Nothing was exported" in page.status.text(), timeout=30000)
    assert not (tmp_path / "pack.pdf").exists()


def test_the_assessment_report_takes_no_contract(qtbot, demo_store):
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    _select(page, "pack")
    page.contract.setCurrentIndex(page.contract.findText("SCC-PR-2025-041", Qt.MatchContains))
    assert page.contract.isEnabled() and page.request().contract_id is not None
    _select(page, "assessment")
    assert not page.contract.isEnabled()  # organisation-wide: nothing to choose
    assert page.contract.currentIndex() == 0 and page.request().contract_id is None
    _select(page, "pack")
    assert page.contract.isEnabled()


def test_the_window_never_builds_the_report_the_child_builds_and_checks_it(
    qtbot, demo_store, tmp_path, monkeypatch
):
    """The ready-to-send check used to build the whole report in the window before the child
    built it again: now the child builds it once and checks it, and the window builds nothing
    (a build here fails the test)."""
    from svdesk.exports import runner

    def no_build(*args, **kwargs):
        raise AssertionError("the window built the report")

    monkeypatch.setattr(runner, "build", no_build)
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    _select(page, "pack")
    page.contract.setCurrentIndex(page.contract.findText("SCC-PR-2025-041", Qt.MatchContains))
    out = tmp_path / "pack.pdf"
    page.out.setText(str(out))
    _export(qtbot, page)
    assert page.readiness_dialog is not None  # the demo's warnings, found in the child
    qtbot.waitUntil(lambda: page.open_button.isVisibleTo(page), timeout=30000)
    assert out.is_file() and "Saved pack.pdf" in page.status.text()
