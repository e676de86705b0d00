"""The self-assessment screens driven like a user would: wizard to results, resume, plan, compare."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from svdesk.services import assessment as svc
from svdesk.services.assessment_actions import list_actions
from svdesk.services.store import Store
from svdesk.ui.pages.assessment import COMPARE, RESULTS, START, WIZARD, AssessmentPage


@pytest.fixture
def page(qtbot, store):
    p = AssessmentPage(store)
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    qtbot.waitUntil(lambda: not p.loading, timeout=10_000)  # the start view is read off the GUI thread
    return p


def test_wizard_from_first_question_to_results(qtbot, page, store, monkeypatch):
    assert page.views.currentIndex() == START
    assert page.start_view.stack.currentIndex() == 0  # empty state teaches
    qtbot.mouseClick(page.header.action, Qt.LeftButton)
    wizard = page.wizard
    assert page.views.currentIndex() == WIZARD
    assert wizard.step_label.text() == "Section 1 of 9"
    assert wizard.progress_text.text() == "0 of 55 answered"

    # Keyboard only for the first question: focus starts on its first answer.
    first = wizard.blocks[0]
    assert first.buttons["yes"].hasFocus()
    qtbot.keyClick(first.buttons["yes"], Qt.Key_Space)
    assert first.answer() == "yes"
    qtbot.keyClick(first.buttons["yes"], Qt.Key_Right)  # arrow keys change the answer
    assert first.answer() == "partly" and first.buttons["partly"].hasFocus()
    qtbot.keyClick(first.buttons["partly"], Qt.Key_Left)
    assert first.answer() == "yes"
    qtbot.keyClick(first.buttons["yes"], Qt.Key_Tab)  # Tab: answers -> evidence note
    assert first.note.hasFocus()
    qtbot.keyClicks(first.note, "Payroll extract of postcodes, Mar 2026")
    qtbot.keyClick(first.note, Qt.Key_Tab)  # -> the next question's answers
    assert wizard.blocks[1].buttons["yes"].hasFocus()
    wizard.flush_notes()
    detail = svc.get_assessment(store, wizard.assessment_id)
    assert detail.answers["emp-01"] == "yes"  # saved at once
    assert detail.notes["emp-01"] == "Payroll extract of postcodes, Mar 2026"

    # Finishing early says what is missing instead of failing.
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(a[2]))
    wizard.finish()
    assert "54 question(s) still need an answer" in shown[0]

    pattern = ["yes", "partly", "no", "na"]
    n = 0
    while True:
        for block in wizard.blocks:
            if block.answer() is None:
                qtbot.mouseClick(block.buttons[pattern[n % 4]], Qt.LeftButton)
            n += 1
        if wizard.index == 8:
            assert wizard.next_button.text() == "See &results"
            break
        qtbot.mouseClick(wizard.next_button, Qt.LeftButton)
    assert wizard.progress_text.text() == "55 of 55 answered"
    qtbot.mouseClick(wizard.next_button, Qt.LeftButton)

    assert page.views.currentIndex() == RESULTS
    results = svc.assessment_results(store, wizard.assessment_id)
    assert page.results.overall_card.value_label.text() == f"{results.score * 100:.1f}%"
    assert len(page.results.chart.bars) == 9
    assert page.results.gaps_model.rowCount() == len(results.gaps)
    assert page.results.actions_model.rowCount() == len(results.gaps)
    assert "Starting below 40%" in page.results.rule.text()
    assert page.results.answers_model.rowCount() == 55
    assert page.results.answers_model.data(page.results.answers_model.index(0, 3)) == (
        "Payroll extract of postcodes, Mar 2026"
    )


def test_resume_after_closing_the_page(qtbot, tmp_path):
    store = Store.open(tmp_path / "firm.svdesk")
    page = AssessmentPage(store)
    qtbot.addWidget(page)
    page.show()
    page.start_or_resume()
    for block in page.wizard.blocks:
        qtbot.mouseClick(block.buttons["partly"], Qt.LeftButton)
    qtbot.mouseClick(page.wizard.next_button, Qt.LeftButton)
    block = page.wizard.blocks[1]
    qtbot.mouseClick(block.buttons["no"], Qt.LeftButton)
    qtbot.keyClicks(block.note, "Quote requested from a local social enterprise")
    page.close()  # the window closes mid-section: nothing may be lost
    store.close()

    store = Store.open(tmp_path / "firm.svdesk")
    again = AssessmentPage(store)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: not again.loading, timeout=10_000)
    assert again.start_view.resume_banner.isVisibleTo(again)
    assert "8 of 55 questions answered" in again.start_view.resume_text.text()
    assert again.header.action.text() == "Resume assessment"
    qtbot.mouseClick(again.start_view.resume_button, Qt.LeftButton)
    wizard = again.wizard
    assert wizard.index == 1 and wizard.section_title.text() == "Buying local and the supply chain"
    assert wizard.blocks[1].answer() == "no"
    assert wizard.blocks[1].note.text() == "Quote requested from a local social enterprise"
    qtbot.mouseClick(wizard.back_button, Qt.LeftButton)
    assert all(b.answer() == "partly" for b in wizard.blocks)
    store.close()


def test_action_plan_is_edited_in_the_table(qtbot, demo_store):
    page = AssessmentPage(demo_store)
    qtbot.addWidget(page)
    latest = svc.completed_assessments(demo_store)[0]
    page.show_results(latest.id)
    model = page.results.actions_model
    # The open action from the year before kept its owner; the rest start without one.
    assert model.data(model.index(0, 1)) == "Workshop manager"
    row = next(i for i, a in enumerate(model.rows) if not a.owner)
    first = model.rows[row]
    assert model.data(model.index(row, 1)) == "Not set"
    assert model.setData(model.index(row, 1), "Office manager")
    assert model.setData(model.index(row, 2), "31/03/2027")
    assert model.setData(model.index(row, 3), "in_progress")
    saved = next(a for a in list_actions(demo_store, latest.id) if a.id == first.id)
    assert (saved.owner, saved.due_date, saved.status) == ("Office manager", date(2027, 3, 31), "in_progress")
    assert model.data(model.index(row, 3)) == "In progress"
    assert not model.setData(model.index(row, 2), "31 Feb 2027")
    assert "not a date" in page.results.plan_message.text()
    count = model.rowCount()
    page.results.add_action()
    assert model.rowCount() == count + 1


def test_compare_two_assessments(qtbot, demo_store):
    page = AssessmentPage(demo_store)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.filled, timeout=10_000):
        pass  # the start view is read off the GUI thread
    assert page.start_view.compare_button.isEnabled()
    page.compare()
    assert page.views.currentIndex() == COMPARE
    view = page.compare_view
    assert view.sections_model.rowCount() == 9
    assert "38.9% → 57.4% (improved)" in view.summary.text()
    view.filter.setCurrentIndex(view.filter.findData("slipped"))
    assert [r.key for r in view.questions_model.rows] == ["fw-06"]
    assert view.questions_model.data(view.questions_model.index(0, 4)) == "▼ Slipped"
    assert any(b.previous is not None for b in view.chart.bars)


def test_loading_another_checklist(qtbot, page, tmp_path, monkeypatch):
    from tests.unit.test_assessment_checklist import MINI

    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    bad = tmp_path / "council.yaml"
    bad.write_text(MINI.replace("buyer_weight: 5", "buyer_wieght: 5"), encoding="utf-8")
    assert not page.load_checklist_file(str(bad))
    assert "council.yaml, line 19: unknown key “buyer_wieght”" in warnings[0]
    good = tmp_path / "charter.yaml"
    good.write_text(MINI, encoding="utf-8")
    assert page.load_checklist_file(str(good))
    assert page.start_view.checklists.currentData().key == "charter_mini"
    assert "1 questions in 1 sections" in page.start_view.about.text()
    page.start_or_resume()
    assert page.wizard.blocks[0].question.id == "pay-1"


def test_bar_chart_marks_earlier_values_and_guides(qtbot):
    from PySide6.QtGui import QColor

    from svdesk.ui import style
    from svdesk.ui.charts import Bar, BarChart, Guide

    chart = BarChart(maximum=1.0, title="Score by section", axis_label="Score")
    qtbot.addWidget(chart)
    chart.set_bars(
        [
            Bar("Local employment and skills", 0.643, "64.3% · Developing"),
            Bar("Health and wellbeing", None, "Not applicable"),
            Bar("Environment and climate", 0.5, "50.0%", previous=0.25),
        ],
        [Guide(0.4, "Developing 40%")],
        legend=[(style.PRIMARY, "later score")],
    )
    chart.resize(800, chart.sizeHint().height())
    image = chart.grab().toImage()
    assert "Health and wellbeing: Not applicable" in chart.accessibleDescription()
    top = 28 + 18 + 5
    rows = [top + i * 32 + 11 for i in range(3)]
    primary = QColor(style.PRIMARY).rgb()
    filled = [sum(1 for x in range(800) if image.pixel(x, y) == primary) for y in rows]
    assert filled[0] > filled[2] > 0 and filled[1] == 0  # the N/A row has no bar
    dark = QColor(style.TEXT).rgb()
    assert any(image.pixel(x, rows[2]) == dark for x in range(300, 500))  # the earlier mark


def test_the_start_view_is_read_off_the_gui_thread_after_the_frame_shows(qtbot, demo_store, monkeypatch):
    import threading

    on_gui = []
    for name in ("in_progress_assessment", "list_checklists", "list_assessments", "checklist_by_id"):
        real = getattr(svc, name)

        def counted(*args, real=real, name=name, **kwargs):
            if threading.current_thread() is threading.main_thread():
                on_gui.append(name)
            return real(*args, **kwargs)

        monkeypatch.setattr(svc, name, counted)
    page = AssessmentPage(demo_store)
    qtbot.addWidget(page)
    assert page.loading and page.start_view.checklists.count() == 0  # the frame, not yet the rows
    with qtbot.waitSignal(page.filled, timeout=10_000):
        pass
    assert on_gui == []
    assert page.start_view.checklists.count() >= 1 and page.start_view.model.rowCount() >= 2
    assert "questions in" in page.start_view.about.text() and not page.loading


def test_a_late_start_read_leaves_the_wizard_open(qtbot, store):
    page = AssessmentPage(store)
    qtbot.addWidget(page)
    page.start_or_resume()  # before the start view's read has answered
    page.refresh()  # a visit while the wizard is open reads nothing
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)
    assert page.views.currentIndex() == WIZARD and page.header.action.isHidden()
