"""Every importer fed generated hostile values (issue 19): control characters, huge, NaN and
infinite numbers, bad dates, empty cells, stray quotes, random bytes.

Whatever the file, the user sees only the app's own import errors (never a traceback); a refused
file writes nothing; every rejected row names its row and column; every row is accounted for;
and nothing stored holds a control character (it would break exports later)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from svdesk.importers import UnknownLayout, UnreadableFile
from svdesk.importers.payroll import PayrollFileError
from svdesk.models import ImportBatch, Person, ProxyValue, SpendLine, Supplier
from svdesk.services.people_import import import_people, preview_people
from svdesk.services.proxy_import import SheetError, apply_import, preview_import, read_sheet, suggest_mapping
from svdesk.services.spend_import import import_spend, preview_spend
from svdesk.services.supplier_import import import_suppliers
from svdesk.services.validation import ValidationError
from tests.unit import test_bank_readers as banks

pytestmark = pytest.mark.both_stores

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
REFUSED = (UnreadableFile, UnknownLayout, ValidationError)

BARCLAYS = """Number,Date,Account,Amount,Subcategory,Memo
null,30/05/2018,20-00-00 1234****,-12.50,PAYMENT,ASDA PETROL ON 13 SEP BDC
null,31/05/2018,20-00-00 1234****,-40.00,DIRECTDEP,THREE MOBILE DDR
null,01/06/2018,20-00-00 1234****,250.00,CREDIT,CLIENT
"""
LLOYDS = """Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,Debit Amount,Credit Amount,Balance,
02/01/2016,DEB,'30-00-00,12345678,TESCO STORES 2041,23.10,,976.90
03/01/2016,DD,'30-00-00,12345678,BRITISH GAS,60.00,,916.90
04/01/2016,FPI,'30-00-00,12345678,SALARY PAYMENT,,3500.00,4416.90
"""
MONZO_2018 = """id,created,amount,currency,local_amount,local_currency,category,emoji,description,address,notes,receipt
tx_00009,2018-02-25 12:34:56 +0000,-10.00,GBP,-10.00,GBP,groceries,,TESCO STORES,1 High St,,
tx_00010,2018-02-26 09:00:00 +0000,-4.50,GBP,-4.50,GBP,eating_out,,PRET A MANGER,,,
"""
SUPPLIER_SHEET = """Supplier,Post Code,Country,Company No.
Irwell Joinery Ltd,M5 4WT,UK,01234567
Acme Corp,10001,USA,
Salford Fixings Ltd,M3 5FS,UK,
"""
BILL_PAYMENTS = """Irwell Joinery Ltd
Bill Payment List
"April - May, 2025"

