"""Import batches (list, undo as a whole) and saved column mappings for generic files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, func, select

from svdesk.db.raw import RawSQL
from svdesk.importers import mapping_problem
from svdesk.models import Contract, ImportBatch, ImportMapping, SpendLine, Supplier, SupplierFill
from svdesk.services import spend_month
from svdesk.services.import_audit import record_undo
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError


@dataclass
class BatchInfo:
    id: int
    kind: str
    file_name: str
    format: str
    imported_at: datetime
    contract_reference: str
    rows_read: int
    rows_imported: int
    rows_duplicate: int
    rows_rejected: int
    lines_now: int
    total_pence: int


def list_batches(store: Store, kind: str | None = None) -> list[BatchInfo]:
    amount = func.coalesce(SpendLine.net_pence, SpendLine.gross_pence)
    totals = (
        select(SpendLine.batch_id, func.count().label("n"), func.coalesce(func.sum(amount), 0).label("t"))
        .group_by(SpendLine.batch_id)
        .subquery()
    )
    query = (
        select(ImportBatch, Contract.reference, func.coalesce(totals.c.n, 0), func.coalesce(totals.c.t, 0))
        .outerjoin(Contract, Contract.id == ImportBatch.contract_id)
        .outerjoin(totals, totals.c.batch_id == ImportBatch.id)
        .order_by(ImportBatch.id.desc())
    )
    if kind:
        query = query.where(ImportBatch.kind == kind)
    with store.read() as s:
        return [
            BatchInfo(
                b.id,
                b.kind,
                b.file_name,
                b.format,
                b.imported_at,
                ref or "",
                b.rows_read,
                b.rows_imported,
                b.rows_duplicate,
                b.rows_rejected,
                n,
                t,
            )
            for b, ref, n, t in s.execute(query)
        ]


@dataclass
class UndoPlan:
    """What undoing an import will do, and what it cannot put back, for the confirmation."""

    batch_id: int
    kind: str
    file_name: str
    lines: int = 0
    suppliers_removed: int = 0
    suppliers_kept: int = 0  # added by the import, but other imports' spend uses them
    fills_restored: int = 0  # blank postcodes and numbers the import filled in
    fills_kept: int = 0  # … and that someone has changed since

    def text(self) -> str:
        def n(count: int, one: str, many: str) -> str:
            return f"{count:,} {one if count == 1 else many}"

        out = [f"Undo the import of {self.file_name}?", ""]
        if self.kind == "spend" or self.lines:
            out.append(f"{n(self.lines, 'spend line', 'spend lines')} will be removed.")
        if self.suppliers_removed:
            out.append(f"{n(self.suppliers_removed, 'supplier', 'suppliers')} it added will be removed.")
        if self.fills_restored:
            filled = n(self.fills_restored, "postcode or company number", "postcodes or company numbers")
            out.append(f"{filled} it filled in will be blank again.")
        if self.suppliers_kept:
            out.append(
                f"{n(self.suppliers_kept, 'supplier', 'suppliers')} it added will stay, "
                "because spend from other imports is recorded against them. They keep "
                "the details this import gave them: change those in the register if "
                "they are wrong."
            )
        if self.fills_kept:
            out.append(
                f"{n(self.fills_kept, 'detail', 'details')} it filled in "
                f"{'has' if self.fills_kept == 1 else 'have'} been changed since; the "
                "changed values stay."
            )
        return "\n".join(out)


def _created_in_use(batch_id: int):
    """Suppliers the batch created that lines of other batches refer to."""
    return (
        select(Supplier.id)
        .where(Supplier.created_by_batch_id == batch_id)
        .where(exists().where(SpendLine.supplier_id == Supplier.id).where(SpendLine.batch_id != batch_id))
    )


def _fills(session, batch_id: int) -> list[tuple[SupplierFill, Supplier]]:
    return list(
        session.execute(
            select(SupplierFill, Supplier)
            .join(Supplier, Supplier.id == SupplierFill.supplier_id)
            .where(SupplierFill.batch_id == batch_id)
        ).all()
    )


def undo_plan(store: Store, batch_id: int) -> UndoPlan:
    with store.read() as s:
        batch = s.get(ImportBatch, batch_id)
        if batch is None:
            raise ValidationError({"batch": "This import has already been undone."})
        plan = UndoPlan(batch_id, batch.kind, batch.file_name)
        # count() always gives one row, so scalar_one() (not scalar(), which allows none)
        plan.lines = s.execute(select(func.count()).where(SpendLine.batch_id == batch_id)).scalar_one()
        created = s.execute(select(func.count()).where(Supplier.created_by_batch_id == batch_id)).scalar_one()
        plan.suppliers_kept = s.execute(
            select(func.count()).select_from(_created_in_use(batch_id).subquery())
        ).scalar_one()
        plan.suppliers_removed = created - plan.suppliers_kept
        for fill, supplier in _fills(s, batch_id):
            if getattr(supplier, fill.field) == fill.new_value:
                plan.fills_restored += 1
            else:
                plan.fills_kept += 1
        return plan


def undo_batch(store: Store, batch_id: int) -> tuple[int, int]:
    """Remove a batch's spend lines and the suppliers it created that nothing else uses, and
    put back the blanks it filled in (unless changed since). See undo_plan for what it says.

    Returns (lines removed, suppliers removed)."""
    with store.write() as s:
        batch = s.get(ImportBatch, batch_id)
        if batch is None:
            raise ValidationError({"batch": "This import has already been undone."})
        kind, file_name = batch.kind, batch.file_name
        restored = 0
        for fill, supplier in _fills(s, batch_id):
            if getattr(supplier, fill.field) == fill.new_value:
                setattr(supplier, fill.field, fill.old_value)
                restored += 1
        s.flush()
        lines = spend_month.bulk_delete(RawSQL(s.connection()), batch_id)
        unused = list(
            s.scalars(
                select(Supplier.id)
                .where(Supplier.created_by_batch_id == batch_id)
                .where(~exists().where(SpendLine.supplier_id == Supplier.id))
            )
        )
        # On the connection, not the session: record_undo's rows say what these removed
        # (the session would add a bare "Deleted N records" row for each statement).
        conn, suppliers = s.connection(), 0
        for chunk in range(0, len(unused), 500):  # SQLite's limit on bound values
            suppliers += conn.execute(
                delete(Supplier).where(Supplier.id.in_(unused[chunk : chunk + 500]))
            ).rowcount
        conn.execute(delete(ImportBatch).where(ImportBatch.id == batch_id))
        record_undo(s, batch_id, kind, file_name, lines, unused, restored)
        return lines, suppliers


def save_mapping(store: Store, name: str, mapping: dict) -> None:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the mapping a name, like “Sage purchases”."})
    problem = mapping_problem(mapping)
    if problem:
        raise ValidationError({"mapping": problem})
    text = json.dumps(mapping, sort_keys=True)
    with store.write() as s:
        row = s.scalar(select(ImportMapping).where(ImportMapping.name == name))
        if row is None:
            s.add(ImportMapping(name=name, mapping_json=text))
        else:
            row.mapping_json = text


def list_mappings(store: Store) -> dict[str, dict]:
    with store.read() as s:
        return {
            m.name: json.loads(m.mapping_json)
            for m in s.scalars(select(ImportMapping).order_by(ImportMapping.name))
        }


def get_mapping(store: Store, name: str) -> dict | None:
    return list_mappings(store).get(name.strip())
