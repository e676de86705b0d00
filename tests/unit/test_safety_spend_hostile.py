"""Hostile spend files beyond the spend area's own property tests: xlsx zip bombs, random bytes
named .xlsx, UTF-16 and oversized fields. Each is refused with a message and writes nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from svdesk.importers import UnknownLayout, UnreadableFile
from svdesk.models import ImportBatch, SpendLine, Supplier
from svdesk.services.spend_import import import_spend
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores

REFUSED = (UnreadableFile, UnknownLayout, ValidationError)
XERO = (
    "ContactName,POPostalCode,InvoiceNumber,Reference,InvoiceDate,DueDate,Total,"
    "Description,LineAmount,TaxAmount,Currency,Type,Status"
)


def _counts(store):
    with store.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) for t in (SpendLine, Supplier, ImportBatch)
        )


def _refused(store, path) -> str:
    before = _counts(store)
    with pytest.raises(REFUSED) as info:
        import_spend(store, path)
    assert _counts(store) == before
    assert str(info.value) and "Traceback" not in str(info.value)
    return str(info.value)


def _workbook(rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_xlsx_zip_bomb_is_refused_before_it_is_inflated(store, tmp_path):
    good = zipfile.ZipFile(io.BytesIO(_workbook([XERO.split(",")])))
    bomb = tmp_path / "xero-bills.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in good.infolist():
            data = good.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>",
                    b"<row r='2'><c t='inlineStr'><is><t>"
                    + b"A" * 30_000_000
                    + b"</t></is></c></row></sheetData>",
                )
            zf.writestr(info.filename, data)
    assert bomb.stat().st_size < 1_000_000
    assert "expands far more than a real workbook" in _refused(store, bomb)


@pytest.mark.parametrize(
    "name, content",
    [
        (
            "bills.csv",
            (XERO + "\nTimberworks,M5 4WT,INV-1,,01/04/2025,,12.00,,10.00,2.00,GBP,Bill,Paid\n").encode(
                "utf-16"
            ),
        ),
        ("bills.csv", XERO.encode() + b"\n" + b"A" * 300_000 + b",M5 4WT\n"),
        ("bills.xlsx", b"PK\x03\x04" + b"\x00" * 200),
    ],
)
def test_broken_spend_files_are_refused(store, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    _refused(store, path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=3000), st.sampled_from(["bills.csv", "bills.xlsx", "bank.txt"]))
def test_random_bytes_are_refused(store, tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    _refused(store, path)
