"""Issue 19.3: one control character must not break exports for good.

A supplier named "Acme<ESC>Ltd" used to import as it was, and from then on every workbook export
failed (openpyxl's IllegalCharacterError): the importers now clean every cell they read, and
every writer cleans what it is given, so data stored before the fix exports too."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import export_now
from svdesk.models import Contract, Organisation, Supplier
from svdesk.safety.text import clean_text, clean_tree
from svdesk.services.spend_import import import_spend
from tests.unit.test_exports_run import CONTRACT, extract_text

pytestmark = pytest.mark.both_stores

XERO = (
    "ContactName,POPostalCode,InvoiceNumber,Reference,InvoiceDate,DueDate,Total,"
    "Description,LineAmount,TaxAmount,Currency,Type,Status"
)
EXPORTS = [
    ("workbook", ".xlsx"),
    ("pack", ".pdf"),
    ("pack", ".docx"),
    ("statement", ".pdf"),
    ("statement", ".docx"),
]


def _contract(store) -> Contract:
    with store.read() as s:
        return s.scalars(select(Contract).where(Contract.reference == CONTRACT)).one()


def _import_acme(store, tmp_path, name="Acme\x1bLtd"):
    contract = _contract(store)
    day = contract.start_date.strftime("%d/%m/%Y")
    path = tmp_path / "xero-bills.csv"
    path.write_text(
        f"{XERO}\n{name},M5 4WT,INV-77,,{day},,1200.00,Oak\x07 boards\x7f,1000.00,200.00,GBP,Bill,Paid\n",
        encoding="utf-8",
    )
    return import_spend(store, path, contract_id=contract.id)


def test_a_control_character_in_a_supplier_name_is_cleaned_on_import(demo_store, tmp_path):
    summary = _import_acme(demo_store, tmp_path)
    assert summary.to_import == 1 and summary.rejected == 0
    with demo_store.read() as s:
        names = set(s.scalars(select(Supplier.name)))
    assert "Acme Ltd" in names
    assert not [n for n in names if any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in n)]


@pytest.mark.parametrize("kind,fmt", EXPORTS)
def test_exports_after_importing_a_control_character(demo_store, tmp_path, kind, fmt):
    _import_acme(demo_store, tmp_path)
    out = tmp_path / f"{kind}{fmt}"
    export_now(demo_store, ExportRequest(kind, contract_ref=CONTRACT), out, lambda p: None)
    text = extract_text(out)
    assert "\x1b" not in text and "Irwell Joinery Ltd" in text


@pytest.mark.parametrize("kind,fmt", EXPORTS + [("tender", ".txt"), ("tender", ".xlsx")])
def test_exports_clean_control_characters_already_stored(demo_store, tmp_path, kind, fmt):
    """Names stored before imports cleaned them (or typed in some other way) still export."""
    with demo_store.write() as s:
        # PostgreSQL stores no NUL character in text at all: only SQLite can hold one
        nul = "" if demo_store.is_postgres else "\x00"
        s.execute(update(Organisation).values(name=f"Irwell\x1bJoinery{nul} Ltd"))
        s.execute(update(Supplier).values(name=Supplier.name + "\x1b\x85"))
    out = tmp_path / f"{kind}{fmt}"
    export_now(demo_store, ExportRequest(kind, contract_ref=CONTRACT), out, lambda p: None)
    text = extract_text(out)
    assert "\x1b" not in text and "\x00" not in text and "\x85" not in text
    assert "Irwell Joinery" in text or fmt == ".txt"


def test_the_cleaner_keeps_line_breaks_and_tabs_only_where_asked():
    assert clean_text("Acme\x1bLtd") == "Acme Ltd"
    assert clean_text("Acme\x00\x01\x02Ltd") == "Acme Ltd"  # a run is one space
    assert clean_text("DEL\x7f and C1\x9b gone") == "DEL  and C1  gone"
    assert clean_text("line one\r\nline two\ttab") == "line one\r\nline two\ttab"
    assert clean_text("line one\r\nline two\ttab", multiline=False) == "line one line two tab"
    assert clean_text("lone \ud83d surrogate") == "lone \ufffd surrogate"
    assert clean_text("Café £5 – “quoted” 😀") == "Café £5 – “quoted” 😀"
    plain = "nothing to clean"
    assert clean_text(plain) is plain
    tree = {"rows": [["a\x1bb", 1, None, ("c\x0bd", 2.5)]]}
    assert clean_tree(tree) == {"rows": [["a b", 1, None, ("c d", 2.5)]]}
