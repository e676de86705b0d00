"""Issue 17 point 2: every theme has a measure. New jobs and apprentices started are counts of
people, counted once in the period holding the start date; completions, the completion rate and
qualifications come from the apprenticeship and training records; wellbeing, EDI training, fair
work and subcontracting opportunities are entered by hand."""

from __future__ import annotations

from datetime import date

import pytest

from svdesk.calc.counting import DatedRecord, counted_once
from svdesk.calc.employment import JobSpell, new_jobs
from svdesk.calc.time_spans import Window
from svdesk.services import activities, people, people_edits
from svdesk.services.activity_kinds import default_values
from svdesk.services.contracts import ContractData, find_contract, save_contract
from svdesk.services.measure_entries import EntryData, save_entry
from svdesk.services.measures import compute_measures
from svdesk.services.organisation import OrganisationData, save_organisation
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores

Q1 = Window(date(2026, 4, 1), date(2026, 6, 30))
TERM = {7: Window(date(2026, 4, 1), date(2027, 3, 31))}


def _ref(count):
    return [c.ref for c in count.claimed]


# --- the counting rule ------------------------------------------------------------------------


def test_counted_once_on_the_first_and_last_day_of_the_period_and_never_twice():
    records = [
        DatedRecord("a:1", 7, date(2026, 4, 1), 1.0),  # the period's first day
        DatedRecord("a:2", 7, date(2026, 6, 30), 1.0),  # its last day
        DatedRecord("a:3", 7, date(2026, 7, 1), 1.0),  # the next period's
        DatedRecord("a:4", 7, date(2026, 5, 5), 1.0, attribution=0.5),
        DatedRecord("a:1", 7, date(2026, 4, 1), 1.0),
    ]  # listed twice
    q1 = counted_once(records, Q1, TERM, date(2026, 12, 1), "Started")
    assert _ref(q1) == ["a:1", "a:2", "a:4"] and q1.quantity == 2.5
    q2 = counted_once(records, Window(date(2026, 7, 1), date(2026, 9, 30)), TERM)
    assert _ref(q2) == ["a:3"]
    year = counted_once(records, Window(date(2026, 4, 1), date(2027, 3, 31)), TERM)
    assert year.quantity == q1.quantity + q2.quantity  # quarters add up to the year
    assert "counted once" in q1.excluded[0].reason


def test_counted_once_only_inside_the_contract_and_only_when_additional():
    records = [
        DatedRecord("a:1", 7, date(2026, 3, 31), 1.0),  # the day before the term
        DatedRecord("a:2", 7, date(2026, 4, 2), 1.0, additional=None),
        DatedRecord("a:3", 7, date(2026, 4, 3), 1.0, additional=False),
        DatedRecord("a:4", None, date(2026, 3, 31), 1.0),
    ]  # organisation-wide
    count = counted_once(records, Window(date(2026, 1, 1), date(2026, 6, 30)), TERM)
    assert _ref(count) == ["a:4"]
    reasons = {c.ref: c.reason for c in count.excluded}
    assert "before the contract began" in reasons["a:1"]
    assert "Not yet confirmed" in reasons["a:2"] and "not additional" in reasons["a:3"]


def _spell(person, start, contract=7, new=True, local=True):
    return JobSpell(
        person,
        contract,
        start,
        None,
        39,
        39,
        0.5,
        local,
        hire_date=start,
        new_job=new,
        ref=f"person:{person}",
    )


def test_new_jobs_are_people_counted_once_in_the_period_of_their_start():
    spells = [
        _spell("P1", date(2026, 4, 1)),  # first day: counts, part time
        _spell("P2", date(2026, 6, 30), local=False),  # last day: counts
        _spell("P3", date(2026, 5, 1), new=False),  # a retained job: never
        _spell("P4", date(2026, 3, 31)),  # hired before the contract
        _spell("P5", date(2026, 5, 2)),
        _spell("P5", date(2026, 5, 2), contract=8),
    ]
    terms = TERM | {8: Window(date(2026, 1, 1), None)}
    count = new_jobs(spells, Window(date(2026, 3, 1), date(2026, 6, 30)), terms)
    assert count.quantity == 3  # a count, not FTE (0.5 each)
    assert count.breakdown == {"Local": 2.0, "Not local": 1.0}
    reasons = {c.ref: c.reason for c in count.excluded}
    assert reasons["person:P4"] == "Hired before the contract began."
    assert "one person is one job" in reasons["person:P5"]
    assert new_jobs(spells, Window(date(2026, 7, 1), date(2026, 9, 30)), terms).quantity == 0


