"""Spend in the workbook and the evidence pack agrees with the spend analysis."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import export_now
from svdesk.formatting import format_money
from svdesk.services import spend_analysis as spend
from svdesk.services.contracts import find_contract

pytestmark = pytest.mark.both_stores

CONTRACT = "SCC-PR-2025-041"
START, END = date(2025, 4, 1), date(2026, 3, 31)


def _rows(ws, first):
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    h = next(i for i, r in enumerate(rows) if r[0] == first)
    return rows[h], [r for r in rows[h + 1 :] if r[0] is not None]


def test_spend_sheets_match_the_analysis(demo_store, tmp_path):
    cid = find_contract(demo_store, CONTRACT).id
    a = spend.analyse_spend(demo_store, spend.SpendQuery(contract_id=cid, start=START, end=END))
    assert a.lines, "the demo has a year of spend on the Salford contract"
    out = tmp_path / "w.xlsx"
    export_now(demo_store, ExportRequest("workbook", contract_ref=CONTRACT, start=START, end=END), out)
    wb = load_workbook(out)
    header, body = _rows(wb["Spend by month"], "Month")
    months = [dict(zip(header, r, strict=True)) for r in body if r[0] != "Total"]
    assert len(months) == len(a.by_month)
    assert sum(m["Total"] for m in months) == pytest.approx(a.total_pence / 100)
    assert sum(m["Local"] for m in months) == pytest.approx(a.local_pence / 100)
    assert sum(m["SME"] for m in months) == pytest.approx(a.sme_pence / 100)
    total_row = next(r for r in body if r[0] == "Total")
    assert total_row[1].startswith("=SUM(B")
    assert len(wb["Spend by month"]._charts) == 1
    header, body = _rows(wb["Suppliers"], "Supplier")
    suppliers = [dict(zip(header, r, strict=True)) for r in body if r[0] != "Total"]
    assert [s["Supplier"] for s in suppliers] == [s.name for s in a.by_supplier]
    for s, row in zip(a.by_supplier, suppliers, strict=True):
        assert row["Spend"] == pytest.approx(s.total_pence / 100)
        assert " " not in (row["Postcode district"] or "")  # district only
    header, body = _rows(wb["Spend shares"], "Where the money went")
    shares = {r[0]: r[1] for r in body}
    assert shares["Local"] == pytest.approx(a.local_pence / 100)
    assert len(wb["Spend shares"]._charts) == 1


def test_pack_quotes_the_same_spend(demo_store, tmp_path):
    cid = find_contract(demo_store, CONTRACT).id
    a = spend.analyse_spend(demo_store, spend.SpendQuery(contract_id=cid, start=START, end=END))
    out = tmp_path / "pack.pdf"
    export_now(demo_store, ExportRequest("pack", contract_ref=CONTRACT, start=START, end=END), out)
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    for pence in (a.total_pence, a.local_pence, a.sme_pence):
        assert format_money(pence) in text
    assert a.by_supplier[0].name in text
