"""Proxy values: the shipped Open Government Licence defaults, editing, and importing a buyer's
sheet all-or-nothing."""

import csv

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from svdesk.models import MeasureSetting, ProxyValue
from svdesk.resources import resource_path
from svdesk.services.contracts import find_contract
from svdesk.services.proxies import (
    DEFAULTS_FLAG,
    ProxyData,
    citation,
    delete_proxy,
    ensure_defaults,
    list_proxies,
    save_proxy,
    shipped_defaults,
)
from svdesk.services.proxy_import import apply_import, preview_import, read_sheet, suggest_mapping
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores


def test_the_shipped_values_carry_source_edition_date_and_licence(store):
    proxies = {p.measure_key: p for p in list_proxies(store)}
    assert set(proxies) == {"volunteering_hours", "donations_gbp"}
    vol = proxies["volunteering_hours"]
    assert vol.pence_per_unit == 1864  # ONS ASHE 2024: median hourly pay, full time
    assert "Annual Survey of Hours and Earnings" in vol.source
    assert vol.published == "29 Oct 2024" and vol.edition.startswith("ASHE 2024")
    assert vol.licence == "Open Government Licence v3.0"
    assert proxies["donations_gbp"].pence_per_unit == 100  # face value: £1 per £1 given
    assert all(p.shipped for p in proxies.values())
    assert "Open Government Licence v3.0" in citation(vol)
    assert "published 29 Oct 2024" in citation(vol)


def test_no_toms_or_hact_value_is_shipped():
    with open(resource_path("proxies", "defaults.csv"), newline="", encoding="utf-8") as fh:
        text = fh.read()
    for word in ("TOMs", "HACT", "Social Value Portal", "Essex"):
        assert word not in text
    rows = list(csv.DictReader(text.splitlines()))
    assert all(r["source"] and r["edition"] and r["licence"] for r in rows)


def test_an_older_shipped_set_is_replaced_but_the_users_values_are_kept(store):
    """A database that took the first shipped set (the Essex values) moves to the new one:
    untouched shipped rows go, a value the user edited stays as they left it."""
    with store.write() as s:
        s.add(MeasureSetting(key=DEFAULTS_FLAG, value="1"))
        s.add(
            ProxyValue(
                measure_key="volunteering_hours",
                pence_per_unit=1693,
                edition="edition not stated",
                source="Essex localised TOMs guidance",
                shipped=True,
            )
        )
        s.add(
            ProxyValue(
                measure_key="expert_hours", pence_per_unit=9500, source="Our buyer's sheet", shipped=False
            )
        )
    proxies = {p.measure_key: p for p in list_proxies(store)}
    assert proxies["volunteering_hours"].pence_per_unit == 1864
    assert proxies["expert_hours"].pence_per_unit == 9500 and not proxies["expert_hours"].shipped
    assert "donations_gbp" in proxies
    ensure_defaults(store)  # a second call changes nothing
    with store.read() as s:
        rows = list(s.scalars(select(ProxyValue)))
    assert len(rows) == 3
    assert {p.pence_per_unit for p in shipped_defaults()} <= {r.pence_per_unit for r in rows}


def test_a_deleted_default_stays_deleted_and_edits_are_kept(store):
    vol = next(p for p in list_proxies(store) if p.measure_key == "volunteering_hours")
    delete_proxy(store, vol.id)
    assert [p.measure_key for p in list_proxies(store)] == ["donations_gbp"]
    saved = save_proxy(
        store,
        ProxyData(
            measure_key="expert_hours",
            pence_per_unit=9500,
            source="Salford proxy sheet",
            edition="2025",
            published="1 Apr 2025",
            licence="Tender pack terms",
            checked_by="JB, 3 Mar 2026",
        ),
    )
    assert saved.pence_per_unit == 9500 and not saved.shipped
    assert (saved.published, saved.licence) == ("1 Apr 2025", "Tender pack terms")
    assert sorted(p.measure_key for p in list_proxies(store)) == ["donations_gbp", "expert_hours"]


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
    mapping.measures.update(
        SAL1="local_jobs_fte_years",
        SAL2="apprenticeship_weeks",
        SAL3="volunteering_hours",
        SAL9="co2e_tonnes",
    )
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
    assert default[0].pence_per_unit == 1864 and default[0].shipped


def test_import_reports_errors_per_row_from_xlsx(store, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Proxy values 2025"])
    ws.append(["Measure key", "Value", "Edition", "Source", "Licence"])
    ws.append(["expert_hours", 99.5, "2025", "Buyer sheet", "Tender pack terms"])
    ws.append(["volunteering_hours", "about twenty", "2025", "Buyer sheet", ""])
    ws.append(["expert_hours", 101, "2025", "Buyer sheet", ""])
    ws.append(["donations_gbp", 1, "2025", "", ""])
    path = tmp_path / "proxies.xlsx"
    wb.save(path)
    sheet = read_sheet(path)
    mapping = suggest_mapping(store, sheet)
    assert mapping.measures["expert_hours"] == "expert_hours"  # keys match themselves
    assert mapping.columns["licence"] == 4
    preview = preview_import(store, sheet, mapping)
    errors = {r.line: r.errors for r in preview.rows if r.errors}
    assert set(errors) == {4, 5, 6}
    assert "not an amount of money" in errors[4][0]
    assert "also on line 3" in errors[5][0]
    assert "where the value comes from" in errors[6][0]
    assert preview.rows[0].proxy.licence == "Tender pack terms"
    with pytest.raises(ValidationError):
        apply_import(store, preview)
    assert {p.pence_per_unit for p in list_proxies(store)} == {p.pence_per_unit for p in shipped_defaults()}