# --- the sources, on a small firm's records ----------------------------------------------------


@pytest.fixture
def firm(store):
    save_organisation(
        store,
        OrganisationData(name="Small Firm Ltd", postcode="M5 4DE", full_time_hours=37.5, year_start_month=4),
    )
    save_contract(
        store,
        ContractData(
            reference="C-1",
            title="Repairs",
            buyer="Salford City Council",
            value_pence=10_000_000,
            start_date=date(2026, 4, 1),
            end_date=date(2027, 3, 31),
            status="active",
            site_postcode="M5 4DE",
            local_area_kind="authorities",
            local_area_codes="E08000006",
        ),
    )
    cid = find_contract(store, "C-1").id
    for ref, start, status in (
        ("S-1", date(2026, 4, 1), "new"),
        ("S-2", date(2026, 6, 30), "new"),
        ("S-3", date(2026, 5, 1), "retained"),
        ("S-4", date(2026, 7, 1), "new"),
    ):
        people_edits.save_person(
            store,
            people.PersonData(
                reference=ref,
                postcode="M6 5PW",
                start_date=start,
                weekly_hours=20,
                hourly_rate_pence=1400,
                job_status=status,
                assignments=[people.Assignment(cid, 0.5)],
            ),
        )

    def add(kind, **values):
        return activities.save_record(store, kind, default_values(kind) | values)

    add(
        "apprenticeship",
        date=date(2026, 6, 30),
        contract_id=cid,
        additional=True,
        standard="Carpentry",
        level=2,
        status="on_programme",
    )
    add(
        "apprenticeship",
        date=date(2026, 4, 1),
        contract_id=cid,
        additional=True,
        standard="Plumbing",
        level=3,
        status="completed",
        actual_end_date=date(2026, 6, 30),
    )
    add(
        "apprenticeship",
        date=date(2026, 4, 1),
        contract_id=cid,
        additional=True,
        standard="Painting",
        level=2,
        status="left",
        actual_end_date=date(2026, 5, 15),
    )
    add(
        "apprenticeship",
        date=date(2026, 4, 2),
        contract_id=cid,
        additional=True,
        standard="Joinery",
        level=2,
        status="completed",
        actual_end_date=date(2026, 7, 1),
    )
    add(
        "training_course",
        date=date(2026, 5, 1),
        end_date=date(2026, 5, 3),
        contract_id=cid,
        additional=True,
        course="First aid at work",
        qualification="FAW",
        weeks=0.6,
        learners=4,
        qualified=3,
    )
    add(
        "training_course",
        date=date(2026, 5, 1),
        contract_id=cid,
        additional=True,
        course="Toolbox talks",
        weeks=0.2,
        learners=6,
    )  # no qualification recorded
    return store, cid


def _figures(store, cid, start, end):
    return {f.key: f for f in compute_measures(store, cid, start, end, today=date(2026, 12, 1))}


