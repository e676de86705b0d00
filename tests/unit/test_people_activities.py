"""Activity records of every kind: validation, derived figures, totals, paging, deletion."""

from datetime import date

import pytest

from svdesk.services import activities
from svdesk.services.activity_kinds import KINDS, default_values
from svdesk.services.contracts import find_contract
from svdesk.services.validation import ValidationError
from tests.unit.people_helpers import firm_store  # noqa: F401

pytestmark = pytest.mark.both_stores


def _scc(store):
    return find_contract(store, "SCC-PR-2025-041").id


def test_careers_talk_counts_hours_times_attendees(firm_store):
    values = default_values("learning_intervention") | {
        "date": date(2025, 10, 8),
        "contract_id": _scc(firm_store),
        "additional": True,
        "intervention_type": "careers_talk",
        "hours": 2,
        "attendees": 28,
        "venue": "Oasis Academy Media City",
    }
    saved = activities.save_record(firm_store, "learning_intervention", values)
    assert saved["learner_hours"] == 56 and saved.contract_reference == "SCC-PR-2025-041"
    assert saved.evidence_count == 0


def test_validation_reports_each_problem(firm_store):
    values = default_values("volunteering") | {
        "date": date(2025, 6, 1),
        "end_date": date(2025, 5, 1),
        "hours": -1,
        "attribution_share": 1.5,
    }
    with pytest.raises(ValidationError) as exc:
        activities.save_record(firm_store, "volunteering", values)
    e = exc.value.errors
    assert e["organisation_helped"] == "Enter the organisation helped."
    assert "before the start date" in e["end_date"]
    assert "at least 0.25" in e["hours"] and "between 0% and 100%" in e["attribution_share"]
    placement = default_values("work_placement") | {"date": date(2025, 6, 1)}
    assert "days or the hours" in activities.validate_record("work_placement", placement)["days"]


@pytest.mark.parametrize("text, value", [("50%", 0.5), ("0.25", 0.25), ("40", 0.4), ("", None)])
def test_share_typed_as_percent_or_fraction(text, value):
    assert activities.coerce(KINDS["volunteering"].field("attribution_share"), text) == value


def test_coerce_explains_bad_input():
    with pytest.raises(ValueError, match="not a whole number"):
        activities.coerce(KINDS["volunteering"].field("volunteers"), "three")
    with pytest.raises(ValueError, match="not a date"):
        activities.coerce(KINDS["volunteering"].field("date"), "31/02/2025")
    assert activities.coerce(KINDS["donation"].field("amount_pence"), "£1,250.50") == 125050


def test_van_miles_to_tonnes_with_edition(firm_store):
    base = default_values("emission_record") | {"category": "travel", "factor_key": "van_diesel"}
    a = activities.save_record(
        firm_store, "emission_record", base | {"date": date(2024, 12, 31), "quantity": 1000}
    )
    b = activities.save_record(
        firm_store, "emission_record", base | {"date": date(2025, 1, 31), "quantity": 1000}
    )
    assert a["edition"] == 2024 and a["tonnes_co2e"] == pytest.approx(0.40273)
    assert b["edition"] == 2025 and b["tonnes_co2e"] == pytest.approx(0.41138)
    assert a.values["unit"] == "mile"
    t = activities.totals(firm_store, "emission_record")
    assert t["count"] == 2 and t["tonnes_co2e"] == pytest.approx(0.81411)


def test_apprentice_weeks_clipped_to_contract(firm_store):
    values = default_values("apprenticeship") | {
        "date": date(2025, 1, 6),
        "contract_id": _scc(firm_store),
        "standard": "Carpentry and joinery",
        "level": 2,
        "planned_end_date": date(2026, 7, 3),
        "status": "completed",
        "actual_end_date": date(2026, 3, 30),
    }
    saved = activities.save_record(firm_store, "apprenticeship", values)
    # Contract starts 1 Apr 2025: 1 Apr 2025 to 30 Mar 2026 is 364 days = 52 weeks.
    assert saved["weeks"] == pytest.approx(52.0)


def test_filters_paging_totals_and_delete(firm_store):
    scc = _scc(firm_store)
    for i in range(30):
        activities.save_record(
            firm_store,
            "volunteering",
            default_values("volunteering")
            | {
                "date": date(2025, 4, 1 + i % 28),
                "organisation_helped": f"Food bank {i % 3}",
                "hours": 7.5,
                "volunteers": 2,
                "contract_id": scc if i % 2 else None,
            },
        )
    assert activities.count_records(firm_store, "volunteering") == 30
    assert activities.count_records(firm_store, "volunteering", contract_id=scc) == 15
    assert (
        activities.count_records(firm_store, "volunteering", contract_id=activities.ORGANISATION_WIDE) == 15
    )
    assert activities.count_records(firm_store, "volunteering", search="bank 1") == 10
    page = activities.list_records(firm_store, "volunteering", offset=10, limit=10, order_by="date")
    assert len(page) == 10 and page[0]["date"] <= page[-1]["date"]
    assert activities.totals(firm_store, "volunteering", contract_id=scc)["total_hours"] == 225
    activities.delete_record(firm_store, "volunteering", page[0].id)
    assert activities.get_record(firm_store, "volunteering", page[0].id) is None


def test_donation_totals_in_pence(firm_store):
    for pence in (25_000, 12_550):
        activities.save_record(
            firm_store,
            "donation",
            default_values("donation")
            | {"date": date(2025, 12, 1), "recipient": "Salford Foundation", "amount_pence": pence},
        )
    assert activities.totals(firm_store, "donation")["amount_pence"] == 37_550
