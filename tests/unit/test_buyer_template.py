"""Filling a buyer's own workbook (issue 16.2): templates of several shapes are built here with
openpyxl (every value invented and neutral: no real TOMs or buyer values); after the fill the saved
workbook is re-read and every cell outside the input cells is compared with the original (value,
formula, style, comment, protection), with the merged ranges, validations, defined names and sheet
protection; the input cells hold exactly the figures of the contract return."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from svdesk.exports import buyer_layout
from svdesk.exports import buyer_template as bt
from svdesk.services import contract_return as cr
from svdesk.services.commitments import list_commitments
from svdesk.services.contracts import find_contract
from svdesk.services.measures import measure_quantity

pytestmark = pytest.mark.both_stores

CONTRACT = "SCC-PR-2025-041"
TODAY = date(2026, 12, 5)
Q6 = (date(2026, 7, 1), date(2026, 9, 30))  # contract Q6 = financial Q2 of 2026/27
GREY = PatternFill("solid", fgColor="DDDDDD")


@pytest.fixture
def contract(demo_store):
    c = find_contract(demo_store, CONTRACT)
    vol = next(x for x in list_commitments(demo_store, c.id) if x.measure_key == "volunteering_hours")
    cr.save_buyer_kpi(demo_store, vol.id, "SV-07", "Hours volunteered in local schools")
    cr.save_note(
        demo_store, cr.Note(vol.id, 6, "Two sessions moved to October.", "Extra session booked.", True)
    )
    return c


def _snapshot(path):
    wb = load_workbook(path)
    cells = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                cells[(ws.title, c.coordinate)] = (
                    c.value,
                    c.number_format,
                    repr(c.font),
                    repr(c.fill),
                    repr(c.border),
                    repr(c.alignment),
                    repr(c.protection),
                    c.comment.text if c.comment else None,
                )
    return {
        "cells": cells,
        "sheets": [
            (
                ws.title,
                ws.sheet_state,
                repr(ws.protection),
                sorted(str(r) for r in ws.merged_cells.ranges),
                sorted(
                    (str(v.sqref), v.type, v.formula1, v.operator) for v in ws.data_validations.dataValidation
                ),
                {k: v.width for k, v in ws.column_dimensions.items()},
            )
            for ws in wb.worksheets
        ],
        "names": sorted((n, d.attr_text) for n, d in wb.defined_names.items()),
        "protection": repr(wb.security),
    }


def _fill(store, contract, template, tmp_path, mapping=None, period=Q6):
    out = tmp_path / "filled.xlsx"
    result = bt.fill_template(store, contract, *period, template, out, mapping, today=TODAY)
    return out, result


def _assert_only_inputs_changed(original, filled, inputs: dict):
    a, b = _snapshot(original), _snapshot(filled)
    assert a["sheets"] == b["sheets"] and a["names"] == b["names"]
    assert a["protection"] == b["protection"]
    keys = set(a["cells"]) | set(b["cells"])
    for key in keys:
        before, after = a["cells"].get(key), b["cells"].get(key)
        if key in inputs:
            assert after[0] == inputs[key], key
            assert before[1:] == after[1:], key  # its style and comment stay
        elif before is None or after is None:  # a cell only one side lists: both empty
            assert (before or after)[0] is None, key
        else:
            assert before == after, key


def _expected(store, c, key, role="actual", period=Q6):
    for r in cr.kpi_rows(store, c, *period, min(period[1], TODAY)):
        if r.measure_key == key:
            return round(r.actual_period if role == "actual" else r.actual_to_date, 2)
    return round(measure_quantity(store, key, c.id, *period, today=TODAY).quantity, 2)


def _quarters_in_columns(path, protected=False):
    wb = Workbook()
    ws = wb.active
    ws.title = "KPI return"
    ws["A1"] = "Social value KPI return (invented example)"
    ws.merge_cells("A1:K1")
    ws["C2"], ws["G2"] = "2025/26", "2026/27"
    ws.merge_cells("C2:F2")
    ws.merge_cells("G2:J2")
    ws.append(["Code", "KPI", "Q1", "Q2", "Q3", "Q4", "Q1", "Q2", "Q3", "Q4", "Commentary"])
    for c in ws[3]:
        c.font, c.fill = Font(bold=True), GREY
    ws.append(["Employment"])  # a heading, not a KPI
    ws.append(["SV-01", "Local people employed on the contract", 1.1, 1.2, 1.3, 1.4, 1.5])
    ws.append(["SV-02", "Apprenticeship weeks on the contract", 5, 5, 5, 5, 6])
    ws.append(["SV-07", "Hours volunteered in local schools", 10, 0, 12, 8, 0])
    ws.append(["SV-09", "Spend with local suppliers", 100, 200, 300, 400, 500])
    ws.append(["Total", "", *[f"=SUM({col}5:{col}8)" for col in "CDEFGHIJ"]])
    ws["B5"].comment = Comment("Count FTE, not heads.", "Buyer")
    dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    ws.add_data_validation(dv)
    dv.add("C5:J8")
    wb.defined_names["ReturnQuarters"] = DefinedName("ReturnQuarters", attr_text="'KPI return'!$C$3:$J$3")
    for row in ws.iter_rows(min_row=5, max_row=8, min_col=3, max_col=11):
        for c in row:
            c.number_format = "0.00"
    if protected:
        for row in ws.iter_rows(min_row=5, max_row=8, min_col=3, max_col=11):
            for c in row:
                c.protection = Protection(locked=False)
        ws["H8"].protection = Protection(locked=True)  # the buyer fills this one
        ws.protection.sheet = True
        ws.protection.password = "invented"
    wb.save(path)
    return path


def test_measures_in_rows_and_quarters_in_columns_under_merged_years(demo_store, contract, tmp_path):
    template = _quarters_in_columns(tmp_path / "kpi.xlsx")
    out, result = _fill(demo_store, contract, template, tmp_path)
    s = "KPI return"
    inputs = {
        (s, "H5"): _expected(demo_store, contract, "local_jobs_fte_years"),
        (s, "H6"): _expected(demo_store, contract, "apprenticeship_weeks"),
        (s, "H7"): _expected(demo_store, contract, "volunteering_hours"),
        (s, "H8"): _expected(demo_store, contract, "local_spend_gbp"),
        (s, "K7"): "Two sessions moved to October.",
    }
    _assert_only_inputs_changed(template, out, inputs)
    assert result.mapping.rows["SV-07 | Hours volunteered in local schools"] == "volunteering_hours"
    assert any("KPI return!H -> actual" in line for line in result.lines())
    assert load_workbook(out).calculation.fullCalcOnLoad


def test_a_protected_sheet_gets_only_its_unlocked_cells(demo_store, contract, tmp_path):
    template = _quarters_in_columns(tmp_path / "kpi.xlsx", protected=True)
    out, _ = _fill(demo_store, contract, template, tmp_path)
    s = "KPI return"
    inputs = {
        (s, "H5"): _expected(demo_store, contract, "local_jobs_fte_years"),
        (s, "H6"): _expected(demo_store, contract, "apprenticeship_weeks"),
        (s, "H7"): _expected(demo_store, contract, "volunteering_hours"),
        (s, "K7"): "Two sessions moved to October.",
    }
    _assert_only_inputs_changed(template, out, inputs)  # H8 (locked) stays empty
    assert load_workbook(out)["KPI return"].protection.sheet


def test_one_sheet_per_quarter(demo_store, contract, tmp_path):
    wb = Workbook()
    wb.remove(wb.active)
    for name in ("Q1 2026-27", "Q2 2026-27", "Q3 2026-27"):
        ws = wb.create_sheet(name)
        ws.append(
            [
                "Ref",
                "Measure",
                "Unit",
                "Target",
                "Actual",
                "Cumulative to date",
                "Comments",
                "Corrective action",
            ]
        )
        ws.append(["A1", "Local people employed on the contract", "FTE-years", 1.25])
        ws.append(["A2", "Work placement days", "days", 10])
        ws.append(["A3", "Spend with local suppliers", "£", 5000])
    template = tmp_path / "sheets.xlsx"
    wb.save(template)
    out, _ = _fill(demo_store, contract, template, tmp_path)
    s = "Q2 2026-27"
    inputs = {
        (s, "E2"): _expected(demo_store, contract, "local_jobs_fte_years"),
        (s, "F2"): _expected(demo_store, contract, "local_jobs_fte_years", "to_date"),
        (s, "E3"): _expected(demo_store, contract, "work_placement_days"),
        (s, "F3"): round(
            measure_quantity(
                demo_store, "work_placement_days", contract.id, contract.start_date, Q6[1], today=TODAY
            ).quantity,
            2,
        ),
        (s, "E4"): _expected(demo_store, contract, "local_spend_gbp"),
        (s, "F4"): _expected(demo_store, contract, "local_spend_gbp", "to_date"),
    }
    assert inputs[(s, "F2")] > inputs[(s, "E2")] + 5  # to date is from the contract start
    _assert_only_inputs_changed(template, out, inputs)


def test_a_toms_style_calculator_fills_the_units_and_keeps_the_proxy_formulas(demo_store, contract, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Calculator"
    ws["A1"] = "Social value calculator, Q2 2026/27 (invented proxies)"
    ws.append([])
    ws.append(["Ref", "Measure", "Unit of measure", "Units", "Proxy value (£)", "Social value (£)"])
    ws.append(["NX-1", "Local people employed on the contract", "FTE-years", None, 1000, "=D4*E4"])
    ws.append(["NX-2", "Staff volunteering hours", "hours", None, 10, "=D5*E5"])
    ws.append(["Total", "", "", "", "", "=SUM(F4:F5)"])
    for c in ws["E"]:
        c.number_format = '"£"#,##0.00'
    template = tmp_path / "calc.xlsx"
    wb.save(template)
    out, _ = _fill(demo_store, contract, template, tmp_path)
    inputs = {
        ("Calculator", "D4"): _expected(demo_store, contract, "local_jobs_fte_years"),
        ("Calculator", "D5"): _expected(demo_store, contract, "volunteering_hours"),
    }
    _assert_only_inputs_changed(template, out, inputs)
    assert load_workbook(out)["Calculator"]["F4"].value == "=D4*E4"


def test_an_unmatched_row_stops_the_fill_until_the_mapping_names_it(demo_store, contract, tmp_path):
    template = _quarters_in_columns(tmp_path / "kpi.xlsx")
    wb = load_workbook(template)
    wb["KPI return"].insert_rows(9)
    wb["KPI return"]["A9"], wb["KPI return"]["B9"] = "SV-12", "Trees planted near schools"
    wb.save(template)
    with pytest.raises(bt.TemplateError) as err:
        _fill(demo_store, contract, template, tmp_path)
    assert err.value.unmatched == ["KPI return row 9: “SV-12 | Trees planted near schools”"]
    assert not (tmp_path / "filled.xlsx").exists()
    mapping = bt.Mapping(rows={"SV-12 | Trees planted near schools": None})
    path = bt.save_mapping(mapping, tmp_path / "salford.json")
    out, result = _fill(demo_store, contract, template, tmp_path, bt.load_mapping(path))
    assert load_workbook(out)["KPI return"]["H9"].value is None
    assert result.mapping.rows["SV-01 | Local people employed on the contract"] == "local_jobs_fte_years"


def test_the_period_of_a_header(contract):
    p = bt.contract_period(contract, *Q6, 4)
    assert p.quarter == 6 and p.fy_quarter == 2
    assert buyer_layout.describes("Q2", p, "2026/27") and not buyer_layout.describes("Q2", p, "2025/26")
    assert buyer_layout.describes("Jul – Sep 2026", p) and not buyer_layout.describes("Apr-Jun 2026", p)
    assert buyer_layout.describes("Quarter 6", p) and not buyer_layout.describes("Quarter 5", p)
    assert buyer_layout.describes(date(2026, 9, 30), p) and not buyer_layout.describes(date(2026, 10, 1), p)
    assert not buyer_layout.describes("2026/27", p)  # a year alone names no quarter
    with pytest.raises(bt.TemplateError):
        bt.contract_period(contract, date(2026, 7, 1), date(2026, 12, 31), 4)


def test_a_workbook_with_charts_is_refused_not_damaged(demo_store, contract, tmp_path):
    from openpyxl.chart import BarChart, Reference

    template = _quarters_in_columns(tmp_path / "kpi.xlsx")
    wb = load_workbook(template)
    chart = BarChart()
    chart.add_data(Reference(wb.active, min_col=3, min_row=5, max_row=8))
    wb.active.add_chart(chart, "M2")
    wb.save(template)
    with pytest.raises(bt.TemplateError, match="charts"):
        _fill(demo_store, contract, template, tmp_path)


def test_the_command_line_refuses_naming_the_row_then_fills_and_saves_the_mapping(
    demo_store, tmp_path, capsys, svdesk_home
):
    from svdesk.cli import main

    template = _quarters_in_columns(tmp_path / "kpi.xlsx")
    out, mapping = tmp_path / "out.xlsx", tmp_path / "salford.json"
    args = [
        "export",
        "return",
        "--db",
        demo_store.where,
        "--contract",
        CONTRACT,
        "--template",
        str(template),
        "--quarter",
        "6",
        "--out",
        str(out),
    ]
    assert main(args + ["--mapping", str(mapping)]) == 2
    err = capsys.readouterr().err
    assert "KPI return row 7: “SV-07 | Hours volunteered in local schools”" in err
    assert not out.exists() and not mapping.exists()
    bt.save_mapping(
        bt.Mapping(
            "Salford City Council", {"SV-07 | Hours volunteered in local schools": "volunteering_hours"}
        ),
        mapping,
    )
    assert main(args + ["--mapping", str(mapping)]) == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert "row “SV-01 | Local people employed on the contract” -> local_jobs_fte_years" in printed
    assert "column KPI return!H -> actual" in printed
    contract = find_contract(demo_store, CONTRACT)
    assert load_workbook(out)["KPI return"]["H7"].value == _expected(
        demo_store, contract, "volunteering_hours"
    )
    assert bt.load_mapping(mapping).rows["SV-09 | Spend with local suppliers"] == "local_spend_gbp"
    # Without --mapping the firm's saved mapping for this buyer is used, and kept.
    saved = bt.default_mapping_path("Salford City Council")
    saved.write_text(mapping.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(args) == 0
    assert f"Saved the mapping to {saved}" in capsys.readouterr().out


def test_the_users_words_reach_the_buyer_without_postcodes_or_person_references(
    demo_store, contract, tmp_path
):
    from svdesk.services.people import list_people

    ref = next(v.person.reference for v in list_people(demo_store) if v.person.reference)
    vol = next(x for x in list_commitments(demo_store, contract.id) if x.measure_key == "volunteering_hours")
    cr.save_note(demo_store, cr.Note(vol.id, 6, f"{ref} led the session at M5 4WT.", "", True))
    out, _ = _fill(demo_store, contract, _quarters_in_columns(tmp_path / "kpi.xlsx"), tmp_path)
    assert load_workbook(out)["KPI return"]["K7"].value == "[person] led the session at M5."


def test_period_columns_for_target_actual_and_comments(demo_store, contract, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Return"
    ws.append(["Code", "KPI", "Q2 target", "Q2 actual", "Q2 comments", "Q3 target", "Q3 actual"])
    ws.append(["SV-01", "Local people employed on the contract", 1.2, None, None, 1.3])
    ws.append(["SV-07", "Hours volunteered in local schools", 15, None, None, 15])
    template = tmp_path / "tac.xlsx"
    wb.save(template)
    out, _ = _fill(demo_store, contract, template, tmp_path)
    _assert_only_inputs_changed(
        template,
        out,
        {
            ("Return", "D2"): _expected(demo_store, contract, "local_jobs_fte_years"),
            ("Return", "D3"): _expected(demo_store, contract, "volunteering_hours"),
            ("Return", "E3"): "Two sessions moved to October.",
        },
    )


def test_the_buyers_blank_is_never_overwritten(demo_store, contract, tmp_path):
    template = _quarters_in_columns(tmp_path / "kpi.xlsx")
    before = template.read_bytes()
    with pytest.raises(bt.TemplateError, match="another name"):
        bt.fill_template(demo_store, contract, *Q6, template, template, today=TODAY)
    assert template.read_bytes() == before
