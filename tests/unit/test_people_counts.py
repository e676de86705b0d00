"""The people area's per-contract counts follow the measures' counting rules (counting.py):
FTE-years by financial year (a whole year is exactly 1.0), local per contract, and a
priority-group hire counted once, in the period holding the hire date."""

from datetime import date

import pytest

from svdesk.services import people, people_edits
from svdesk.services.contracts import find_contract
from svdesk.services.people import Assignment, PersonData
from tests.unit.people_helpers import firm_store  # noqa: F401

pytestmark = pytest.mark.both_stores


def _add(store, ref, postcode, start, hours=39.0, share=1.0, **kw):
    scc = find_contract(store, "SCC-PR-2025-041")
    return people_edits.save_person(
        store,
        PersonData(
            reference=ref,
            postcode=postcode,
            start_date=start,
            weekly_hours=hours,
            hourly_rate_pence=1400,
            assignments=[Assignment(scc.id, share)],
            **kw,
        ),
    )


def test_domain_example_ten_full_time_and_five_half_time_local_staff(firm_store):
    # 10 full-time + 5 half-time local staff over the contract's two years = 25 FTE-years.
    for i in range(10):
        _add(firm_store, f"F{i}", "M5 4WT", date(2020, 1, 6), job_status="retained")
    for i in range(5):
        _add(firm_store, f"H{i}", "M6 5PW", date(2020, 1, 6), hours=19.5, job_status="retained")
    scc = find_contract(firm_store, "SCC-PR-2025-041")
    counts = people.contract_counts(firm_store, scc.id, scc.start_date, scc.end_date, today=scc.end_date)
    assert counts.headcount == 15 and counts.local_headcount == 15
    assert counts.local_fte_years == pytest.approx(25)  # exactly: 12.5 FTE x 2 years
    assert counts.fte_years == pytest.approx(25)
    assert counts.new_jobs == 0


def test_share_start_date_not_local_and_priority_first_year(firm_store):
    scc = find_contract(firm_store, "SCC-PR-2025-041")
    _add(firm_store, "A", "M2 5DB", date(2024, 1, 8), share=0.5)  # Manchester
    _add(
        firm_store,
        "B",
        "M5 4WT",
        date(2025, 10, 1),
        priority_group="neet",
        recruitment_programme="Youth Hub",
        consent_given=True,
        consent_date=date(2025, 9, 1),
    )
    today = date(2027, 3, 31)
    year1 = people.contract_counts(firm_store, scc.id, date(2025, 4, 1), date(2026, 3, 31), today=today)
    assert year1.headcount == 2 and year1.local_headcount == 1
    # A: half-time on the contract for the whole financial year = 0.5; B: 1 Oct - 31 Mar is
    # 182 of the year's 365 days (the old rule divided by 365.25 and gave 0.4983 + 0.4983)
    assert year1.fte_years == pytest.approx(0.5 + 182 / 365)
    assert year1.local_fte_years == pytest.approx(182 / 365)
    assert year1.new_jobs == 1  # only B started in the period
    assert year1.priority_hires == {"neet": 1}
    # B was hired in FY25: a quarter of FY26 that is still inside B's first year must not count
    # the hire again (the old rule counted it in every overlapping period)
    q1 = people.contract_counts(firm_store, scc.id, date(2026, 4, 1), date(2026, 6, 30), today=today)
    assert q1.priority_hires == {}
    assert q1.local_fte_years == pytest.approx(91 / 365)  # B: 1 Apr - 30 Jun 2026
    later = people.contract_counts(firm_store, scc.id, date(2026, 10, 1), date(2027, 3, 31), today=today)
    assert later.priority_hires == {}  # past the first year