Date,No.,Supplier,Amount
Business Current Account
03/04/2025,101,Travis Perkins Trading Co Ltd,885.60
07/04/2025,102,Salford Fixings & Fasteners Ltd,310.68
Total for Business Current Account,,,"1,196.28"
"""
GENERIC_MAPPING = {
    "columns": {
        "supplier": "Name",
        "date": "Date",
        "net": "Net Amount",
        "tax": "Tax Amount",
        "paid_date": "Date Paid",
        "reference": "Inv Ref",
    }
}


def _fixture(name: str) -> str:
    data = (FIXTURES / name).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


# layout name -> (kind, file name, sample text)
SAMPLES = {
    "xero-bills": ("spend", "bills.csv", _fixture("xero_bills.csv")),
    "xero-contacts": ("suppliers", "contacts.csv", _fixture("xero_contacts.csv")),
    "xero-account-transactions": ("spend", "transactions.csv", _fixture("xero_account_transactions.csv")),
    "xero-bank": ("spend", "statement.csv", _fixture("xero_bank_statement.csv")),
    "barclays": ("spend", "barclays.csv", BARCLAYS),
    "lloyds": ("spend", "lloyds.csv", LLOYDS),
    "natwest": ("spend", "natwest.csv", banks.NATWEST),
    "monzo": ("spend", "monzo.csv", banks.MONZO),
    "monzo-2018": ("spend", "monzo.csv", MONZO_2018),
    "starling": ("spend", "starling.csv", banks.STARLING_PERSONAL),
    "tide": ("spend", "tide.csv", banks.TIDE),
    "revolut-business": ("spend", "revolut.csv", banks.REVOLUT),
    "first-direct": ("spend", "firstdirect.csv", banks.FIRST_DIRECT),
    "santander": ("spend", "Statement.txt", banks.SANTANDER),
    "hsbc": ("spend", "TransHist.csv", banks.HSBC),
    "quickbooks-report": ("spend", "qb.csv", _fixture("quickbooks_transaction_list_by_supplier.csv")),
    "quickbooks-suppliers": ("suppliers", "qb-suppliers.csv", _fixture("quickbooks_suppliers.csv")),
    "freeagent": ("spend", "freeagent.csv", _fixture("freeagent_bank.csv")),
    "quickbooks-bill-payments": ("spend", "payments.csv", BILL_PAYMENTS),
    "sage50-purchases": ("spend", "daybook.csv", _fixture("sage_purchase_daybook.csv")),
    "supplier-spreadsheet": ("suppliers", "suppliers.csv", SUPPLIER_SHEET),
    "generic": ("spend", "purchases.csv", _fixture("purchases_own_spreadsheet.csv")),
}

HOSTILE = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "Acme\x1bLtd",
            "\x00",
            "Nul\x00l",
            "\x7f\x85\x9b",
            "Bell\x07",
            "tab\there",
            "line\nbreak",
            "cr\ronly",
            "\x0bvt\x0c",
            "1e23",
            "-1e23",
            "9" * 25,
            "-" + "9" * 25,
            "90000000000000000",
            "-90000000000000000",
            "1,000,000,000.01",
            "-1000000000.01",
            "1e308",
            "inf",
            "-inf",
            "NaN",
            "-0",
            "0",
            "(0)",
            "£",
            "()",
            "-",
            ".",
            "1.2.3",
            "31/02/2025",
            "00/00/0000",
            "01/01/1899",
            "01/01/2101",
            "9999-12-31",
            "1/1/1",
            "2025-13-01",
            "32/01/2025",
            "29/02/2023",
            "01 Foo 2025",
            '"',
            '"unclosed',
            'a"b',
            '""',
            ",",
            ";",
            "\t",
            "=cmd|' /C calc'!A0",
            "\ufeff",
            "\u2028",
            "\ufffd",
            "Ã©",
            "CR",
            "GBP",
            "Total",
            "total for Acme",
            "Opening Balance",
        ]
    ),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**25), 10**25).map(str),
)


def _counts(store):
    with store.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t))
            for t in (SpendLine, Supplier, ImportBatch, Person, ProxyValue)
        )


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@st.composite
def hostile_file(draw, text: str):
    """The sample with some cells below its first row replaced, perhaps a quote left open,
    perhaps random bytes spliced in; as bytes in a drawn encoding."""
    rows = _rows(text)
    for _ in range(draw(st.integers(1, 6))):
        if len(rows) < 2:
            break
        r = draw(st.integers(1, len(rows) - 1))
        if not rows[r]:
            continue
        c = draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = draw(HOSTILE)
    body = _csv(rows)
    if draw(st.booleans()):  # a quote that opens a cell and never closes
        lines = body.split("\r\n")
        k = draw(st.integers(1, max(1, len(lines) - 2)))
        lines[k] = '"' + lines[k]
        body = "\r\n".join(lines)
    data = body.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])), "replace")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=12)) + data[at:]
    return data


def _no_control_stored(store):
    with store.read() as s:
        texts = list(s.scalars(select(Supplier.name))) + list(s.scalars(select(Supplier.notes)))
        for line in s.execute(select(SpendLine.description, SpendLine.reference)):
            texts += list(line)
        texts += list(s.scalars(select(Person.reference)))
    assert not [t for t in texts if t and CONTROL.search(t.replace("\n", "").replace("\t", ""))]


def _check_summary(summary):
    assert summary.unaccounted == 0, summary.text_lines()
    for reject in summary.rejects:
        assert reject.row >= 1 and str(reject.column).strip() and reject.reason.strip()


def _run(store, path: Path, layout: str, kind: str):
    before = _counts(store)
    try:
        if kind == "suppliers":
            summary = import_suppliers(store, path, format=layout)
        elif layout == "generic":
            preview_spend(store, path, format="generic", mapping=GENERIC_MAPPING)
            summary = import_spend(store, path, format="generic", mapping=GENERIC_MAPPING)
        else:
            preview_spend(store, path, format=layout)
            summary = import_spend(store, path, format=layout)
    except REFUSED as exc:
        message = str(exc)
        assert message.strip() and "Traceback" not in message
        assert _counts(store) == before, "a refused file wrote something"
        return None
    _check_summary(summary)
    _no_control_stored(store)
    return summary


@pytest.mark.parametrize("layout", sorted(SAMPLES))
def test_each_sample_is_read_by_its_layout(store, tmp_path, layout):
    """The samples below are real inputs for their layout (else the property proves little)."""
    kind, name, text = SAMPLES[layout]
    path = tmp_path / name
    path.write_text(text, encoding="cp1252" if layout == "santander" else "utf-8")
    summary = _run(store, path, layout, kind)
    assert summary is not None and summary.format_name == layout
    assert summary.to_import + summary.updated > 0


@pytest.mark.parametrize("layout", sorted(SAMPLES))
@SETTINGS
@given(data=st.data())
def test_every_accounting_importer_survives_hostile_values(store, tmp_path, layout, data):
    kind, name, text = SAMPLES[layout]
    path = tmp_path / name
    path.write_bytes(data.draw(hostile_file(text)))
    _run(store, path, layout, kind)


@SETTINGS
@given(
    cells=st.lists(st.one_of(HOSTILE, st.floats(), st.integers(-(10**30), 10**30)), min_size=4, max_size=4)
)
def test_a_spend_workbook_with_hostile_cells(store, tmp_path, cells):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Date", "Amount", "Payee", "Description", "Reference", "Cheque Number"])
    wb.active.append(["01/04/2025", -12.5, "Timberworks", "Nails", "R1", ""])
    row = [cells[0], cells[1], cells[2], cells[3], "R2", ""]
    wb.active.append([CONTROL.sub("", c) if isinstance(c, str) else c for c in row])
    path = tmp_path / "statement.xlsx"
    wb.save(path)
    _run(store, path, "xero-bank", "spend")


PAYROLL = _csv(
    [
        [
            "Works Number",
            "Name",
            "Surname",
            "Postcode",
            "Start Date",
            "Leave Date",
            "Payment Frequency",
            "Contracted Hours Worked",
            "Hourly Pay Rate",
            "Annual Pay Rate",
            "Employment Type",
        ],
        [
            "123-A03",
            "Alan",
            "Example",
            "BD17 2AD",
            "08/04/2014",
            "",
            "Monthly",
            "162.5",
            "",
            "17340.00",
            "Permanent",
        ],
        [
            "123-A02",
            "John",
            "Surname",
            "NE1 7XF",
            "06/04/2010",
            "",
            "Weekly",
            "37.5",
            "12.50",
            "",
            "Part time",
        ],
        [
            "123-A01",
            "Belinda",
            "Test",
            "M5 4WT",
            "15/06/2013",
            "17/05/2014",
            "Weekly",
            "20",
            "10.50",
            "",
            "Zero hours",
        ],
    ]
)


@SETTINGS
@given(data=st.data())
def test_the_payroll_importer_survives_hostile_values(store, tmp_path, data):
    path = tmp_path / "staff.csv"
    path.write_bytes(data.draw(hostile_file(PAYROLL)))
    before = _counts(store)
    try:
        preview = preview_people(store, path)
        import_people(store, preview)
    except (PayrollFileError, ValidationError) as exc:
        assert str(exc).strip() and "Traceback" not in str(exc)
        assert _counts(store) == before
        return
    for problem in preview.rejected:
        assert problem.row >= 2 and problem.column.strip() and problem.reason.strip()
    for row in preview.rows:
        assert row.start_date and 1900 <= row.start_date.year <= 2100
        assert row.hourly_rate_pence is None or 0 <= row.hourly_rate_pence <= 1_000_000
        assert row.weekly_hours is None or 0 <= row.weekly_hours <= 24 * 7
    _no_control_stored(store)


@SETTINGS
@given(
    cells=st.lists(st.one_of(HOSTILE, st.floats(), st.integers(-(10**30), 10**30)), min_size=3, max_size=3)
)
def test_a_payroll_workbook_with_hostile_cells(store, tmp_path, cells):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Works Number", "Postcode", "Start Date", "Hours Per Week", "Hourly Pay Rate"])
    # openpyxl refuses to write control characters: the CSV tests send those
    wb.active.append(["W1", "M5 4WT"] + [CONTROL.sub("", c) if isinstance(c, str) else c for c in cells])
    wb.active.append(["W2", "M5 4WT", "01/04/2020", 37.5, 12.5])
    path = tmp_path / "staff.xlsx"
    wb.save(path)
    preview = preview_people(store, path)
    assert "W2" in [r.reference for r in preview.rows]
    for problem in preview.rejected:
        assert problem.row == 2 and problem.column.strip()
    import_people(store, preview)


PROXIES = _csv(
    [
        ["Ref", "Description", "Proxy value (£)", "Currency year", "Source"],
        ["NT01", "Local jobs", "1200", "2024", "Buyer's proxy sheet"],
        ["NT02", "Apprenticeships", "3000.50", "2024", "Buyer's proxy sheet"],
    ]
)


@SETTINGS
@given(data=st.data())
def test_the_proxy_importer_survives_hostile_values(store, tmp_path, data):
    path = tmp_path / "proxies.csv"
    path.write_bytes(data.draw(hostile_file(PROXIES)))
    before = _counts(store)
    try:
        sheet = read_sheet(path)
        mapping = suggest_mapping(store, sheet)
        preview = preview_import(store, sheet, mapping)
        if preview.ok:
            apply_import(store, preview)
    except (SheetError, ValidationError) as exc:
        assert str(exc).strip() and "Traceback" not in str(exc)
        assert _counts(store)[:4] == before[:4]
        return
    for row in preview.rows:
        assert row.line >= 2
        if row.proxy is not None and not row.errors:
            assert 0 < row.proxy.pence_per_unit <= 100_000_000_000
