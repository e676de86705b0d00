"""The contract return per KPI and quarter (issue 16.1, and the return's points of issue 15):
figures equal the commitments service's and the measure engine's for the same scope and period,
"to date" runs from the contract start, a part quarter is labelled and compared pro rata, the
user's notes are stored and carried, nothing is confirmed for the user, money is £."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import export_now
from svdesk.services import contract_return as cr
from svdesk.services.commitments import contract_delivery, list_commitments
from svdesk.services.contracts import find_contract
from svdesk.services.measures import measure_quantity

pytestmark = pytest.mark.both_stores

CONTRACT = "SCC-PR-2025-041"
TODAY = date(2026, 12, 5)
TO_DATE = "Actual to date (from the contract start)"


def _rows(path, sheet="Return", first="Buyer's KPI code"):
    ws = load_workbook(path)[sheet]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    h = next(i for i, r in enumerate(rows) if r[0] == first)
    return [dict(zip(rows[h], r, strict=True)) for r in rows[h + 1 :] if r[3]]


def _export(store, tmp_path, start, end, name="r.xlsx"):
    out = tmp_path / name
    export_now(store, ExportRequest("return", contract_ref=CONTRACT, start=start, end=end, today=TODAY), out)
    return out


def test_a_single_quarter_return_counts_to_date_from_the_contract_start(demo_store, tmp_path):
    """Issue 15: --from 2026-07-01 --to 2026-09-30 printed the quarter's 1.39 FTE-years as
    "to date"; to date is what the commitments service says was delivered by 30 Sep 2026."""
    contract = find_contract(demo_store, CONTRACT)
    rows = _rows(_export(demo_store, tmp_path, date(2026, 7, 1), date(2026, 9, 30)))
    delivery = {
        r.commitment.measure_key: r for r in contract_delivery(demo_store, contract.id, date(2026, 9, 30))
    }
    assert len(rows) == len(delivery) == len(list_commitments(demo_store, contract.id))
    by_name = {r["KPI"]: r for r in rows}
    for key, report in delivery.items():
        row = by_name[report.measure.name]
        assert row["Period"] == "Q6: 1 Jul 2026 – 30 Sep 2026"
        period = measure_quantity(
            demo_store, key, contract.id, date(2026, 7, 1), date(2026, 9, 30), today=TODAY
        ).quantity
        assert row["Actual for the period"] == pytest.approx(period, abs=0.006)
        assert row[TO_DATE] == pytest.approx(report.delivery.delivered, abs=0.006)
        q6 = report.delivery.rows[5]
        assert row["Target to date (from the contract start)"] == pytest.approx(q6.due, abs=0.006)
        assert row["Status"] in cr.SCALE
    fte = by_name["Local people employed on the contract"]
    assert fte[TO_DATE] > fte["Actual for the period"] + 5  # 7.87, not 1.39


def test_a_part_quarter_is_labelled_and_compared_pro_rata(demo_store, tmp_path):
    contract = find_contract(demo_store, CONTRACT)
    rows = _rows(_export(demo_store, tmp_path, date(2026, 10, 1), date(2026, 12, 31)))
    assert rows and all(r["Period"] == "Q7: 1 Oct 2026 – 5 Dec 2026, part quarter" for r in rows)
    share = 66 / 92  # 1 Oct – 5 Dec of 1 Oct – 31 Dec
    for report in contract_delivery(demo_store, contract.id, TODAY):
        row = next(r for r in rows if r["KPI"] == report.measure.name)
        q6, q7 = report.delivery.rows[5], report.delivery.rows[6]
        if report.measure.unit == "%":
            assert row["Target for the period"] == pytest.approx(q7.due, abs=0.006)
            continue
        assert row["Target for the period"] == pytest.approx((q7.due - q6.due) * share, abs=0.006)
        assert row["Target for the period"] < q7.due - q6.due
        assert row[TO_DATE] == pytest.approx(report.delivery.delivered, abs=0.006)
        assert row["Variance to date"] == pytest.approx(
            row[TO_DATE] - row["Target to date (from the contract start)"], abs=0.011
        )


def test_the_four_level_scale_and_its_thresholds_are_settings(svdesk_home):
    assert [cr.rate(a, 100) for a in (100, 95, 75, 50)] == list(cr.SCALE)
    assert [cr.rate(a, 100, at_most=True) for a in (100, 108, 125, 140)] == list(cr.SCALE)
    assert cr.rate(0, 0) == cr.GOOD
    from svdesk.settings import load, save

    s = load()
    s.return_thresholds = {"good": 0.95, "approaching": 0.8, "requires_improvement": 0.5}
    save(s)
    assert [cr.rate(a, 100) for a in (96, 85, 60, 40)] == list(cr.SCALE)
    s.return_thresholds = {"good": 0.5, "approaching": 0.9}  # not in falling order
    save(s)
    assert cr.thresholds() == cr.DEFAULT_THRESHOLDS


def test_notes_are_stored_carried_to_the_next_draft_and_never_confirmed_for_the_user(demo_store, tmp_path):
    contract = find_contract(demo_store, CONTRACT)
    volunteering = next(
        c for c in list_commitments(demo_store, contract.id) if c.measure_key == "volunteering_hours"
    )
    cr.save_note(
        demo_store,
        cr.Note(
            volunteering.id,
            6,
            "Two events cancelled by the school.",
            "Rebooked for October half-term.",
            relates_only=True,
        ),
    )
    cr.save_buyer_kpi(demo_store, volunteering.id, "SCC-KPI-7", "Volunteering in schools")
    rows = _rows(_export(demo_store, tmp_path, date(2026, 7, 1), date(2026, 9, 30)))
    q6 = next(r for r in rows if r["Buyer's KPI code"] == "SCC-KPI-7")
    assert q6["KPI"].startswith("Volunteering in schools")
    assert q6["Commentary"] == "Two events cancelled by the school."
    assert q6["Corrective action"] == "Rebooked for October half-term."
    assert q6["Relates only to this contract"] == "Yes (confirmed)"
    assert {r["Relates only to this contract"] for r in rows if r is not q6} == {"Not confirmed"}

    rows = _rows(_export(demo_store, tmp_path, date(2026, 10, 1), date(2026, 12, 31), "q7.xlsx"))
    q7 = next(r for r in rows if r["Buyer's KPI code"] == "SCC-KPI-7")
    assert q7["Commentary"] == ("(From Q6, not yet reviewed) Two events cancelled by the school.")
    assert q7["Relates only to this contract"] == "Not confirmed"
    draft = cr.draft_note(cr.notes_for(demo_store, volunteering.id), volunteering.id, 7)
    assert draft.carried_from == 6 and not draft.relates_only and not draft.saved
    cr.save_note(demo_store, cr.Note(volunteering.id, 7, "Back on plan.", "", True))
    rows = _rows(_export(demo_store, tmp_path, date(2026, 10, 1), date(2026, 12, 31), "q7b.xlsx"))
    q7 = next(r for r in rows if r["Buyer's KPI code"] == "SCC-KPI-7")
    assert (q7["Commentary"], q7["Corrective action"]) == ("Back on plan.", None)
    assert q7["Relates only to this contract"] == "Yes (confirmed)"


def test_money_is_in_pounds_and_headers_are_tall_enough(demo_store, tmp_path):
    out = _export(demo_store, tmp_path, date(2026, 7, 1), date(2026, 9, 30))
    wb = load_workbook(out)
    values = [
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None
    ]
    assert not any("GBP" in v for v in values)
    rows = _rows(out)
    assert "£" in {r["Unit"] for r in rows}
    ws = wb["Return"]
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "Buyer's KPI code")
    for cell in ws[header]:  # a 22-point row clipped "Target to date (from the …"
        width = ws.column_dimensions[cell.column_letter].width
        assert ws.row_dimensions[header].height >= 15 * -(-len(cell.value) // (width * 1.2))


def test_other_measures_count_to_date_from_the_contract_start(demo_store, tmp_path):
    contract = find_contract(demo_store, CONTRACT)
    out = _export(demo_store, tmp_path, date(2026, 7, 1), date(2026, 9, 30))
    rows = _rows(out, "Other measures", "Measure")
    committed = {c.measure_key for c in list_commitments(demo_store, contract.id)}
    from svdesk.services.measure_library import list_measures

    names = {m.name: m for m in list_measures(demo_store)}
    assert rows and not any(names[r["Measure"]].key in committed for r in rows)
    for r in rows:
        m = names[r["Measure"]]
        period = measure_quantity(
            demo_store, m.key, contract.id, date(2026, 7, 1), date(2026, 9, 30), today=TODAY
        ).quantity
        since = measure_quantity(
            demo_store, m.key, contract.id, contract.start_date, date(2026, 9, 30), today=TODAY
        ).quantity
        assert r["Actual for the period"] == pytest.approx(period, abs=0.006)
        assert r[TO_DATE] == pytest.approx(period if m.unit == "%" else since, abs=0.006)
        assert r["Unit"] != "GBP"
