"""Spend on the command line: import files, see the figures, list and undo imports.

    svdesk import spend FILE --db D [--contract REF] [--format NAME] [--mapping NAME|FILE.json]
                                    [--date-order dmy|mdy] [--basis net|gross] [--dry-run] [--json]
    svdesk import suppliers FILE --db D [--format NAME] [--mapping NAME|FILE.json]
                                        [--date-order dmy|mdy] [--dry-run] [--json]
    svdesk spend summary --db firm.svdesk [--contract REF] [--from DATE] [--to DATE] [--gross]
    svdesk spend imports --db firm.svdesk
    svdesk spend undo BATCH --db firm.svdesk

--json prints the import summary as one JSON object (docs/import-files.md); a file svdesk cannot
import prints {"error": …} and exits non-zero, as the text form does.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from svdesk.cli import (
    EXIT_FAILURE,
    EXIT_INVALID,
    CliError,
    db_argument,
    lookup_contract,
    open_store,
    period_arguments,
)
from svdesk.importers import AmbiguousLayout, NotATable, UnknownLayout, UnreadableFile, layout_names


def _common(p: argparse.ArgumentParser, kind: str) -> None:
    p.add_argument("file", type=Path, metavar="FILE", help="the exported CSV or .xlsx file")
    db_argument(p)
    p.add_argument(
        "--format",
        choices=layout_names(kind),
        metavar="NAME",
        help="the file's layout, when svdesk cannot tell (or two fit): " + ", ".join(layout_names(kind)),
    )
    p.add_argument(
        "--mapping",
        metavar="NAME|FILE.json",
        help="a column mapping: the name of one saved in the window, or a JSON file "
        "(its format: docs/import-files.md)",
    )
    p.add_argument(
        "--date-order",
        choices=("dmy", "mdy"),
        help="read numeric dates as day/month (dmy) or month/day (mdy) instead of "
        "the order svdesk works out from the file's dates",
    )
    p.add_argument("--dry-run", action="store_true", help="show what would be imported and write nothing")
    p.add_argument(
        "--json",
        action="store_true",
        help="print the summary as JSON (layout, rows, totals, skipped, rejected)",
    )


def _add_suppliers(p: argparse.ArgumentParser) -> None:
    _common(p, "suppliers")


def _add_spend(p: argparse.ArgumentParser) -> None:
    _common(p, "spend")
    p.add_argument("--contract", metavar="REF", help="record the spend against this contract")
    p.add_argument(
        "--basis", choices=("net", "gross"), help="whether a single amount column is net or gross of VAT"
    )


def _print(summary, as_json: bool) -> int:
    if as_json:
        print(json.dumps(summary.as_json(), indent=2, ensure_ascii=False))
    else:
        print("\n".join(summary.text_lines()))
    return 0


def load_mapping(store, text: str, kind: str) -> dict:
    """--mapping: a JSON file when one is there (or the name ends .json), else a saved name."""
    from svdesk.importers.generic import mapping_problem
    from svdesk.services.spend_batches import get_mapping, list_mappings

    path = Path(text).expanduser()
    if path.suffix.lower() == ".json" or path.is_file():
        try:
            mapping = json.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise CliError(f"There is no mapping file at {path}.", EXIT_INVALID) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CliError(
                f"{path.name} is not a JSON mapping file ({exc}). Its format is "
                "described in docs/import-files.md.",
                EXIT_INVALID,
            ) from None
        if not isinstance(mapping, dict) or not isinstance(mapping.get("columns"), dict):
            raise CliError(
                f'{path.name} has no "columns" object naming the file\'s columns (see docs/import-files.md).',
                EXIT_INVALID,
            )
    else:
        mapping = get_mapping(store, text)
        if mapping is None:
            saved = ", ".join(list_mappings(store)) or "none saved yet"
            raise CliError(
                f"There is no saved mapping called “{text}” ({saved}), and no file of that name.",
                EXIT_INVALID,
            )
    cols = mapping["columns"]
    if kind == "suppliers":
        missing = [f for f in ("name", "postcode") if not cols.get(f)]
        if missing:
            raise CliError(
                "A supplier-list mapping needs the columns for: " + ", ".join(missing) + ".", EXIT_INVALID
            )
    else:
        problem = mapping_problem(mapping)
        if problem:
            raise CliError(problem, EXIT_INVALID)
    return mapping


def _refusal(exc: Exception, as_json: bool) -> CliError:
    """A file that cannot be imported: the message (and JSON saying why, with --json)."""
    code = EXIT_FAILURE if isinstance(exc, UnreadableFile) else EXIT_INVALID
    if as_json:
        reason = (
            "not_a_table"
            if isinstance(exc, NotATable)
            else "unreadable"
            if isinstance(exc, UnreadableFile)
            else "ambiguous_layout"
            if isinstance(exc, AmbiguousLayout)
            else "unknown_layout"
        )
        out: dict[str, object] = {"error": str(exc), "reason": reason}
        if isinstance(exc, AmbiguousLayout):
            out["layouts"] = [lay.name for lay in exc.layouts]
        print(json.dumps(out, indent=2, ensure_ascii=False))
    return CliError(str(exc), code)


def _run_suppliers(args) -> int:
    from svdesk.services.supplier_import import import_suppliers

    store = open_store(args, write=not args.dry_run)
    mapping = load_mapping(store, args.mapping, "suppliers") if args.mapping else None
    try:
        return _print(
            import_suppliers(
                store,
                args.file,
                format=args.format,
                mapping=mapping,
                date_order=args.date_order,
                dry_run=args.dry_run,
            ),
            args.json,
        )
    except (UnreadableFile, UnknownLayout) as exc:
        raise _refusal(exc, args.json) from exc


def _run_spend(args) -> int:
    from svdesk.services.spend_import import import_spend

    store = open_store(args, write=not args.dry_run)
    contract_id = None
    if args.contract:
        contract_id = lookup_contract(store, args.contract).id
    mapping = load_mapping(store, args.mapping, "spend") if args.mapping else None
    try:
        return _print(
            import_spend(
                store,
                args.file,
                format=args.format or ("generic" if mapping else None),
                mapping=mapping,
                contract_id=contract_id,
                basis=args.basis,
                date_order=args.date_order or (mapping or {}).get("date_order"),
                dry_run=args.dry_run,
            ),
            args.json,
        )
    except (UnreadableFile, UnknownLayout) as exc:
        raise _refusal(exc, args.json) from exc


# --- svdesk spend summary | imports | undo ------------------------------------------------------


def _add_spend_group(sub):
    p = sub.add_parser("spend", help="spend figures, past imports and undoing an import")
    ssub = p.add_subparsers(dest="spend_command", required=True)
    summary = ssub.add_parser("summary", help="local, SME and VCSE shares of spend")
    db_argument(summary)
    summary.add_argument("--contract", metavar="REF", help="one contract (default: all spend)")
    period_arguments(summary)
    summary.add_argument("--gross", action="store_true", help="amounts including VAT")
    imports = ssub.add_parser("imports", help="list past imports, newest first")
    db_argument(imports)
    undo = ssub.add_parser("undo", help="undo one import as a whole")
    undo.add_argument("batch", type=int, metavar="BATCH", help="the import's number")
    db_argument(undo)


def _run_spend_group(args) -> int:
    from datetime import date

    from svdesk.formatting import format_money, format_percent
    from svdesk.services.spend_analysis import SpendQuery, analyse_spend
    from svdesk.services.spend_batches import list_batches, undo_batch

    store = open_store(args, write=args.spend_command == "undo")
    if args.spend_command == "imports":
        for b in list_batches(store):
            print(
                f"{b.id:>5}  {b.imported_at:%d/%m/%Y %H:%M}  {b.kind:9} {b.file_name}  "
                f"({b.format}) {b.lines_now:,} lines {format_money(b.total_pence)}"
                + (f" · {b.contract_reference}" if b.contract_reference else "")
            )
        return 0
    if args.spend_command == "undo":
        lines, suppliers = undo_batch(store, args.batch)
        print(
            f"Undid import {args.batch}: removed {lines:,} spend lines and {suppliers:,} "
            "suppliers it had added."
        )
        return 0
    contract_id = None
    if args.contract:
        contract_id = lookup_contract(store, args.contract).id
    r = analyse_spend(
        store,
        SpendQuery(
            contract_id=contract_id, start=args.start, end=args.end, basis="gross" if args.gross else "net"
        ),
    )

    def line(caption: str, pence: int) -> str:
        share = r.share(pence)
        return f"  {caption:24} {format_money(pence):>14}  {format_percent(share) or '':>6}"

    print(f"Local means: {r.local_area}")
    print(
        f"  {'total spend':24} {format_money(r.total_pence):>14}  ({r.lines:,} lines, "
        f"{r.suppliers:,} suppliers)"
    )
    print(line("with local suppliers", r.local_pence))
    print(line("with SMEs", r.sme_pence))
    print(line("with VCSEs", r.vcse_pence))
    print(
        line("postcode not known", r.unknown_pence)
        + f"  ({r.unknown_suppliers} suppliers, never counted as local)"
    )
    if r.prompt.lines_with_dates:
        print(
            f"  {'paid within 30 days':24} {format_percent(r.prompt.share_within_30):>14}  "
            f"(of {r.prompt.lines_with_dates:,} invoices, average {r.prompt.average_days:g} "
            "days)"
        )
    for s in r.by_supplier:
        if s.locality == "unknown":
            print(f"  fix: {s.name}: {s.reason} ({format_money(s.total_pence)})")
    if r.by_month:
        print(
            "  by month: "
            + ", ".join(
                f"{date.fromisoformat(m.month + '-01'):%b %Y} {format_money(m.total_pence)}"
                for m in r.by_month
            )
        )
    return 0
