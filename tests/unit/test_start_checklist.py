"""The start checklist is ticked from the records: nothing on a new database, everything in the
demo, and each step by the record that does it (issue 20.2)."""

from datetime import date

import pytest

from svdesk.services.organisation import OrganisationData, save_organisation
from svdesk.services.start_checklist import START_STEPS, all_done, month_key, month_to_close, start_steps

pytestmark = pytest.mark.both_stores


def _done(store):
    return {step.key for step in start_steps(store) if step.done}


def test_nothing_is_done_on_a_new_database(store):
    steps = start_steps(store)
    assert [s.key for s in steps] == [s.key for s in START_STEPS]
    assert _done(store) == set() and not all_done(steps)


def add_bid_question(store):
    from svdesk.services.bids import QuestionData, save_question
    from svdesk.services.contracts import find_contract

    bid = find_contract(store, "MCC-T-2026-118")
    save_question(
        store, QuestionData(contract_id=bid.id, text="How will you support local employment?", limit=300)
    )


def test_everything_is_done_in_the_demo_but_its_bid_question(demo_store):
    # the demo's bid is there for her to try adding its first question (the Bids page's tests
    # rely on it having none)
    steps = start_steps(demo_store)
    assert [s.key for s in steps if not s.done] == ["bid"]
    add_bid_question(demo_store)
    steps = start_steps(demo_store)
    assert all(s.done for s in steps) and all_done(steps)


def test_organisation_counts_once_it_has_a_postcode(store):
    save_organisation(store, OrganisationData(name="New Firm Ltd"))
    assert "organisation" not in _done(store)  # local is measured from its postcode
    save_organisation(store, OrganisationData(name="New Firm Ltd", postcode="M5 4DE"))
    assert _done(store) == {"organisation"}


def test_each_step_has_an_area_that_exists():
    from svdesk.ui.areas import AREAS

    keys = {a.key for a in AREAS}
    assert {s.area for s in START_STEPS} <= keys


def test_the_month_to_close_is_last_month():
    assert month_to_close(date(2026, 12, 5)) == date(2026, 11, 1)
    assert month_to_close(date(2027, 1, 31)) == date(2026, 12, 1)
    assert month_key(date(2026, 11, 1)) == "2026-11"
