"""The Bids area (#17.7): bids and their questions, an answer edited with a live count, drafted
from the records off the GUI thread, copied for the portal, versions, checks before export, and
a question before leaving unsaved work."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from svdesk.exports.textcount import count
from svdesk.services.bids import QuestionData, list_versions, save_question
from svdesk.services.contracts import find_contract
from svdesk.ui import tasks
from svdesk.ui.main_window import MainWindow
from svdesk.ui.pages.bids import BidsPage
from svdesk.ui.pages.bids_answer_actions import portal_text


def _idle(qtbot):
    qtbot.waitUntil(tasks.idle, timeout=30_000)
    qtbot.wait(20)


def _bid_with_questions(store):
    bid = find_contract(store, "MCC-T-2026-118")
    save_question(
        store,
        QuestionData(
            bid.id,
            "How many new apprentices will you take on as a result of this contract?",
            60,
            "characters",
            5,
        ),
    )
    save_question(
        store,
        QuestionData(
            bid.id,
            "Set out your approach to fair work practices, including pay, contracts and workforce voice.",
            250,
            "words",
            10,
        ),
    )
    return bid


def test_bids_list_questions_and_draft_within_the_limit(qtbot, demo_store, tmp_path):
    bid = _bid_with_questions(demo_store)
    page = BidsPage(demo_store)
    qtbot.addWidget(page)
    page.resize(1024, 680)
    page.show()
    assert page.tree.topLevelItemCount() == 1  # only the bid, not the Salford job
    assert page.tree.topLevelItem(0).childCount() == 2
    page.select_contract(bid.id)
    assert page.question.number == 1
    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(1))
    assert page.question.number == 2
    page.draft()
    qtbot.waitUntil(lambda: page.result is not None, timeout=30_000)
    text = page.answer.toPlainText()
    assert text and count(text).words <= 250
    assert "to spare" in page.counter.text()
    assert page.is_dirty()
    page.grab().save(str(tmp_path / "bids.png"))
    assert page.save("drafted")
    assert [v.note for v in list_versions(demo_store, page.question.id)] == ["drafted"]
    assert not page.is_dirty()
    # over the limit: the counter says so, the export warns first and can be stopped
    page.answer.setPlainText(text + "\n\nWe will create 37 new jobs." + " More words." * 300)
    assert "over the limit" in page.counter.text()
    asked = []
    assert page.export(str(tmp_path / "a.docx"), ask=lambda lines: asked.extend(lines)) is None
    assert any(line.startswith("Warning: over the limit") for line in asked)
    assert any("37 new jobs" in line for line in asked)
    assert not (tmp_path / "a.docx").exists()
    assert page.export(str(tmp_path / "a.txt"), ask=lambda lines: True) == str(tmp_path / "a.txt")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8").startswith(text[:40])
    _idle(qtbot)


def test_copy_for_the_portal_puts_plain_text_on_the_clipboard(qtbot, demo_store):
    _bid_with_questions(demo_store)
    page = BidsPage(demo_store)
    qtbot.addWidget(page)
    page.answer.setPlainText("PAY  \r\n\r\nWe pay the Real Living Wage.   \r\n")
    copied = page.copy_for_portal()
    assert copied == "PAY\n\nWe pay the Real Living Wage."
    assert QApplication.clipboard().text() == copied
    assert portal_text("a \n") == "a"


def test_leaving_with_unsaved_changes_asks_first(qtbot, demo_store, monkeypatch):
    _bid_with_questions(demo_store)
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.resize(1024, 680)
    window.show()
    page = window.show_area("bids")
    _idle(qtbot)
    page.answer.setPlainText("Typed but not saved.")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    # "Cancel" (stay): the area does not change
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.button(QMessageBox.Cancel))
    window.show_area("contracts")
    assert window.current_area() == "bids"
    assert page.answer.toPlainText() == "Typed but not saved."
    # "Save": the answer is saved, then the area changes
    monkeypatch.setattr(
        QMessageBox, "clickedButton", lambda box: next(b for b in box.buttons() if b.text() == "Save")
    )
    window.show_area("contracts")
    assert window.current_area() == "contracts"
    bid = find_contract(demo_store, "MCC-T-2026-118")
    from svdesk.services.bids import find_question

    assert find_question(demo_store, bid.id, 1).answer == "Typed but not saved."
    _idle(qtbot)


def test_the_contract_and_dashboard_open_the_bid(qtbot, demo_store):
    bid = _bid_with_questions(demo_store)
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    contracts = window.show_area("contracts")
    _idle(qtbot)
    row = next(
        r
        for r in range(contracts.proxy.rowCount())
        if "MCC-T-2026-118" in str(contracts.proxy.index(r, 0).data())
    )
    contracts.table.selectRow(row)
    page = contracts.open_bid()
    assert window.current_area() == "bids" and page.question.contract_id == bid.id
    dashboard = window.show_area("dashboard")
    _idle(qtbot)
    assert dashboard.open_bids() is page and window.current_area() == "bids"
    _idle(qtbot)


def test_add_a_question_stores_nothing_until_added(qtbot, demo_store):
    from svdesk.services.bids import list_questions

    bid = _bid_with_questions(demo_store)
    page = BidsPage(demo_store)
    qtbot.addWidget(page)
    page.select_contract(bid.id)
    page.add_question()
    dialog = page.add_dialog
    dialog.accept_question()  # empty: refused, nothing stored
    assert "question" in dialog.error.text() and len(list_questions(demo_store)) == 2
    dialog.text.setPlainText("How many work placement days will you offer?")
    dialog.limit.setValue(100)
    dialog.accept_question()
    assert [q.number for q in list_questions(demo_store, bid.id)] == [1, 2, 3]
    assert page.question.number == 3 and page.limit.value() == 100


def test_reports_sends_the_tender_response_to_the_bid_and_its_offer(qtbot, demo_store, monkeypatch):
    """#17: one place for a tender response: Reports' button opens the bid in Bids, whose
    'Commitments offered and lead…' edits the offer the response prints."""
    from svdesk.ui.dialogs import tender_dialog

    bid = _bid_with_questions(demo_store)
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    reports = window.show_area("reports")
    _idle(qtbot)
    row = next(
        r for r in range(reports.documents.count()) if reports.documents.item(r).data(Qt.UserRole) == "tender"
    )
    reports.documents.setCurrentRow(row)
    reports.contract.setCurrentIndex(
        next(i for i in range(reports.contract.count()) if "MCC-T-2026-118" in reports.contract.itemText(i))
    )
    reports.tender_button.click()
    assert window.current_area() == "bids"
    page = window.pages["bids"]
    assert page.current_contract_id() == bid.id
    opened = []
    monkeypatch.setattr(
        tender_dialog.TenderDialog, "exec", lambda d: opened.append(d.contract.reference) or 0
    )
    page.offer_button.click()
    assert opened == ["MCC-T-2026-118"]
    _idle(qtbot)
