"""Random, malformed input never crashes an importer and never leaves a partial import."""

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from svdesk.db.dialect_sql import days_sql, month_sql
from svdesk.importers import UnknownLayout, UnreadableFile
from svdesk.models import ImportBatch, SpendLine, Supplier
from svdesk.services.spend_import import import_spend

pytestmark = pytest.mark.both_stores

HEADERS = [
    "ContactName,POPostalCode,InvoiceNumber,Reference,InvoiceDate,DueDate,Total,Description,"
    "LineAmount,TaxAmount,Currency,Type,Status",
    "Date,Amount,Payee,Description,Reference,Cheque Number",
    "Date,Source,Description,Reference,Debit (GBP),Credit (GBP),Running Balance (GBP)",
    ",Date,Transaction Type,No.,Posting,Memo/Description,Account,Amount",
    "",
]
cell = st.one_of(
    st.sampled_from(
        [
            "",
            "Travis Perkins Ltd",
            "M5 4WT",
            "31/04/2025",
            "01/04/2025",
            "01 Jan 2025",
            "£1,234.56",
            "(12.00)",
            "-5",
            "abc",
            "Total",
            "Bill",
            "Credit Note",
            "Voided",
            "GBP",
            "USD",
            "Total for Jewson",
            "\u00e9",
            "2025-13-01",
            "9" * 30,
            "1e308",
            "-0",
            "NaN",
            "£",
            "()",
            '"',
            ";",
        ]
    ),
    st.text(max_size=12),
)
row = st.lists(cell, min_size=0, max_size=14)


# spend_month recomputed from the lines, every column, and as the cache holds it.
FRESH = (
    "SELECT supplier_id, coalesce(contract_id, 0), {month}, count(*), "
    "sum(coalesce(net_pence, gross_pence, 0)), sum(coalesce(gross_pence, net_pence, 0)), "
    "sum(CASE WHEN paid_date IS NOT NULL AND invoice_date IS NOT NULL THEN 1 ELSE 0 END), "
    "sum(CASE WHEN paid_date IS NOT NULL AND invoice_date IS NOT NULL "
    "AND {days} <= 30 THEN 1 ELSE 0 END), "
    "coalesce(sum(CASE WHEN paid_date IS NOT NULL AND invoice_date IS NOT NULL "
    "THEN {days} ELSE 0 END), 0.0) "
    "FROM spend_line GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
)
CACHED = (
    "SELECT supplier_id, contract_id, month, lines, net_pence, gross_pence, n_dates, "
    "n_within, day_sum FROM spend_month ORDER BY 1, 2, 3"
)


def assert_cache_exact(store):
    with store.read() as s:
        conn = s.connection()
        dialect = conn.dialect.name
        fresh = FRESH.format(
            month=month_sql("spend_date", dialect), days=days_sql("paid_date", "invoice_date", dialect)
        )
        assert [tuple(r) for r in conn.exec_driver_sql(CACHED)] == [
            tuple(r) for r in conn.exec_driver_sql(fresh)
        ]


def counts(store):
    with store.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(t)) for t in (SpendLine, Supplier, ImportBatch)
        )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.sampled_from(HEADERS),
    rows=st.lists(row, max_size=12),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    fail_at=st.integers(0, 12),
)
def test_malformed_files_never_crash_or_write_part(
    store, tmp_path_factory, monkeypatch, header, rows, encoding, fail_at
):
    import svdesk.services.spend_import as mod

    buf = io.StringIO()
    if header:
        buf.write(header + "\r\n")
    csv.writer(buf).writerows(rows)
    path = Path(tmp_path_factory.mktemp("prop")) / "export.csv"
    path.write_bytes(buf.getvalue().encode(encoding, "replace"))
    before = counts(store)
    try:
        summary = import_spend(store, path)
    except (UnreadableFile, UnknownLayout):
        assert counts(store) == before  # refused whole, before anything was written
        return
    after = counts(store)
    assert after[0] - before[0] == summary.to_import
    assert_cache_exact(store)  # the import's bulk path, checked against the lines
    assert summary.rejected + summary.skipped + summary.to_import + summary.duplicates >= 0

    # The same file again adds nothing.
    assert import_spend(store, path).to_import == 0
    assert counts(store)[0] == after[0]

    # A failure part way through a fresh import of the file leaves the database as it was.
    real = mod._fingerprint
    calls = {"n": 0}

    def failing(*args):
        calls["n"] += 1
        if calls["n"] > fail_at:
            raise RuntimeError("simulated failure")
        return real(*args)

    with monkeypatch.context() as m:
        m.setattr(mod, "_fingerprint", failing)
        m.setattr(mod, "CHUNK", 1)
        state = counts(store)
        try:
            import_spend(store, path, basis="gross")  # gross: new fingerprints, so new lines
        except RuntimeError:
            assert counts(store) == state
        assert_cache_exact(store)


CONTACT_HEADERS = [
    "ContactName,EmailAddress,POAddressLine1,POCity,POPostalCode,POCountry",
    "Supplier,Company name,AddressLine1,AddressCity,AddressPostalCode",
    "",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.sampled_from(CONTACT_HEADERS),
    rows=st.lists(row, max_size=10),
    encoding=st.sampled_from(["utf-8", "cp1252"]),
)
def test_malformed_supplier_lists_never_crash_and_reimport_changes_nothing(
    store, tmp_path_factory, header, rows, encoding
):
    from svdesk.services.supplier_import import import_suppliers

    buf = io.StringIO()
    if header:
        buf.write(header + "\r\n")
    csv.writer(buf).writerows(rows)
    path = Path(tmp_path_factory.mktemp("prop")) / "contacts.csv"
    path.write_bytes(buf.getvalue().encode(encoding, "replace"))
    try:
        import_suppliers(store, path)
    except (UnreadableFile, UnknownLayout):
        return
    state = counts(store)
    again = import_suppliers(store, path)
    assert again.to_import == again.updated == 0
    assert counts(store) == state
