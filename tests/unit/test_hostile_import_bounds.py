"""Issue 19.4, 19.5 and 19.14: absurd amounts, a quote never closed, a stray Windows byte.

Each was a traceback or a silent loss before: amounts too big for SQLite's integers crashed the
import, a quote opened in row 30 swallowed the 70 bills after it (exit 0, no rejection), and a
UTF-8 file with one Windows-1252 "£" was read as Windows-1252 throughout (mojibake)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from svdesk.importers import UnreadableFile, detect, inspect_file
from svdesk.importers.payroll import PayrollFileError
from svdesk.models import ImportBatch, SpendLine, Supplier
from svdesk.safety.text import decode_bytes
from svdesk.services.people_import import preview_people
from svdesk.services.proxy_import import SheetError, read_sheet
from svdesk.services.spend_import import import_spend, preview_spend

pytestmark = pytest.mark.both_stores

XERO = (
    "ContactName,POPostalCode,InvoiceNumber,Reference,InvoiceDate,DueDate,Total,"
    "Description,LineAmount,TaxAmount,Currency,Type,Status"
)
PAYROLL = "Works Number,Postcode,Start Date,Leave Date,Hours Per Week,Hourly Pay Rate,Annual Salary"


def bill(n: int, supplier="Timberworks Ltd", amount="100.00", description="Oak boards") -> str:
    return f"{supplier},M5 4WT,INV-{n},,{1 + n % 28:02d}/04/2025,,,{description},{amount},0.00,GBP,Bill,Paid"


def counts(store):
    with store.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) for t in (SpendLine, Supplier, ImportBatch)
        )


def workbook(rows) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- 19.4: absurd amounts are rejected rows, naming row and column -------------------------


@pytest.mark.parametrize(
    "amount", ["1e23", "90000000000000000", "1000000000.01", "-1,000,000,000.01", "(9999999999999999999999)"]
)
def test_an_absurd_amount_is_a_rejected_row_naming_row_and_column(store, tmp_path, amount):
    path = tmp_path / "bills.csv"
    quoted = f'"{amount}"'  # "-1,000,000,000.01" holds commas
    path.write_text(f"{XERO}\n{bill(1)}\n{bill(2, amount=quoted)}\n", encoding="utf-8")
    summary = import_spend(store, path)
    assert summary.to_import == 1 and summary.rejected == 1
    reject = summary.rejects[0]
    assert (reject.row, reject.column) == (3, "LineAmount")


def test_two_huge_lines_cannot_overflow_the_sums(store, tmp_path):
    """Before: each line fitted SQLite's integers but their sum did not (OperationalError)."""
    path = tmp_path / "bills.csv"
    path.write_text(
        "\n".join([XERO, bill(1, amount="90000000000000000"), bill(2, amount="90000000000000000"), bill(3)])
        + "\n",
        encoding="utf-8",
    )
    summary = import_spend(store, path)
    assert summary.to_import == 1 and summary.rejected == 2
    assert [(r.row, r.column) for r in summary.rejects] == [(2, "LineAmount"), (3, "LineAmount")]


def test_the_largest_accepted_lines_add_up_exactly(store, tmp_path):
    path = tmp_path / "bills.csv"
    path.write_text(
        "\n".join([XERO] + [bill(n, supplier=f"Big Co {n}", amount="1000000000.00") for n in range(1, 4)])
        + "\n",
        encoding="utf-8",
    )
    summary = import_spend(store, path)
    assert summary.to_import == 3 and summary.total_pence == 3 * 100_000_000_000


def test_a_huge_number_in_a_workbook_cell_is_a_rejected_row(store, tmp_path):
    """An xlsx number cell 1e23 came through as 23 digits and overflowed SQLite's INTEGER."""
    path = tmp_path / "bank.xlsx"
    path.write_bytes(
        workbook(
            [
                ["Date", "Amount", "Payee", "Description", "Reference", "Cheque Number"],
                ["01/04/2025", -1e23, "Acme", "Oak", "R1", ""],
                ["02/04/2025", -25.5, "Timberworks", "Nails", "R2", ""],
            ]
        )
    )
    before = counts(store)
    summary = import_spend(store, path)
    assert summary.rejected == 1 and summary.rejects[0].row == 2
    assert summary.rejects[0].column == "Amount"
    assert counts(store)[0] == before[0] + 1


