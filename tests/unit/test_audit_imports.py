"""Issue #19.9: imports and their undo are in the audit trail, one row per batch (plus one per
supplier made or removed), never one per spend line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from svdesk.cli import main
from svdesk.formatting import format_date
from svdesk.models import AuditLog, Supplier
from svdesk.services.audit import recent_changes, record_history
from svdesk.services.spend_batches import undo_batch
from svdesk.services.spend_import import import_spend
from svdesk.services.supplier_import import import_suppliers

pytestmark = pytest.mark.both_stores

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "spend"


def _audit_rows(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(AuditLog))


def _supplier_id(store, name: str) -> int:
    with store.read() as s:
        return s.scalar(select(Supplier.id).where(Supplier.name == name))


def test_a_spend_import_has_one_row_for_its_batch_and_one_per_new_supplier(store):
    before = _audit_rows(store)
    done = import_spend(store, FIXTURES / "xero_bills.csv")
    assert done.to_import == 9 and done.new_suppliers == 8
    assert _audit_rows(store) - before == 1 + done.new_suppliers  # no row per spend line
    batch = record_history(store, "import_batch", done.batch_id)
    assert [e.summary() for e in batch] == [
        f"Imported xero_bills.csv (spend, batch {done.batch_id}): 9 spend lines, 8 new suppliers"
    ]
    with store.read() as s:
        names = list(s.scalars(select(Supplier.name)))
    for name in names:
        history = record_history(store, "supplier", _supplier_id(store, name))
        assert [e.summary() for e in history] == [
            f"Created by import of xero_bills.csv on {format_date(history[0].at.date())}"
        ]
        assert history[0].action_label == "Imported"


def test_reimporting_the_same_file_records_nothing(store):
    import_spend(store, FIXTURES / "xero_bills.csv")
    before = _audit_rows(store)
    assert import_spend(store, FIXTURES / "xero_bills.csv").batch_id is None
    assert _audit_rows(store) == before


def test_undoing_an_import_is_recorded_for_the_batch_and_each_supplier_removed(store):
    done = import_spend(store, FIXTURES / "xero_bills.csv")
    supplier = _supplier_id(store, next(iter(_names(store))))
    assert undo_batch(store, done.batch_id) == (9, 8)
    latest = recent_changes(store, 20, "import_batch")
    assert latest[0].summary() == (
        f"Undid the import of xero_bills.csv (batch {done.batch_id}):"
        " 9 spend lines removed, 8 suppliers removed"
    )
    assert latest[0].action_label == "Undone"
    history = record_history(store, "supplier", supplier)
    assert [e.summary().split(" on ")[0] for e in history] == [
        "Created by import of xero_bills.csv",
        "Removed by undoing the import of xero_bills.csv",
    ]


def _names(store) -> list[str]:
    with store.read() as s:
        return list(s.scalars(select(Supplier.name).order_by(Supplier.id)))


def test_a_supplier_list_import_says_which_file_made_each_supplier(store):
    done = import_suppliers(store, FIXTURES / "xero_contacts.csv")
    assert done.to_import > 0
    batch = recent_changes(store, 50, "import_batch")
    assert len(batch) == 1 and batch[0].summary().startswith(
        f"Imported xero_contacts.csv (suppliers, batch {done.batch_id}): {done.to_import} new suppliers"
    )
    first = record_history(store, "supplier", _supplier_id(store, _names(store)[0]))
    assert first[0].summary().startswith("Created by import of xero_contacts.csv on ")


def test_svdesk_history_lists_imports_and_undos(tmp_path, capsys):
    db = tmp_path / "firm.svdesk"
    assert main(["import", "spend", str(FIXTURES / "xero_bills.csv"), "--db", str(db)]) == 0
    assert main(["spend", "undo", "1", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["history", "import", "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "Undid the import of xero_bills.csv (batch 1)" in out[0] and "Undone" in out[0]
    assert "Imported xero_bills.csv (spend, batch 1): 9 spend lines" in out[1]
    assert main(["history", "--db", str(db)]) == 0  # the latest changes anywhere
    out = capsys.readouterr().out
    assert "Removed by undoing the import of xero_bills.csv" in out
    assert main(["history", "supplier", "1", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Created by import of xero_bills.csv on" in out
    assert "Removed by undoing the import of xero_bills.csv on" in out
