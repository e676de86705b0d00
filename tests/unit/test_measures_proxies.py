"""Proxy values: the two shipped defaults, editing, and importing a buyer's sheet all-or-nothing."""

import pytest
from openpyxl import Workbook

from svdesk.services.contracts import find_contract
from svdesk.services.proxies import ProxyData, delete_proxy, list_proxies, save_proxy
from svdesk.services.proxy_import import (apply_import, preview_import, read_sheet,
                                          suggest_mapping)
from svdesk.services.validation import ValidationError


def test_only_the_two_verified_values_are_shipped(store):
    proxies = {p.measure_key: p for p in list_proxies(store)}
    assert set(proxies) == {"volunteering_hours", "expert_hours"}
    assert proxies["volunteering_hours"].pence_per_unit == 1693
    assert proxies["expert_hours"].pence_per_unit == 10100
    assert "Essex" in proxies["expert_hours"].source
    assert proxies["expert_hours"].edition == "edition not stated"
    assert all(p.shipped for p in proxies.values())


def test_a_deleted_default_stays_deleted_and_edits_are_kept(store):
    vol = next(p for p in list_proxies(store) if p.measure_key == "volunteering_hours")
    delete_proxy(store, vol.id)
    assert [p.measure_key for p in list_proxies(store)] == ["expert_hours"]
    expert = list_proxies(store)[0]
    expert.pence_per_unit, expert.checked_by = 9500, "JB, 3 Mar 2026"
    saved = save_proxy(store, expert)
    assert saved.pence_per_unit == 9500 and not saved.shipped
    assert len(list_proxies(store)) == 1


def test_proxy_validation_names_the_problem(store):
    with pytest.raises(ValidationError) as err:
        save_proxy(store, ProxyData(measure_key="co2e_tonnes", pence_per_unit=0, source=""))
    assert set(err.value.errors) == {"measure_key", "pence_per_unit", "source"}


SHEET = """Salford City Council social value proxy values
Tender pack SCC-PR-2025-041,,,
,,,
Ref,Description,Proxy value (£),Unit,Currency year
SAL1,Local people employed (FTE),"£28,520.00",per FTE year,2024
SAL2,Apprenticeship weeks,266.11,per week,2024
SAL3,Volunteering time,17.20,per hour,2024
SAL9,Carbon saved,245,per tonne,2024
"""


def test_import_a_buyers_sheet_with_a_mapping_step(demo_store, tmp_path):
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    path = tmp_path / "salford.csv"
    path.write_text(SHEET, encoding="utf-8")
    sheet = read_sheet(path)
    assert sheet.headers[:3] == ["Ref", "Description", "Proxy value (£)"] and sheet.first_line == 5
    mapping = suggest_mapping(demo_store, sheet, contract.id)
    assert mapping.columns["value"] == 2 and mapping.columns["currency_year"] == 4
    # the buyer's codes mean nothing to svdesk until the user matches them
    assert mapping.measures == {}
    mapping.source = "Salford tender pack proxy sheet"
    mapping.measures.update(SAL1="local_jobs_fte_years", SAL2="apprenticeship_weeks",
                            SAL3="volunteering_hours", SAL9="co2e_tonnes")
    preview = preview_import(demo_store, sheet, mapping)
    assert not preview.ok
    assert [r.line for r in preview.rows if r.errors] == [8]
    assert "not valued" in preview.rows[3].errors[0]
    with pytest.raises(ValidationError, match="Nothing was imported"):
        apply_import(demo_store, preview)
    assert all(p.contract_id is None for p in list_proxies(demo_store, contract.id))

    del mapping.measures["SAL9"]
    mapping.skip.add("SAL9")  # leave the carbon row out
    preview = preview_import(demo_store, sheet, mapping)
    assert preview.ok and len(preview.items) == 3
    assert apply_import(demo_store, preview) == 3
    own = {p.measure_key: p for p in list_proxies(demo_store, contract.id) if p.contract_id}
    assert own["local_jobs_fte_years"].pence_per_unit == 2_852_000
    assert own["volunteering_hours"].currency_year == 2024
    assert own["volunteering_hours"].source == "Salford tender pack proxy sheet"
    # the organisation's default is untouched; the contract's own value overrides it there
    default = [p for p in list_proxies(demo_store) if p.measure_key == "volunteering_hours"]
    assert default[0].pence_per_unit == 1693


def test_import_reports_errors_per_row_from_xlsx(store, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Proxy values 2025"])
    ws.append(["Measure key", "Value", "Edition", "Source"])
    ws.append(["expert_hours", 99.5, "2025", "Buyer sheet"])
    ws.append(["volunteering_hours", "about twenty", "2025", "Buyer sheet"])
    ws.append(["expert_hours", 101, "2025", "Buyer sheet"])
    ws.append(["donations_gbp", 1, "2025", ""])
    path = tmp_path / "proxies.xlsx"
    wb.save(path)
    sheet = read_sheet(path)
    mapping = suggest_mapping(store, sheet)
    assert mapping.measures["expert_hours"] == "expert_hours"  # keys match themselves
    preview = preview_import(store, sheet, mapping)
    errors = {r.line: r.errors for r in preview.rows if r.errors}
    assert set(errors) == {4, 5, 6}
    assert "not an amount of money" in errors[4][0]
    assert "also on line 3" in errors[5][0]
    assert "where the value comes from" in errors[6][0]
    with pytest.raises(ValidationError):
        apply_import(store, preview)
    assert {p.pence_per_unit for p in list_proxies(store)} == {1693, 10100}
