"""People: FTE, local per contract, pay on a date, erase keeping anonymous counts."""

from datetime import date

import pytest

from svdesk.geo.local_area import Locality
from svdesk.services import people, people_edits
from svdesk.services.contracts import find_contract
from svdesk.services.people import Assignment, PersonData
from svdesk.services.validation import ValidationError
from tests.unit.people_helpers import firm_store  # noqa: F401

pytestmark = pytest.mark.both_stores


def _contracts(store):
    return find_contract(store, "SCC-PR-2025-041"), find_contract(store, "MCC-T-2026-118")


def _person(store, ref, postcode, hours=39.0, hourly=1300, shares=(1.0, 0.0), **kw):
    scc, mcc = _contracts(store)
    assignments = [Assignment(c.id, s) for c, s in zip((scc, mcc), shares, strict=True) if s]
    return people_edits.save_person(
        store,
        PersonData(
            reference=ref,
            postcode=postcode,
            start_date=date(2024, 9, 2),
            weekly_hours=hours,
            hourly_rate_pence=hourly,
            assignments=assignments,
            **kw,
        ),
    )


def test_fte_uses_organisation_full_time_hours(firm_store):
    _person(firm_store, "IJ-101", "M5 4WT", hours=19.5)  # demo firm: 39 h full time
    view = people.list_people(firm_store, search="IJ-101")[0]
    assert view.fte == pytest.approx(0.5)


def test_local_status_differs_per_contract(firm_store):
    # M2 5DB is in Manchester: not local to Salford's contract (Salford LA) but within
    # 10 miles of the Hulme site for Manchester's bid. M5 4WT (Salford) is local to both.
    _person(firm_store, "IJ-102", "M2 5DB", shares=(0.6, 0.4))
    _person(firm_store, "IJ-103", "M5 4WT", shares=(0.5, 0.5))
    _person(firm_store, "IJ-104", "SW1A 1AA", shares=(1.0, 0.0))
    views = {v.person.reference: v for v in people.list_people(firm_store)}
    status = {ref: {loc.reference: loc.result.status for loc in v.localities} for ref, v in views.items()}
    assert status["IJ-102"] == {"SCC-PR-2025-041": Locality.NOT_LOCAL, "MCC-T-2026-118": Locality.LOCAL}
    assert status["IJ-103"] == {"SCC-PR-2025-041": Locality.LOCAL, "MCC-T-2026-118": Locality.LOCAL}
    assert status["IJ-104"] == {"SCC-PR-2025-041": Locality.NOT_LOCAL}


def test_pay_checked_against_rates_in_force_on_the_date(firm_store):
    _person(firm_store, "IJ-105", "M5 4WT", hourly=1230)
    before = people.list_people(firm_store, on=date(2025, 4, 22))[0]
    after = people.list_people(firm_store, on=date(2025, 4, 23))[0]
    assert before.pay.status == "rlw" and after.pay.status == "nlw"
    # A salary is compared as an hourly equivalent: £25,000 / (39 h × 52) = £12.33
    people_edits.save_person(
        firm_store,
        PersonData(
            reference="IJ-106",
            postcode="M6 5FX",
            start_date=date(2023, 1, 9),
            weekly_hours=39,
            annual_salary_pence=25_000_00,
        ),
    )
    view = people.list_people(firm_store, search="IJ-106", on=date(2025, 4, 23))[0]
    assert view.hourly_pence == 1233 and view.pay.status == "nlw"


def test_validation_messages(firm_store):
    scc, _ = _contracts(firm_store)
    bad = PersonData(
        reference="John Smith",
        postcode="M5",
        start_date=date(2025, 5, 1),
        leave_date=date(2025, 4, 1),
        weekly_hours=39,
        hourly_rate_pence=1300,
        annual_salary_pence=2_600_000,
        priority_group="veteran",
        assignments=[Assignment(scc.id, 0.8), Assignment(scc.id, 0.4)],
    )
    with pytest.raises(ValidationError) as exc:
        people_edits.save_person(firm_store, bad)
    errors = exc.value.errors
    assert "looks like a name" in errors["reference"]
    assert "postcode" in errors and "before the start date" in errors["leave_date"]
    assert "not both" in errors["annual_salary_pence"]
    assert "recruitment programme" in errors["recruitment_programme"]
    assert "consent" in errors["consent_given"]
    assert "twice" in errors["assignments"]


def test_priority_group_counts_in_first_year_only(firm_store):
    p = _person(
        firm_store,
        "IJ-107",
        "M6 8HD",
        priority_group="neet",
        recruitment_programme="Salford Youth Hub",
        consent_given=True,
        consent_date=date(2024, 8, 30),
    )
    assert p.priority_counts_on(date(2025, 9, 1))
    assert not p.priority_counts_on(date(2025, 9, 2))


