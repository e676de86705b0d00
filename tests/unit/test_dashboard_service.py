"""The Dashboard's periods, comparisons and attention items, from the demo firm's records."""

from datetime import date

import pytest

from svdesk.services import dashboard as dash
from svdesk.services.contracts import find_contract

pytestmark = pytest.mark.both_stores

TODAY = date(2026, 2, 10)


def test_periods_compare_like_with_like(demo_store):
    scc = find_contract(demo_store, "SCC-PR-2025-041")
    periods = {p.key: p for p in dash.dashboard_periods(demo_store, scc, TODAY)}
    year = periods[dash.THIS_YEAR]
    assert (year.start, year.end) == (date(2025, 4, 1), TODAY)
    # this year so far against the same days of last year, not the whole of last year
    assert (year.previous_start, year.previous_end) == (date(2024, 4, 1), date(2025, 2, 10))
    q = periods[dash.QUARTER]  # Q4 Jan-Mar 2026
    assert (q.start, q.previous_start, q.previous_end) == (
        date(2026, 1, 1),
        date(2025, 10, 1),
        date(2025, 12, 31),
    )
    assert periods[dash.LAST_QUARTER].previous_start == date(2025, 7, 1)
    whole = periods[dash.WHOLE]
    assert (whole.start, whole.end, whole.previous_start) == (date(2025, 4, 1), date(2027, 3, 31), None)


def test_attention_items_name_where_to_go(demo_store):
    scc = find_contract(demo_store, "SCC-PR-2025-041")
    period = next(p for p in dash.dashboard_periods(demo_store, scc, TODAY) if p.key == dash.THIS_YEAR)
    data = dash.dashboard(demo_store, scc.id, period, TODAY)
    assert data.previous is not None
    by_area = {}
    for item in data.attention:
        by_area.setdefault(item.area, []).append(item)
    assert by_area["evidence"][0].tab == "Without evidence" and by_area["evidence"][0].count > 0
    behind = [i for i in by_area.get("figures", []) if "Apprenticeship weeks" in i.text]
    assert behind and behind[0].tab == "Commitments"
    assert all("GBP" not in i.text for i in data.attention)


def test_change_is_unknown_against_nothing():
    assert dash.change(150, 100) == 0.5
    assert dash.change(5, 0) is None and dash.change(None, 3) is None


def test_the_period_compared_with_has_the_figures_of_its_own_overview(demo_store):
    """The Dashboard counts the period before from the same people, without the records
    behind each figure: its figures are the ones the Figures page shows for that period."""
    from svdesk.services.measures_overview import measures_overview

    scc = find_contract(demo_store, "SCC-PR-2025-041")
    for key in (dash.THIS_YEAR, dash.LAST_QUARTER):
        period = next(p for p in dash.dashboard_periods(demo_store, scc, TODAY) if p.key == key)
        data = dash.dashboard(demo_store, scc.id, period, TODAY)
        alone = measures_overview(demo_store, scc.id, period.previous_start, period.previous_end, TODAY)
        assert [(f.key, f.quantity, f.records, f.value_pence) for f in data.previous.figures] == [
            (f.key, f.quantity, f.records, f.value_pence) for f in alone.figures
        ]
        assert data.previous.totals == alone.totals and data.previous.spend == alone.spend
        assert data.previous.commitments == [] and data.previous.attention == []
        # the current period still lists every record behind its figures
        jobs = next(f for f in data.current.figures if f.key == "local_jobs_fte_years")
        assert jobs.contributions and jobs.records


def test_commitment_quarters_equal_the_figures_for_those_quarters(demo_store):
    from svdesk.calc.commitments import contract_quarters
    from svdesk.calc.time_spans import Window
    from svdesk.services.commitments import contract_delivery
    from svdesk.services.measures import measure_quantity

    scc = find_contract(demo_store, "SCC-PR-2025-041")
    reports = contract_delivery(demo_store, scc.id, TODAY)
    people = [
        r for r in reports if r.commitment.measure_key in ("local_jobs_fte_years", "real_living_wage_share")
    ]
    assert len(people) == 2
    for r in people:
        for q in contract_quarters(Window(scc.start_date, scc.end_date)):
            if q.start > TODAY:
                continue
            row = next(x for x in r.delivery.rows if x.quarter.number == q.number)
            alone = measure_quantity(
                demo_store, r.commitment.measure_key, scc.id, q.start, min(q.end, TODAY), TODAY
            )
            assert row.actual == alone.quantity


def test_the_count_of_records_without_evidence_is_the_list_the_evidence_page_shows(demo_store):
    from svdesk.services import evidence, people_edits
    from svdesk.services.people import PersonData

    # a person without evidence and an erased one (erased people are never asked for it)
    people_edits.save_person(
        demo_store,
        PersonData(reference="IJ-090", postcode="M6 5PW", start_date=date(2025, 6, 2), weekly_hours=39),
    )
    gone = people_edits.save_person(
        demo_store,
        PersonData(reference="IJ-091", postcode="M5 4WT", start_date=date(2025, 6, 2), weekly_hours=39),
    )
    people_edits.erase_person(demo_store, gone.id, TODAY)
    listed = evidence.records_without_evidence(demo_store)
    assert {m.record_type for m in listed} >= {"person", "volunteering", "apprenticeship"}
    assert evidence.count_without_evidence(demo_store) == len(listed)
    scc = find_contract(demo_store, "SCC-PR-2025-041")
    period = dash.dashboard_periods(demo_store, scc, TODAY)[0]
    item = next(
        i for i in dash.dashboard(demo_store, scc.id, period, TODAY).attention if i.area == "evidence"
    )
    assert item.count == len(listed) and item.text.startswith(f"{len(listed):,} records")
