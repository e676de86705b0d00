"""Quarters, the status rule and the linear forecast for a commitment."""

from datetime import date

import pytest

from svdesk.calc.commitments import (
    AT_RISK,
    BEHIND,
    ON_TRACK,
    CommitmentPlan,
    assess,
    contract_quarters,
    status_rule_text,
)
from svdesk.calc.time_spans import Window

TERM = Window(date(2025, 4, 1), date(2027, 3, 31))


def test_contract_quarters_follow_the_contract_start_and_stop_at_its_end():
    qs = contract_quarters(TERM)
    assert len(qs) == 8
    assert (qs[0].start, qs[0].end) == (date(2025, 4, 1), date(2025, 6, 30))
    assert qs[-1].end == date(2027, 3, 31)
    short = contract_quarters(Window(date(2027, 1, 4), date(2027, 12, 17)))
    assert [q.number for q in short] == [1, 2, 3, 4]
    assert (short[1].start, short[-1].end) == (date(2027, 4, 4), date(2027, 12, 17))
    assert qs[0].label == "Q1 (1 Apr 2025 – 30 Jun 2025)"


def test_per_year_target_spreads_evenly_and_status_follows_the_written_rule():
    # 104 apprenticeship weeks a year: 208 over the term, 26 due each quarter
    plan = CommitmentPlan(104, TERM, basis="per_year")
    assert plan.term_target == pytest.approx(208)
    d = assess(plan, {1: 26, 2: 20}, as_of=date(2025, 10, 15))
    assert [r.status for r in d.rows[:3]] == [ON_TRACK, AT_RISK, None]
    # Q2 end: 46 delivered vs 52.14 due -> 88% -> at risk
    assert d.rows[1].due == pytest.approx(208 * 183 / 730)
    assert d.status == AT_RISK
    assert d.delivered == 46
    assert d.reason == "46.00 delivered against 52.14 due by the end of Q2."
    behind = assess(plan, {1: 10, 2: 10}, as_of=date(2025, 10, 1))
    assert behind.status == BEHIND


def test_milestones_override_the_even_spread():
    plan = CommitmentPlan(25, TERM, milestones={1: 0, 2: 1, 4: 10})
    d = assess(plan, {1: 0, 2: 1}, as_of=date(2025, 9, 30))
    assert d.rows[1].milestone and d.rows[1].due == 1
    assert d.status == ON_TRACK
    assert not d.rows[2].milestone  # Q3 falls back to the even spread


def test_forecast_is_a_straight_line_to_the_end_of_the_term():
    plan = CommitmentPlan(500, TERM)
    d = assess(plan, {1: 60, 2: 60}, as_of=date(2025, 9, 30))
    assert d.forecast == pytest.approx(120 * 730 / 183)
    assert d.forecast_meets_target is False
    assert assess(plan, {}, as_of=date(2025, 1, 1)).forecast is None
    first = assess(plan, {}, as_of=date(2025, 4, 10))
    assert first.status == ON_TRACK and "Nothing is due yet" in first.reason


def test_limits_and_levels():
    co2 = CommitmentPlan(40, TERM, direction="at_most")  # at most 40 tCO2e over the term
    assert assess(co2, {1: 5, 2: 5}, date(2025, 9, 30)).status == ON_TRACK
    assert assess(co2, {1: 5, 2: 5.5}, date(2025, 9, 30)).status == AT_RISK
    assert assess(co2, {1: 12, 2: 12}, date(2025, 9, 30)).status == BEHIND
    rlw = CommitmentPlan(1.0, TERM, additive=False)  # everyone on the Real Living Wage
    d = assess(rlw, {1: 0.8, 2: 0.95}, date(2025, 9, 30))
    assert d.delivered == 0.95 and d.status == ON_TRACK
    assert d.rows[0].status == AT_RISK


def test_rule_text_is_the_documented_rule():
    text = status_rule_text()
    assert "on track  delivered at least 90%" in text and "THE FORECAST" not in text


def test_quarters_between_milestones_are_due_on_a_line_between_them():
    plan = CommitmentPlan(60, TERM, basis="per_year", milestones={4: 40, 8: 100})
    d = assess(plan, {}, as_of=date(2027, 3, 31))
    # Q6 ends 30 Sep 2026: 183 of the 365 days from Q4's end (40) to Q8's end (100)
    assert d.rows[5].due == pytest.approx(40 + 60 * 183 / 365)
    # Q2 ends 30 Sep 2025: 183 of the 365 days from the start (0) to Q4's end (40)
    assert d.rows[1].due == pytest.approx(40 * 183 / 365)
    no_end_milestone = CommitmentPlan(120, TERM, milestones={2: 10})
    last = assess(no_end_milestone, {}, as_of=date(2027, 3, 31)).rows[-1]
    assert last.due == 120 and not last.milestone