def test_erase_keeps_anonymous_counts(firm_store, tmp_path):
    from svdesk.services import evidence

    p = _person(
        firm_store,
        "IJ-108",
        "M2 5DB",
        shares=(0.5, 0.5),
        priority_group="veteran",
        recruitment_programme="Walking With The Wounded",
        consent_given=True,
        consent_date=date(2024, 8, 1),
        notes="prefers early shifts",
    )
    doc = tmp_path / "contract.pdf"
    doc.write_bytes(b"%PDF-1.4 IJ-108 payroll")
    evidence.add_evidence(firm_store, doc, links=[("person", p.id)])
    result = people_edits.erase_person(firm_store, p.id, today=date(2026, 11, 23))
    assert result.reference == f"erased-{p.id}" and result.evidence_links_removed == 1
    view = people.list_people(firm_store)[0]
    erased = view.person
    assert erased.postcode == "" and erased.hourly_rate_pence is None and erased.notes == ""
    assert erased.recruitment_programme == "" and erased.erased_on == date(2026, 11, 23)
    # Anonymous counts survive: hours (FTE), dates, and the local answer per contract.
    assert view.fte == 1.0 and erased.start_date == date(2024, 9, 2)
    status = {loc.reference: loc.result.status for loc in view.localities}
    assert status == {"SCC-PR-2025-041": Locality.NOT_LOCAL, "MCC-T-2026-118": Locality.LOCAL}
    # Nothing personal is left in the file's free space or the write-ahead log.
    if firm_store.is_postgres:  # no file here: the server vacuumed the old row versions
        return
    wal = firm_store.path.with_name(firm_store.path.name + "-wal")
    raw = firm_store.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    for secret in (b"IJ-108", b"Walking With", b"prefers early shifts", b"M2 5DB"):
        assert secret not in raw
    with pytest.raises(ValidationError):
        people_edits.save_person(firm_store, erased)


def _in_period(views, start, end):
    return [
        v
        for v in views
        if not v.person.erased_on
        and not (end and v.person.start_date and v.person.start_date > end)
        and not (start and v.person.leave_date and v.person.leave_date < start)
    ]


def test_people_in_period_is_list_people_filtered(firm_store):
    """The exports read people_in_period: the same views, in the same order, as list_people
    gives for the people not erased whose employment overlaps the period."""
    scc, mcc = _contracts(firm_store)

    def add(ref, postcode, began, hours=39.0, hourly=1300, shares=(1.0, 0.0), **kw):
        assignments = [Assignment(c.id, s) for c, s in zip((scc, mcc), shares, strict=True) if s]
        return people_edits.save_person(
            firm_store,
            PersonData(
                reference=ref,
                postcode=postcode,
                start_date=began,
                weekly_hours=hours,
                hourly_rate_pence=hourly,
                assignments=assignments,
                **kw,
            ),
        )

    add("AB-1", "M5 4WT", date(2024, 4, 1))
    add(
        "AB-2", "M5 4WT", date(2025, 6, 1), shares=(0.5, 0.5), leave_date=date(2025, 12, 31)
    )  # two contracts, left mid-year
    add(
        "AA-3", "SK1 3XE", date(2026, 5, 1), hours=20.0, hourly=900, shares=(0.0, 1.0)
    )  # starts after the first period
    add(
        "AC-4", "M1 1AE", date(2020, 1, 1), leave_date=date(2024, 3, 31), workplace_postcode="SW1A 1AA"
    )  # left before it
    add("AD-5", "M5 4WT", date(2023, 1, 1), hourly=None, annual_salary_pence=2_600_000)
    gone = add("AE-6", "M5 4WT", date(2024, 1, 1))
    people_edits.erase_person(firm_store, gone.id, today=date(2026, 1, 5))
    periods = [
        (date(2025, 4, 1), date(2026, 3, 31)),
        (None, None),
        (date(2025, 1, 1), None),
        (None, date(2024, 12, 31)),
    ]
    for contract_id in (None, scc.id, mcc.id):
        everyone = people.list_people(firm_store, contract_id=contract_id)
        for v in everyone:
            v.evidence_count = 0
        for start, end in periods:
            got = people.people_in_period(firm_store, contract_id=contract_id, start=start, end=end)
            assert got == _in_period(everyone, start, end)
    chosen = people.people_in_period(firm_store, start=date(2025, 4, 1), end=date(2026, 3, 31))
    assert [v.person.reference for v in chosen] == ["AB-1", "AB-2", "AD-5"]
    assert [len(v.localities) for v in chosen] == [1, 2, 1]
