"""The dashboard says what to do next (issue 20.2): the start checklist, ticked from the records,
whose buttons open the right area; once all is done, the month-end routine with ticks that are
remembered."""

from datetime import date

from svdesk.services.organisation import OrganisationData, save_organisation
from svdesk.ui import state, tasks
from svdesk.ui.main_window import MainWindow

TODAY = date(2026, 12, 5)


def _dashboard(qtbot, store):
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    page = window.show_area("dashboard")
    page.today = TODAY
    page._counted_at = None
    page.refresh()
    tasks.wait_for_done(30_000)
    return window, page


def test_a_new_firm_sees_the_start_checklist_and_each_button_opens_its_area(qtbot, store):
    save_organisation(store, OrganisationData(name="New Firm Ltd", postcode="M5 4DE"))
    window, page = _dashboard(qtbot, store)
    card = page.next_steps
    assert card.mode == "start" and card.isVisible()
    assert card.title.text() == "Getting started: 1 of 7 done"
    # a step done shares one line with the others done, and has no button of its own
    assert "organisation" not in card.buttons
    assert card.done_line.text() == "✓ Done: Describe your organisation."
    expected = {
        "contract": "contracts",
        "assessment": "assessment",
        "spend": "spend",
        "people": "people",
        "evidence": "evidence",
        "bid": "bids",
    }
    for step, area in expected.items():
        window.show_area("dashboard")
        card.buttons[step].click()
        assert window.current_area() == area, step
        tasks.wait_for_done(30_000)


def test_when_all_is_done_the_month_end_card_remembers_its_ticks(qtbot, demo_store):
    from tests.unit.test_start_checklist import add_bid_question

    add_bid_question(demo_store)
    window, page = _dashboard(qtbot, demo_store)
    card = page.next_steps
    assert card.mode == "month_end"
    assert card.title.text() == "Close November: 0 of 4 done"
    card.ticks["bills"].setChecked(True)
    card.ticks["people"].setChecked(True)
    assert card.title.text() == "Close November: 2 of 4 done"
    card.buttons["evidence"].click()
    assert window.current_area() == "evidence"
    assert page.window() is window
    window.close()

    state.reset_for_tests()  # as after a restart: read from the settings file
    window, page = _dashboard(qtbot, demo_store)
    card = page.next_steps
    assert {k for k, t in card.ticks.items() if t.isChecked()} == {"bills", "people"}
    # a new month starts with nothing ticked
    page.today = date(2027, 1, 3)
    page._counted_at = None
    page.refresh()
    assert page.next_steps.title.text() == "Close December: 0 of 4 done"
