"""Safe import: preview writes nothing, re-importing adds nothing, undo removes a batch whole."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from svdesk.models import ImportBatch, SpendLine, Supplier
from svdesk.services.contracts import find_contract
from svdesk.services.spend_batches import list_batches, undo_batch
from svdesk.services.spend_import import import_spend, preview_spend, run_steps, spend_import_steps
from svdesk.services.supplier_import import import_suppliers
from svdesk.services.suppliers import find_supplier

pytestmark = pytest.mark.both_stores

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"


def counts(store):
    with store.read() as s:
        return (
            s.scalar(select(func.count()).select_from(SpendLine)),
            s.scalar(select(func.count()).select_from(Supplier)),
            s.scalar(select(func.count()).select_from(ImportBatch)),
        )


def test_preview_writes_nothing_and_matches_the_import(store):
    preview = preview_spend(store, FIXTURES / "xero_bills.csv")
    assert counts(store) == (0, 0, 0)
    done = import_spend(store, FIXTURES / "xero_bills.csv")
    assert (
        (preview.to_import, preview.total_pence, preview.new_suppliers)
        == (done.to_import, done.total_pence, done.new_suppliers)
        == (9, 4887_94, 8)
    )
    assert counts(store) == (9, 8, 1)


def test_reimporting_the_same_file_adds_nothing(store):
    import_spend(store, FIXTURES / "xero_bills.csv")
    before = counts(store)
    again = import_spend(store, FIXTURES / "xero_bills.csv")
    assert again.to_import == 0 and again.duplicates == 9 and again.batch_id is None
    assert "imported before" in again.earlier_import
    assert counts(store) == before
    # The preview of a re-import says so too.
    assert preview_spend(store, FIXTURES / "xero_bills.csv").duplicates == 9


def test_identical_bank_lines_both_import_once(store):
    first = import_spend(store, FIXTURES / "xero_bank_statement.csv")
    assert first.to_import == 7  # includes two identical £4.50 Costa Coffee lines
    assert import_spend(store, FIXTURES / "xero_bank_statement.csv").to_import == 0


def test_rejected_rows_are_listed_and_the_rest_import(store):
    summary = import_spend(store, FIXTURES / "xero_bills_old_cp1252.csv")
    assert summary.rejected == 3 and summary.to_import == 9
    assert [(r.row, r.column) for r in summary.rejects] == [
        (21, "InvoiceDate"),
        (22, "LineAmount"),
        (23, "ContactName"),
    ]
    text = "\n".join(summary.text_lines())
    assert "row 22, LineAmount" in text and "rejected:             3" in text


def test_a_failure_part_way_writes_nothing(store, monkeypatch):
    import svdesk.services.spend_import as mod

    monkeypatch.setattr(mod, "CHUNK", 2)  # several chunks are written before the failure
    real = mod._fingerprint
    calls = {"n": 0}

    def failing(*args):
        calls["n"] += 1
        if calls["n"] == 7:
            raise OSError("disk full")
        return real(*args)

    monkeypatch.setattr(mod, "_fingerprint", failing)
    with pytest.raises(OSError):
        import_spend(store, FIXTURES / "xero_bills.csv")
    assert counts(store) == (0, 0, 0)


def test_cancelling_rolls_back(store, monkeypatch):
    import svdesk.services.spend_import as mod

    monkeypatch.setattr(mod, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(mod, "CHUNK", 2)
    steps = spend_import_steps(store, FIXTURES / "xero_bills.csv")
    for _ in range(6):
        next(steps)
    steps.close()  # what the Cancel button does
    assert counts(store) == (0, 0, 0)


def test_undo_removes_the_batch_lines_and_the_suppliers_it_created(store):
    import_suppliers(store, FIXTURES / "xero_contacts.csv")
    suppliers_before = counts(store)[1]
    first = import_spend(store, FIXTURES / "xero_bank_statement.csv")
    second = import_spend(store, FIXTURES / "xero_bills.csv")
    assert [b.id for b in list_batches(store, "spend")] == [second.batch_id, first.batch_id]
    lines, suppliers = undo_batch(store, second.batch_id)
    assert lines == 9 and suppliers == 1  # only Hilti was new with the bills
    assert find_supplier(store, "Hilti (Gt. Britain) Ltd") is None
    assert counts(store)[0] == first.to_import
    undo_batch(store, first.batch_id)
    assert counts(store)[:2] == (0, suppliers_before)


def test_line_fingerprints_never_change(store):
    """Lines already in a database carry their fingerprint: if the way it is worked out ever
    changed, re-importing a file imported before would add its lines a second time."""
    import hashlib

    import_spend(store, FIXTURES / "xero_bills.csv")
    import_spend(store, FIXTURES / "xero_bank_statement.csv")  # identical lines among them
    with store.read() as s:
        prints = sorted(s.scalars(select(SpendLine.fingerprint)))
    assert len(prints) == 16
    # The fingerprints svdesk wrote before the import was made faster (03a9032).
    assert (
        hashlib.sha256("".join(prints).encode()).hexdigest()
        == "1d0ce5aa265776cbdaf0a99c70bf7dc949d2931b318436f49ec8a62dcd5ef0c6"
    )


def _register(store):
    from svdesk.services.suppliers import list_suppliers

    return {r.name: (r.postcode, r.company_number) for r in list_suppliers(store)}


def test_undoing_a_supplier_list_puts_back_every_blank_it_filled(store):
    from svdesk.services.spend_batches import undo_plan

    import_spend(store, FIXTURES / "xero_bank_statement.csv")  # payees, no postcodes
    before = _register(store)
    summary = import_suppliers(store, FIXTURES / "xero_contacts.csv")
    assert find_supplier(store, "Northwest Van Hire").postcode == "M50 2EQ"
    assert summary.updated >= 3 and summary.to_import >= 1
    plan = undo_plan(store, summary.batch_id)
    assert plan.fills_restored >= summary.updated and plan.fills_kept == 0
    assert plan.suppliers_removed == summary.to_import and plan.suppliers_kept == 0
    assert "will be blank again" in plan.text()
    undo_batch(store, summary.batch_id)
    assert _register(store) == before  # the register exactly as it was before the list


def test_undo_keeps_a_postcode_changed_since_and_says_so(store):
    from svdesk.services.spend_batches import undo_plan
    from svdesk.services.suppliers import save_supplier

    import_spend(store, FIXTURES / "xero_bank_statement.csv")
    summary = import_suppliers(store, FIXTURES / "xero_contacts.csv")
    van = find_supplier(store, "Northwest Van Hire")
    van.postcode = "M17 1WA"  # corrected by hand after the import (Trafford Park)
    save_supplier(store, van)
    plan = undo_plan(store, summary.batch_id)
    assert plan.fills_kept == 1 and "1 detail it filled in has been changed since" in plan.text()
    undo_batch(store, summary.batch_id)
    assert find_supplier(store, "Northwest Van Hire").postcode == "M17 1WA"
    assert find_supplier(store, "Travis Perkins").postcode == ""  # filled, then put back


def test_undo_says_which_suppliers_it_added_must_stay(store):
    from svdesk.services.spend_batches import undo_plan

    summary = import_suppliers(store, FIXTURES / "xero_contacts.csv")  # adds the register
    import_spend(store, FIXTURES / "xero_bills.csv")  # spend against some of them
    plan = undo_plan(store, summary.batch_id)
    assert plan.suppliers_kept >= 3 and plan.suppliers_removed >= 1
    assert "will stay" in plan.text()
    undo_batch(store, summary.batch_id)
    # Howarth has spend from the bills, so it stays, with the postcode the list gave it.
    assert find_supplier(store, "Howarth Timber & Building Supplies").postcode == "LS11 5BZ"
    assert find_supplier(store, "Jewson Ltd") is None  # no spend: gone with the list


def test_undoing_a_spend_import_puts_back_the_postcode_its_bills_filled(store):
    import_spend(store, FIXTURES / "xero_bank_statement.csv")  # "Ordsall Community Cafe"
    assert find_supplier(store, "Ordsall Community Cafe").postcode == ""
    bills = import_spend(store, FIXTURES / "xero_bills.csv")  # "… Café CIC", with M5 3AW
    assert find_supplier(store, "Ordsall Community Cafe").postcode == "M5 3AW"
    undo_batch(store, bills.batch_id)
    assert find_supplier(store, "Ordsall Community Cafe").postcode == ""


def test_spend_is_recorded_against_a_contract(demo_store):
    contract = find_contract(demo_store, "SCC-PR-2025-041")
    summary = import_spend(demo_store, FIXTURES / "xero_bills.csv", contract_id=contract.id)
    batch = next(b for b in list_batches(demo_store) if b.id == summary.batch_id)
    assert batch.contract_reference == "SCC-PR-2025-041" and batch.lines_now == 9


def test_supplier_list_fills_blank_postcodes_but_never_overwrites(store):
    import_spend(store, FIXTURES / "xero_bank_statement.csv")  # payees, no postcodes
    assert find_supplier(store, "Northwest Van Hire").postcode == ""
    summary = import_suppliers(store, FIXTURES / "xero_contacts.csv")
    assert find_supplier(store, "Northwest Van Hire Ltd").postcode == "M50 2EQ"
    assert find_supplier(store, "Travis Perkins Trading Co").postcode == "M6 6AP"  # "m66ap"
    assert [r.row for r in summary.rejects] == [13]  # "IRLAM" is not a postcode
    again = import_suppliers(store, FIXTURES / "xero_contacts.csv")
    assert again.to_import == again.updated == 0 and again.batch_id is None


def test_supplier_list_keeps_a_corrected_postcode(store):
    from svdesk.services.suppliers import save_supplier

    import_suppliers(store, FIXTURES / "quickbooks_suppliers.csv")
    jewson = find_supplier(store, "Jewson Ltd")
    jewson.postcode = "M5 4WT"
    save_supplier(store, jewson)
    summary = import_suppliers(store, FIXTURES / "quickbooks_suppliers.csv")
    assert find_supplier(store, "Jewson Ltd").postcode == "M5 4WT"
    assert any("differs" in why for why in summary.skipped_reasons)


def test_progress_is_reported(store, monkeypatch):
    import svdesk.services.spend_import as mod

    monkeypatch.setattr(mod, "PROGRESS_EVERY", 2)
    seen = []
    run_steps(spend_import_steps(store, FIXTURES / "xero_bills.csv"), seen.append)
    assert len(seen) >= 3 and seen[-1].fraction == 1.0
    assert all(0 <= p.fraction <= 1 for p in seen)


def test_the_further_lines_of_many_bills_are_counted_under_one_reason(store, tmp_path):
    """A million-line bills export has hundreds of thousands of multi-line bills: their further
    lines are one reason in the summary (each bill's own "on row N" made one reason per bill:
    a preview line per bill, and all of them held in memory)."""
    import csv

    path = tmp_path / "bills.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["ContactName", "InvoiceNumber", "InvoiceDate", "DueDate", "Total", "TaxTotal"]
            + ["Description", "LineAmount", "TaxAmount", "Currency", "Type", "Status"]
        )
        for bill in range(40):
            for line in range(3):
                w.writerow(
                    [f"Salford Timber {bill % 7} Ltd", f"INV-{1000 + bill}", f"{1 + bill % 28:02d}/05/2025"]
                    + ["30/06/2025", "360.00", "60.00", f"Timber lot {line}", "100.00", "20.00"]
                    + ["GBP", "Bill", "Paid"]
                )
    summary = import_spend(store, path)
    assert (summary.rows_read, summary.to_import, summary.skipped) == (120, 40, 80)
    assert summary.total_pence == 40 * 300_00
    assert summary.skipped_reasons == {"another line of a bill": 80}
    skipped_line = next(line for line in summary.text_lines() if "skipped:" in line)
    assert skipped_line.endswith("80 (80 another line of a bill)")
    assert import_spend(store, path).to_import == 0  # and a second import adds nothing
