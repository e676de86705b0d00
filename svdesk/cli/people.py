"""`svdesk import people FILE --db PATH [--contract REF] [--dry-run]`."""

from __future__ import annotations

from pathlib import Path

from svdesk.cli import EXIT_FAILURE, CliError, db_argument, lookup_contract, open_store


def _add(p) -> None:
    p.add_argument("file", type=Path, help="payroll export (CSV or .xlsx)")
    db_argument(p)
    p.add_argument("--contract", metavar="REF", help="put everyone imported on this contract")
    p.add_argument("--dry-run", action="store_true", help="check and report; change nothing")


def _run(args) -> int:
    from svdesk.importers.payroll import PayrollFileError
    from svdesk.services.people_import import import_people, preview_people

    store = open_store(args, write=not args.dry_run)
    contract_id = None
    if args.contract:
        contract_id = lookup_contract(store, args.contract).id
    try:
        preview = preview_people(store, args.file)
    except PayrollFileError as exc:
        raise CliError(str(exc), EXIT_FAILURE) from exc
    print(f"Rows read: {preview.rows_read}")
    if preview.dropped_columns:
        print("Personal columns dropped, never stored: " + ", ".join(preview.dropped_columns))
    rejected_rows = sorted({p.row for p in preview.rejected})
    if args.dry_run:
        print(f"Would import: {len(preview.rows)} ({preview.new_count} new, {preview.update_count} updated)")
    else:
        result = import_people(store, preview, contract_id)
        print(f"Imported: {result.imported} ({result.created} new, {result.updated} updated)")
        if contract_id is not None:
            print(f"Put on {args.contract}: {result.assigned}")
    print(f"Rejected: {len(rejected_rows)}")
    for problem in preview.rejected:
        print(f"  row {problem.row}, {problem.column}: {problem.reason}")
    return 0
