"""Importing supplier lists (Xero contacts, QuickBooks suppliers): postcodes and numbers.

A supplier list mostly matters for its postcodes, which decide whether spend is local. It adds
suppliers svdesk has not seen and fills in postcodes and company numbers that are blank; it
never overwrites a value already held (the user may have corrected it), and says so instead.
Re-importing the same list changes nothing. Each blank it fills is noted (supplier_fill) so that
undoing the import puts the blank back.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

from sqlalchemy import select

from svdesk.db.raw import RawSQL
from svdesk.geo.postcodes import try_normalise
from svdesk.importers import Options, Reject, Skip, SupplierRecord, detect, inspect_file
from svdesk.importers.supplier_sheet import is_overseas, overseas_note
from svdesk.models import ImportBatch, Supplier, SupplierAlias, SupplierFill
from svdesk.progress import Progress
from svdesk.services.import_audit import record_import
from svdesk.services.import_lock import earlier_import, lock_imports
from svdesk.services.spend_import import ImportSummary, _progress, run_steps
from svdesk.services.store import Store
from svdesk.services.supplier_names import name_key, tidy_display_name


def supplier_import_steps(
    store: Store,
    path: Path | str,
    *,
    format: str | None = None,
    mapping: dict | None = None,
    date_order: str | None = None,
    dry_run: bool = False,
) -> Generator[Progress, None, ImportSummary]:
    """mapping: a supplier-list mapping ({"columns": {"name": …, "postcode": …}}), for a
    spreadsheet svdesk does not recognise; date_order is accepted for the CLI's sake."""
    facts = inspect_file(path, "suppliers")
    plan = detect(facts, "suppliers", "supplier-spreadsheet" if mapping else format, mapping)
    summary = ImportSummary(
        "suppliers", facts.path.name, plan.layout.name, plan.layout.label, dry_run, items="suppliers"
    )
    overseas = 0
    session_cm = store.read() if dry_run else store.write()
    with session_cm as s:
        if not dry_run:
            lock_imports(s, "suppliers")  # before reading the known names: see import_lock
        summary.earlier_import = earlier_import(s, facts.sha256, "suppliers")
        batch = ImportBatch(
            kind="suppliers", file_name=facts.path.name, file_sha256=facts.sha256, format=plan.layout.name
        )
        s.add(batch)
        s.flush()
        aliases = dict(s.execute(select(SupplierAlias.name_key, SupplierAlias.supplier_id)).all())
        count = 0
        for item in plan.records(Options(mapping=mapping, date_order=date_order)):
            count += 1
            if count % 2000 == 0:
                yield _progress(plan, count)
            if isinstance(item, Skip):
                summary.add_skip(item)
                continue
            if isinstance(item, Reject):
                summary.add_reject(item)
                continue
            assert isinstance(item, SupplierRecord)
            key = name_key(item.name)
            if not key:
                summary.add_reject(Reject(item.row, "name", f"“{item.name}” is not a usable name"))
                continue
            postcode = ""
            note = ""
            if item.postcode.strip() or is_overseas(item.country, ""):
                postcode = try_normalise(item.postcode) or ""
                if not postcode and is_overseas(item.country, item.postcode):
                    # Kept, never local: an overseas supplier is still a supplier.
                    note = overseas_note(item.country, item.postcode)
                    overseas += 1
                elif not postcode:
                    summary.add_reject(
                        Reject(
                            item.row,
                            "postcode",
                            f"“{item.postcode.strip()}” is not a UK postcode, "
                            "so this row was left out (correct it in the file or the register)",
                        )
                    )
                    continue
            company = item.company_number.strip().upper()
            sid = aliases.get(key)
            if sid is None:
                supplier = Supplier(
                    name=tidy_display_name(item.name),
                    name_key=key,
                    postcode=postcode,
                    company_number=company,
                    charity_number=item.charity_number.strip(),
                    notes=note,
                    created_by_batch_id=batch.id,
                )
                s.add(supplier)
                s.flush()
                s.add(SupplierAlias(name_key=key, supplier_id=supplier.id))
                aliases[key] = supplier.id
                summary.to_import += 1
                continue
            existing = s.get(Supplier, sid)
            assert existing is not None  # an alias names a stored supplier
            supplier = existing
            changed = False
            if postcode and not supplier.postcode:
                _fill(s, batch.id, supplier, "postcode", postcode)
                changed = True
            elif postcode and supplier.postcode != postcode:
                summary.add_skip(
                    Skip(item.row, "postcode differs from the register's (the register's was kept)")
                )
                continue
            if company and not supplier.company_number:
                _fill(s, batch.id, supplier, "company_number", company)
                changed = True
            if changed:
                summary.updated += 1
            else:
                summary.duplicates += 1
        s.flush()
        summary.rows_read = plan.rows_read
        if plan.date_order:
            summary.date_order = plan.date_order.order
        if overseas:
            summary.notes.append(
                f"{overseas:,} suppliers with an address outside the UK were "
                "kept with no postcode: their spend is never counted as local"
            )
        if dry_run:
            s.rollback()
        else:
            batch.rows_read = summary.rows_read
            batch.rows_imported = summary.to_import + summary.updated
            batch.rows_duplicate = summary.duplicates
            batch.rows_rejected = summary.rejected
            batch.rows_skipped = summary.skipped
            if summary.to_import == 0 and summary.updated == 0:
                s.delete(batch)
            else:
                summary.batch_id = batch.id
                # The suppliers it made have their own rows (the session's audit), which
                # say "Created by import of …" through created_by_batch_id.
                record_import(
                    RawSQL(s.connection()),
                    batch.id,
                    "suppliers",
                    facts.path.name,
                    {
                        "suppliers_added": summary.to_import,
                        "suppliers_updated": summary.updated,
                        "already_imported": summary.duplicates,
                        "rejected": summary.rejected,
                        "rows_read": summary.rows_read,
                    },
                )
        yield Progress(1000, 1000, f"Read {count:,} rows: finished")
    return summary


def _fill(session, batch_id: int, supplier: Supplier, field: str, value: str) -> None:
    """Fill a blank field, noting it so that undoing the import puts the blank back."""
    session.add(
        SupplierFill(
            batch_id=batch_id,
            supplier_id=supplier.id,
            field=field,
            old_value=getattr(supplier, field),
            new_value=value,
        )
    )
    setattr(supplier, field, value)


def import_suppliers(store: Store, path: Path | str, **kwargs) -> ImportSummary:
    return run_steps(supplier_import_steps(store, path, **kwargs))


def preview_suppliers(store: Store, path: Path | str, **kwargs) -> ImportSummary:
    return run_steps(supplier_import_steps(store, path, dry_run=True, **kwargs))
