"""Counting rules per contract: FTE-years pro-rated by time share and dates, local by contract."""

from datetime import date

import pytest

from svdesk.services import people
from svdesk.services.contracts import find_contract
from svdesk.services.people import Assignment, PersonData
from tests.unit.people_helpers import firm_store  # noqa: F401


def _add(store, ref, postcode, start, hours=39.0, share=1.0, **kw):
    scc = find_contract(store, "SCC-PR-2025-041")
    return people.save_person(store, PersonData(
        reference=ref, postcode=postcode, start_date=start, weekly_hours=hours,
        hourly_rate_pence=1400, assignments=[Assignment(scc.id, share)], **kw))


def test_domain_example_ten_full_time_and_five_half_time_local_staff(firm_store):
    # 10 full-time + 5 half-time local staff over the contract's two years = 25 FTE-years.
    for i in range(10):
        _add(firm_store, f"F{i}", "M5 4WT", date(2020, 1, 6), job_status="retained")
    for i in range(5):
        _add(firm_store, f"H{i}", "M6 5PW", date(2020, 1, 6), hours=19.5, job_status="retained")
    scc = find_contract(firm_store, "SCC-PR-2025-041")
    counts = people.contract_counts(firm_store, scc.id, scc.start_date, scc.end_date)
    assert counts.headcount == 15 and counts.local_headcount == 15
    assert counts.local_fte_years == pytest.approx(25, rel=0.002)
    assert counts.new_jobs == 0


def test_share_start_date_not_local_and_priority_first_year(firm_store):
    scc = find_contract(firm_store, "SCC-PR-2025-041")
    _add(firm_store, "A", "M2 5DB", date(2024, 1, 8), share=0.5)          # Manchester
    _add(firm_store, "B", "M5 4WT", date(2025, 10, 1), priority_group="neet",
         recruitment_programme="Youth Hub", consent_given=True, consent_date=date(2025, 9, 1))
    year1 = people.contract_counts(firm_store, scc.id, date(2025, 4, 1), date(2026, 3, 31))
    assert year1.headcount == 2 and year1.local_headcount == 1
    assert year1.fte_years == pytest.approx(0.5 * 365 / 365.25 + 182 / 365.25, rel=0.001)
    assert year1.local_fte_years == pytest.approx(182 / 365.25, rel=0.001)
    assert year1.new_jobs == 1                                     # only B started in the period
    assert year1.priority_hires == {"neet": 1}
    later = people.contract_counts(firm_store, scc.id, date(2026, 10, 1), date(2027, 3, 31))
    assert later.priority_hires == {}                              # past the first year