def test_payroll_rejects_absurd_rates_old_dates_and_negative_pay(store, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(
        "\n".join(
            [
                PAYROLL,
                "W1,M5 4WT,01/04/2020,,37.5,12.50,",  # fine
                "W2,M5 4WT,01/04/2020,,37.5,100000000000000000000,",  # 1e20 an hour
                "W3,M5 4WT,01/04/1899,,37.5,12.50,",  # before 1900
                "W4,M5 4WT,01/04/2020,01/01/2101,37.5,12.50,",  # leave after 2100
                "W5,M5 4WT,01/04/2020,,37.5,-12.50,",  # negative pay
                "W6,M5 4WT,01/04/2020,,37.5,,-25000",  # negative salary
                "W7,M5 4WT,01/04/2020,,37.5,10000.01,",  # over £10,000 an hour
                "W8,M5 4WT,01/04/2020,,169,12.50,",  # more hours than a week has
                "W9,M5 4WT,01/04/2020,,nan,12.50,",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    preview = preview_people(store, path)
    assert [r.reference for r in preview.rows] == ["W1"]
    found = {(p.row, p.column) for p in preview.rejected}
    assert found == {
        (3, "Hourly Pay Rate"),
        (4, "Start Date"),
        (5, "Leave Date"),
        (6, "Hourly Pay Rate"),
        (7, "Annual Salary"),
        (8, "Hourly Pay Rate"),
        (9, "Hours Per Week"),
        (10, "Hours Per Week"),
    }
    assert all(p.reason for p in preview.rejected)


def test_payroll_workbook_with_a_huge_rate_is_a_rejected_row(store, tmp_path):
    path = tmp_path / "staff.xlsx"
    path.write_bytes(
        workbook(
            [
                PAYROLL.split(","),
                ["W1", "M5 4WT", "01/04/2020", None, 37.5, 1e20, None],
                ["W2", "M5 4WT", "01/04/2020", None, 37.5, 12.5, None],
            ]
        )
    )
    preview = preview_people(store, path)
    assert [r.reference for r in preview.rows] == ["W2"]
    assert [(p.row, p.column) for p in preview.rejected] == [(2, "Hourly Pay Rate")]


def test_payroll_workbook_with_a_27_digit_number_is_a_rejected_row(store, tmp_path):
    """Found by the property test: Decimal's quantize gave up (InvalidOperation) on 1e26."""
    path = tmp_path / "staff.xlsx"
    path.write_bytes(workbook([PAYROLL.split(","), ["W1", "M5 4WT", "01/04/2020", None, 37.5, 1e26, None]]))
    preview = preview_people(store, path)
    assert [(p.row, p.column) for p in preview.rejected] == [(2, "Hourly Pay Rate")]


def test_a_payroll_file_with_an_accented_reference_imports_twice(store, tmp_path):
    """Found by the property test: SQLite's lower() folds only A-Z, so "É-01" was not found
    on the second import and added again (UNIQUE constraint failed: a traceback)."""
    from svdesk.services.people_import import import_people

    path = tmp_path / "staff.csv"
    path.write_text(f"{PAYROLL}\nÉ-01,M5 4WT,01/04/2020,,37.5,12.50,\n", encoding="utf-8")
    import_people(store, preview_people(store, path))
    result = import_people(store, preview_people(store, path))
    assert (result.created, result.updated) == (0, 1)


# --- 19.5: a quote never closed refuses the file, naming the line ---------------------------


def test_an_unclosed_quote_refuses_the_file_naming_its_line(store, tmp_path):
    lines = [XERO] + [bill(n) if n != 30 else bill(n, supplier='"Acme Joinery') for n in range(1, 101)]
    path = tmp_path / "bills.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = counts(store)
    for run in (preview_spend, import_spend):
        with pytest.raises(UnreadableFile) as info:
            run(store, path)
        assert "line 31 opens a quote" in str(info.value)  # line 1 is the header
        assert counts(store) == before


def test_a_quote_closed_rows_later_is_refused_too(store, tmp_path):
    """The next quoted cell closes it: the rows in between vanished into one cell."""
    lines = [XERO] + [bill(n) for n in range(1, 11)]
    lines[3] = bill(3, description='"Oak boards')
    lines[8] = bill(8, description='"Nails, 50mm"')
    path = tmp_path / "bills.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="line 4 opens a quote"):
        import_spend(store, path)
    assert counts(store) == (0, 0, 0)


def test_a_genuine_cell_over_several_lines_still_imports(store, tmp_path):
    lines = [XERO, bill(1, description='"Oak boards\nplaned, sanded\nand delivered"'), bill(2)]
    path = tmp_path / "bills.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = import_spend(store, path)
    assert summary.to_import == 2 and summary.rejected == 0 and summary.unaccounted == 0


def test_payroll_and_proxy_sheets_refuse_an_unclosed_quote(store, tmp_path):
    payroll = tmp_path / "staff.csv"
    payroll.write_text(
        "\n".join([PAYROLL] + [f"W{n},M5 4WT,01/04/2020,,37.5,12.50," for n in range(1, 20)]).replace(
            "W5,", '"W5,'
        )
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(PayrollFileError, match="line 6 opens a quote"):
        preview_people(store, payroll)
    proxies = tmp_path / "proxies.csv"
    proxies.write_text(
        "Ref,Description,Proxy value (£),Currency year\n"
        'NT01,"Local jobs,1200,2024\nNT02,Apprentices,3000,2024\n'
        "NT03,Volunteering,18.5,2024\n",
        encoding="utf-8",
    )
    with pytest.raises(SheetError, match="line 2 opens a quote"):
        read_sheet(proxies)


# --- 19.14: a UTF-8 file with a stray Windows-1252 byte --------------------------------------


def test_a_stray_windows_byte_in_a_utf8_file_is_read_as_windows_1252(store, tmp_path):
    head = f"{XERO}\n".encode()
    utf8 = bill(1, supplier="Café Nero Ltd", description="Coffee £5 a cup").encode("utf-8")
    cp1252 = bill(2, supplier="Crème Joinery", description="Boards £12").encode("cp1252")
    path = tmp_path / "bills.csv"
    path.write_bytes(head + utf8 + b"\n" + cp1252 + b"\n")
    assert cp1252.count(b"\xa3") == 1 and b"\xe8" in cp1252  # one byte each, not UTF-8
    assert detect(inspect_file(path), "spend").facts.encoding == "utf-8"
    import_spend(store, path)
    with store.read() as s:
        names = set(s.scalars(select(Supplier.name)))
        descriptions = set(s.scalars(select(SpendLine.description)))
    assert names == {"Café Nero Ltd", "Crème Joinery"}
    assert descriptions == {"Coffee £5 a cup", "Boards £12"}


def test_a_windows_file_is_still_read_as_windows_1252(store, tmp_path):
    path = tmp_path / "bills.csv"
    path.write_bytes(
        ("\n".join([XERO, bill(1, supplier="Crème Joinery", description="Boards £12 à côté")]) + "\n").encode(
            "cp1252"
        )
    )
    assert inspect_file(path).encoding == "cp1252"
    import_spend(store, path)
    with store.read() as s:
        assert s.scalar(select(SpendLine.description)) == "Boards £12 à côté"


def test_decode_bytes_reads_both_pounds_right():
    assert decode_bytes("£5 é\n".encode() + b"\xa35 \xe9\n") == "£5 é\n£5 é\n"
    assert decode_bytes(b"\xef\xbb\xbf\xa35") == "£5"
    assert decode_bytes(b"caf\xe9 \xa35") == "café £5"
    assert decode_bytes("plain £".encode()) == "plain £"