def test_the_sources_count_a_small_firms_records(firm):
    store, cid = firm
    q1 = _figures(store, cid, date(2026, 4, 1), date(2026, 6, 30))
    assert q1["new_jobs"].quantity == 2 and q1["new_jobs"].unit == "jobs"  # S-1 and S-2
    assert q1["apprentice_starts"].quantity == 4  # 1 Apr (two), 2 Apr and 30 Jun
    assert q1["apprentice_starts"].unit == "apprentices"
    assert q1["apprentices_completed"].quantity == 1  # Plumbing, 30 Jun (Joinery: 1 Jul)
    assert q1["apprentice_completion_rate"].quantity == pytest.approx(50)  # 1 of 2 who ended
    assert q1["apprentice_completion_rate"].breakdown == {"Completed": 1.0, "Left early": 1.0}
    assert q1["qualifications_achieved"].quantity == 4  # Plumbing + 3 first aiders
    assert q1["qualifications_achieved"].breakdown == {"Apprenticeships": 1.0, "Training courses": 3.0}
    q2 = _figures(store, cid, date(2026, 7, 1), date(2026, 9, 30))
    assert q2["new_jobs"].quantity == 1  # S-4 on 1 Jul
    assert q2["apprentices_completed"].quantity == 1  # Joinery on 1 Jul
    assert q2["apprentice_completion_rate"].quantity == 100
    assert not any(
        f.valued
        for k, f in q1.items()
        if k in ("new_jobs", "apprentice_starts", "apprentices_completed", "qualifications_achieved")
    )


def test_apprentice_starts_on_the_boundaries(firm):
    store, cid = firm
    april = _figures(store, cid, date(2026, 4, 1), date(2026, 4, 1))
    assert april["apprentice_starts"].quantity == 2  # both starts on the first day
    june = _figures(store, cid, date(2026, 6, 30), date(2026, 6, 30))
    assert june["apprentice_starts"].quantity == 1  # the start on the last day
    assert june["new_jobs"].quantity == 1


def test_a_period_with_no_apprentice_ending_shows_no_rate(firm):
    store, cid = firm
    figures = _figures(store, cid, date(2026, 10, 1), date(2026, 12, 31))
    rate = figures["apprentice_completion_rate"]
    assert rate.quantity == 0 and rate.records == 0 and "No apprenticeship ended" in rate.note


def test_more_qualified_than_learners_is_refused(firm):
    store, cid = firm
    with pytest.raises(ValidationError) as err:
        activities.save_record(
            store,
            "training_course",
            default_values("training_course")
            | dict(date=date(2026, 5, 1), course="CSCS", weeks=1, learners=2, qualified=3),
        )
    assert "More learners gained the qualification" in str(err.value.errors["qualified"])


@pytest.mark.parametrize(
    "key,unit",
    [
        ("wellbeing_programme_staff", "people"),
        ("edi_trained_staff", "people"),
        ("guaranteed_hours_staff", "people"),
        ("subcontract_opportunities_advertised", "opportunities"),
    ],
)
def test_measures_with_no_record_are_entered_by_hand(firm, key, unit):
    store, cid = firm
    save_entry(store, EntryData(key, date(2026, 6, 30), 4, cid, description="by hand"))
    save_entry(store, EntryData(key, date(2026, 7, 1), 2, cid, description="next quarter"))
    q1 = _figures(store, cid, date(2026, 4, 1), date(2026, 6, 30))[key]
    assert (q1.quantity, q1.unit, q1.valued, q1.note) == (4, unit, False, "entered by hand")


def test_a_counted_measure_refuses_hand_entries(firm):
    store, cid = firm
    with pytest.raises(ValidationError) as err:
        save_entry(store, EntryData("new_jobs", date(2026, 6, 30), 4, cid))
    assert "counted from your records" in err.value.errors["measure_key"]


def test_the_new_measures_map_only_to_outcomes_that_exist():
    from svdesk.calc.frameworks import load_frameworks, load_measures

    frameworks, measures = load_frameworks().values(), load_measures()
    outcomes = {f"{fw.key}:{o.key}" for fw in frameworks for o in fw.outcomes}
    criteria = {f"{fw.key}:{c.key}" for fw in frameworks for c in fw.criteria}
    new = {
        "new_jobs",
        "apprentice_starts",
        "apprentices_completed",
        "apprentice_completion_rate",
        "qualifications_achieved",
        "wellbeing_programme_staff",
        "edi_trained_staff",
        "guaranteed_hours_staff",
        "subcontract_opportunities_advertised",
    }
    found = {m.key: m for m in measures if m.key in new}
    assert set(found) == new
    for m in found.values():
        assert m.maps_to and set(m.maps_to) <= outcomes
        assert set(m.criteria) <= criteria
        assert not m.valued and "TOMs" not in m.description + m.counting_rule
