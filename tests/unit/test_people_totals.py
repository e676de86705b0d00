"""The People table's footer totals: one light query that must agree with list_people."""

from datetime import date

import pytest

from svdesk.services import people, people_edits
from svdesk.services.contracts import find_contract
from svdesk.services.people_totals import PeopleTotals, people_totals
from tests.unit.people_helpers import firm_store  # noqa: F401

pytestmark = pytest.mark.both_stores


def _from_views(store, on, **filters) -> PeopleTotals:
    """The totals as the table used to work them out, from every person's full view."""
    views = people.list_people(store, on=on, **filters)
    employed = [v for v in views if v.employed_on]
    return PeopleTotals(
        len(views),
        len(employed),
        sum(v.fte for v in employed),
        sum(1 for v in employed if v.pay.status in ("nlw", "below_nlw")),
        sum(1 for v in views if v.evidence_count == 0 and not v.person.erased),
    )


@pytest.mark.parametrize("on", [date(2025, 3, 31), date(2026, 11, 23), date(2027, 6, 1)])
def test_totals_agree_with_the_full_people_list(demo_store, on):
    scc = find_contract(demo_store, "SCC-PR-2025-041")
    for filters in ({}, {"search": "M6"}, {"contract_id": scc.id}, {"search": "zz-nobody"}):
        got = people_totals(demo_store, on=on, **filters)
        want = _from_views(demo_store, on, **filters)
        assert got.fte == pytest.approx(want.fte)
        assert (got.people, got.employed, got.below_living_wage, got.without_evidence) == (
            want.people,
            want.employed,
            want.below_living_wage,
            want.without_evidence,
        )


def test_pay_is_checked_where_each_person_works(firm_store):
    """In November 2024 £12.70 an hour meets the Real Living Wage in Salford (£12.60) but not
    London's (£13.85): the workplace postcode decides which applies."""
    base = people.PersonData(
        reference="IJ-101",
        postcode="M5 4WT",
        start_date=date(2024, 4, 1),
        weekly_hours=37.5,
        hourly_rate_pence=1270,
    )
    people_edits.save_person(firm_store, base)
    people_edits.save_person(
        firm_store,
        people.PersonData(
            **{**vars(base), "reference": "IJ-102", "workplace_postcode": "EC1A 1BB", "assignments": []}
        ),
    )
    people_edits.save_person(
        firm_store,
        people.PersonData(
            **{**vars(base), "reference": "IJ-103", "leave_date": date(2024, 5, 31), "assignments": []}
        ),
    )
    totals = people_totals(firm_store, on=date(2024, 11, 1))
    assert totals == _from_views(firm_store, date(2024, 11, 1))
    assert (totals.people, totals.employed, totals.below_living_wage) == (3, 2, 1)
    assert totals.fte == pytest.approx(2 * 37.5 / people.full_time_hours(firm_store))
    assert totals.without_evidence == 3
