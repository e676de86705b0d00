"""Self-assessment usability (issue #20.6): results at any time, section list, quiet wording note."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from svdesk.assessment.scoring import score
from svdesk.services import assessment as svc
from svdesk.ui.pages.assessment import RESULTS, WIZARD, AssessmentPage


@pytest.fixture
def page(qtbot, store):
    p = AssessmentPage(store)
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    qtbot.waitUntil(lambda: not p.loading, timeout=10_000)  # the start view is read off the GUI thread
    return p


def _answer(wizard, block_index, answer_id):
    block = wizard.blocks[block_index]
    block.buttons[answer_id].click()
    return block.question.id


def test_results_so_far_say_partial_and_score_only_answered(qtbot, page, store):
    qtbot.mouseClick(page.header.action, Qt.LeftButton)
    wizard = page.wizard
    first = _answer(wizard, 0, "yes")
    second = _answer(wizard, 1, "no")
    qtbot.mouseClick(wizard.results_button, Qt.LeftButton)

    assert page.views.currentIndex() == RESULTS
    results = page.results
    total = len(wizard.checklist.questions)
    assert results.partial_note.isVisible()
    assert results.partial_note.text().startswith(f"Partial: based on 2 of {total} answers")
    # One Yes and one No, both weight-scored: the score is from those two only, never
    # dragged down by the unanswered ones counted as zero.
    expected = score(wizard.checklist, {first: "yes", second: "no"}).score
    assert 0 < expected < 1
    assert svc.assessment_results(store, wizard.assessment_id).score == pytest.approx(expected)
    from svdesk.formatting import format_percent

    shown = [w.text() for w in results.overall_card.findChildren(type(results.partial_note))]
    assert format_percent(expected) in shown

    # Back to the questions where the user was.
    assert results.continue_button.isVisible()
    qtbot.mouseClick(results.continue_button, Qt.LeftButton)
    assert page.views.currentIndex() == WIZARD
    assert wizard.blocks[0].answer() == "yes"


def test_section_list_jumps_and_counts_answers(qtbot, page):
    qtbot.mouseClick(page.header.action, Qt.LeftButton)
    wizard = page.wizard
    sections = wizard.checklist.sections
    assert wizard.section_list.count() == len(sections)
    assert wizard.section_list.item(0).text().endswith(f"0 of {len(sections[0].questions)} answered")
    _answer(wizard, 0, "yes")
    assert wizard.section_list.item(0).text().endswith(f"1 of {len(sections[0].questions)} answered")

    # Click the fourth section: its first question shows, and has the focus.
    item = wizard.section_list.item(3)
    rect = wizard.section_list.visualItemRect(item)
    qtbot.mouseClick(wizard.section_list.viewport(), Qt.LeftButton, pos=rect.center())
    assert wizard.index == 3
    assert wizard.step_label.text() == f"Section 4 of {len(sections)}"
    assert wizard.blocks[0].question.id == sections[3].questions[0].id
    assert wizard.section_list.currentRow() == 3
    # The count in the list survives the move.
    assert wizard.section_list.item(0).text().endswith(f"1 of {len(sections[0].questions)} answered")


def test_section_bars_say_which_sections_have_no_answers_yet():
    from svdesk.assessment.checklist import builtin_checklist
    from svdesk.ui.pages.assessment_results import section_bars

    checklist = builtin_checklist()
    first = checklist.sections[0]
    answers = {first.questions[0].id: "yes"}
    bars = section_bars(score(checklist, answers))
    assert bars[0].text.endswith(f"(from 1 of {len(first.questions)})")
    assert bars[1].text == "No answers yet"


def _complete(store, on):
    from svdesk.assessment.checklist import builtin_checklist

    checklist = builtin_checklist()
    a = svc.start_assessment(store, started_on=on)
    for q in checklist.questions:
        svc.save_answer(store, a.id, q.id, "partly")
    svc.complete_assessment(store, a.id, completed_on=on)
    return a.id, checklist


def test_completed_assessment_is_edited_and_history_kept(qtbot, page, store):
    from datetime import date

    from svdesk.formatting import format_date
    from svdesk.services.audit import record_history

    assessment_id, checklist = _complete(store, date(2025, 3, 14))
    page.show_start()
    page.show_results(assessment_id)
    results = page.results
    assert not results.edited_note.isVisible()
    assert results.continue_button.text() == "Edit answers"
    qtbot.mouseClick(results.continue_button, Qt.LeftButton)

    wizard = page.wizard
    assert page.views.currentIndex() == WIZARD
    assert "Editing the assessment completed on 14 Mar 2025" in wizard.editing_note.text()
    question = wizard.blocks[0].question.id
    wizard.blocks[0].buttons["yes"].click()
    qtbot.mouseClick(wizard.results_button, Qt.LeftButton)

    assert page.views.currentIndex() == RESULTS
    summary = svc.get_assessment(store, assessment_id).summary
    assert summary.status == "complete" and summary.completed_on == date(2025, 3, 14)
    assert results.edited_note.isVisible()
    assert results.edited_note.text().startswith(f"Edited on {format_date(date.today())}")
    assert "completed 14 Mar 2025" in results.edited_note.text()
    # The earlier answer is in the audit trail.
    from svdesk.models import AssessmentAnswer

    with store.read() as s:
        from sqlalchemy import select

        row_id = s.scalar(
            select(AssessmentAnswer.id).where(
                AssessmentAnswer.assessment_id == assessment_id, AssessmentAnswer.question_id == question
            )
        )
    changes = [c for e in record_history(store, "assessment_answer", row_id) for c in e.changes]
    assert any(c.field == "answer" and c.old == "partly" and c.new == "yes" for c in changes)

    # Finishing the edit keeps the completion date.
    wizard.finish()
    assert svc.get_assessment(store, assessment_id).summary.completed_on == date(2025, 3, 14)


def test_next_year_starts_from_last_years_answers(qtbot, page, store):
    from datetime import date

    assessment_id, checklist = _complete(store, date(2025, 3, 14))
    svc.save_answer(store, assessment_id, checklist.questions[0].id, note="Payroll postcodes, 2025")
    page.show_start()
    button = page.start_view.next_year_button
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.LeftButton)

    wizard = page.wizard
    assert page.views.currentIndex() == WIZARD
    assert wizard.assessment_id != assessment_id
    total = len(checklist.questions)
    assert wizard.progress_text.text() == f"{total} of {total} answered"
    first, second = wizard.blocks[0], wizard.blocks[1]
    assert first.answer() == "partly" and first.note.text() == "Payroll postcodes, 2025"
    assert first.carried_label.isVisible() and first.confirm_button.isVisible()
    n0 = len(checklist.sections[0].questions)
    assert wizard.section_list.item(0).text().endswith(f"{n0} to confirm")

    qtbot.mouseClick(first.confirm_button, Qt.LeftButton)  # confirmed: same answer
    second.buttons["yes"].click()  # changed
    assert not first.carried_label.isVisible() and not second.carried_label.isVisible()
    assert wizard.section_list.item(0).text().endswith(f"{n0 - 2} to confirm")
    detail = svc.get_assessment(store, wizard.assessment_id)
    assert first.question.id not in detail.carried and second.question.id not in detail.carried
    assert wizard.blocks[2].question.id in detail.carried
    assert detail.answers[first.question.id] == "partly" and detail.answers[second.question.id] == "yes"
    # Last year's assessment is untouched.
    assert svc.get_assessment(store, assessment_id).answers[second.question.id] == "partly"


def test_one_quiet_note_instead_of_a_suffix_on_every_question(qtbot, page):
    from svdesk.help_glossary import explain
    from svdesk.ui.pages.assessment_wizard import UNVERIFIED_NOTE

    qtbot.mouseClick(page.header.action, Qt.LeftButton)
    wizard = page.wizard
    sections = wizard.checklist.sections
    has = [any(not r.verified for q in s.questions for r in q.links) for s in sections]
    assert True in has and False in has  # the checklist has both kinds of section
    for i, flagged in enumerate(has):
        wizard.show_section(i)
        assert wizard.unverified_note.isVisible() == flagged
        for block in wizard.blocks:
            supports = [w.text() for w in block.findChildren(type(wizard.unverified_note))]
            assert not any("not verified" in t or "*" in t for t in supports)
    assert wizard.unverified_note.text() == UNVERIFIED_NOTE
    assert explain("Unverified framework link")


def test_several_questions_fit_on_one_screen_with_guidance_on_request(qtbot, store):
    page = AssessmentPage(store)
    qtbot.addWidget(page)
    page.resize(1060, 650)  # the page's share of a 1280x720 window (own records: no demo banner)
    page.show()
    qtbot.mouseClick(page.header.action, Qt.LeftButton)
    wizard = page.wizard
    wizard.show_section(1)
    qtbot.waitUntil(lambda: wizard.scroll.viewport().height() > 0)
    viewport = wizard.scroll.viewport()
    # The page does not scroll as a whole: Back / Next stay in view, the questions scroll.
    QApplication.processEvents()
    assert page.page_scroll.verticalScrollBar().maximum() == 0
    fully_seen = [
        b for b in wizard.blocks if b.mapTo(viewport, b.rect().bottomLeft()).y() <= viewport.height()
    ]
    assert len(fully_seen) >= 3
    assert not any(b.help_frame.isVisible() for b in wizard.blocks)

    first = wizard.blocks[0]
    qtbot.mouseClick(first.help_button, Qt.LeftButton)
    assert first.help_frame.isVisible() and not wizard.blocks[1].help_frame.isVisible()
    wizard.guidance.setChecked(True)
    assert all(b.help_frame.isVisible() for b in wizard.blocks)
    wizard.show_section(2)  # the choice holds from section to section
    assert all(b.help_frame.isVisible() for b in wizard.blocks)
