"""Spend on the command line: import files, see the figures, list and undo imports.

    svdesk import suppliers contacts.csv --db firm.svdesk [--format NAME] [--dry-run]
    svdesk import spend bills.csv --db firm.svdesk [--contract REF] [--format NAME]
                                  [--mapping NAME] [--basis net|gross] [--dry-run]
    svdesk spend summary --db firm.svdesk [--contract REF] [--from DATE] [--to DATE] [--gross]
    svdesk spend imports --db firm.svdesk
    svdesk spend undo BATCH --db firm.svdesk
"""

from __future__ import annotations

import argparse
from pathlib import Path

from svdesk.cli import (CliError, EXIT_FAILURE, EXIT_INVALID, _date, command, db_argument,
                        open_store)
from svdesk.cli_import import IMPORTERS
from svdesk.importers import UnknownLayout, UnreadableFile, layout_names


def _common(p: argparse.ArgumentParser, kind: str) -> None:
    p.add_argument("file", type=Path, metavar="FILE", help="the exported CSV or .xlsx file")
    db_argument(p)
    p.add_argument("--format", choices=layout_names(kind), metavar="NAME",
                   help="the file's layout, when svdesk cannot tell: "
                        + ", ".join(layout_names(kind)))
    p.add_argument("--dry-run", action="store_true",
                   help="show what would be imported and write nothing")


def _add_suppliers(p: argparse.ArgumentParser) -> None:
    _common(p, "suppliers")


def _add_spend(p: argparse.ArgumentParser) -> None:
    _common(p, "spend")
    p.add_argument("--contract", metavar="REF", help="record the spend against this contract")
    p.add_argument("--mapping", metavar="NAME",
                   help="a saved column mapping (for --format generic)")
    p.add_argument("--basis", choices=("net", "gross"),
                   help="whether a single amount column is net or gross of VAT")


def _print(summary) -> int:
    print("\n".join(summary.text_lines()))
    return 0


def _run_suppliers(args) -> int:
    from svdesk.services.supplier_import import import_suppliers

    store = open_store(args, write=not args.dry_run)
    try:
        return _print(import_suppliers(store, args.file, format=args.format,
                                       dry_run=args.dry_run))
    except UnreadableFile as exc:
        raise CliError(str(exc), EXIT_FAILURE) from exc
    except UnknownLayout as exc:
        raise CliError(str(exc), EXIT_INVALID) from exc


def _run_spend(args) -> int:
    from svdesk.services.contracts import find_contract
    from svdesk.services.spend_batches import get_mapping, list_mappings
    from svdesk.services.spend_import import import_spend

    store = open_store(args, write=not args.dry_run)
    contract_id = None
    if args.contract:
        contract = find_contract(store, args.contract)
        if contract is None:
            raise CliError(f"There is no contract with the reference “{args.contract}”. "
                           "See `svdesk info` for the contracts in this database.", EXIT_INVALID)
        contract_id = contract.id
    mapping = None
    if args.mapping:
        mapping = get_mapping(store, args.mapping)
        if mapping is None:
            saved = ", ".join(list_mappings(store)) or "none saved yet"
            raise CliError(f"There is no saved mapping called “{args.mapping}” ({saved}).",
                           EXIT_INVALID)
    try:
        return _print(import_spend(store, args.file, format=args.format or (
            "generic" if mapping else None), mapping=mapping, contract_id=contract_id,
            basis=args.basis, dry_run=args.dry_run))
    except UnreadableFile as exc:
        raise CliError(str(exc), EXIT_FAILURE) from exc
    except UnknownLayout as exc:
        raise CliError(str(exc), EXIT_INVALID) from exc


IMPORTERS["suppliers"] = (_add_suppliers, _run_suppliers)
IMPORTERS["spend"] = (_add_spend, _run_spend)


# --- svdesk spend summary | imports | undo ------------------------------------------------------

def _add_spend_group(sub):
    p = sub.add_parser("spend", help="spend figures, past imports and undoing an import")
    ssub = p.add_subparsers(dest="spend_command", required=True)
    summary = ssub.add_parser("summary", help="local, SME and VCSE shares of spend")
    db_argument(summary)
    summary.add_argument("--contract", metavar="REF", help="one contract (default: all spend)")
    summary.add_argument("--from", dest="start", type=_date, metavar="DATE", help="YYYY-MM-DD")
    summary.add_argument("--to", dest="end", type=_date, metavar="DATE", help="YYYY-MM-DD")
    summary.add_argument("--gross", action="store_true", help="amounts including VAT")
    imports = ssub.add_parser("imports", help="list past imports, newest first")
    db_argument(imports)
    undo = ssub.add_parser("undo", help="undo one import as a whole")
    undo.add_argument("batch", type=int, metavar="BATCH", help="the import's number")
    db_argument(undo)


@command("spend")(_add_spend_group)
def _run_spend_group(args) -> int:
    from datetime import date

    from svdesk.formatting import format_money, format_percent
    from svdesk.services.contracts import find_contract
    from svdesk.services.spend_analysis import SpendQuery, analyse_spend
    from svdesk.services.spend_batches import list_batches, undo_batch

    store = open_store(args, write=args.spend_command == "undo")
    if args.spend_command == "imports":
        for b in list_batches(store):
            print(f"{b.id:>5}  {b.imported_at:%d/%m/%Y %H:%M}  {b.kind:9} {b.file_name}  "
                  f"({b.format}) {b.lines_now:,} lines {format_money(b.total_pence)}"
                  + (f" · {b.contract_reference}" if b.contract_reference else ""))
        return 0
    if args.spend_command == "undo":
        lines, suppliers = undo_batch(store, args.batch)
        print(f"Undid import {args.batch}: removed {lines:,} spend lines and {suppliers:,} "
              "suppliers it had added.")
        return 0
    contract_id = None
    if args.contract:
        contract = find_contract(store, args.contract)
        if contract is None:
            raise CliError(f"There is no contract with the reference “{args.contract}”.",
                           EXIT_INVALID)
        contract_id = contract.id
    r = analyse_spend(store, SpendQuery(contract_id=contract_id, start=args.start,
                                        end=args.end, basis="gross" if args.gross else "net"))

    def line(caption: str, pence: int) -> str:
        share = r.share(pence)
        return f"  {caption:24} {format_money(pence):>14}  {format_percent(share) or '':>6}"

    print(f"Local means: {r.local_area}")
    print(f"  {'total spend':24} {format_money(r.total_pence):>14}  ({r.lines:,} lines, "
          f"{r.suppliers:,} suppliers)")
    print(line("with local suppliers", r.local_pence))
    print(line("with SMEs", r.sme_pence))
    print(line("with VCSEs", r.vcse_pence))
    print(line("postcode not known", r.unknown_pence)
          + f"  ({r.unknown_suppliers} suppliers, never counted as local)")
    if r.prompt.lines_with_dates:
        print(f"  {'paid within 30 days':24} {format_percent(r.prompt.share_within_30):>14}  "
              f"(of {r.prompt.lines_with_dates:,} invoices, average {r.prompt.average_days:g} "
              "days)")
    for s in r.by_supplier:
        if s.locality == "unknown":
            print(f"  fix: {s.name}: {s.reason} ({format_money(s.total_pence)})")
    if r.by_month:
        print("  by month: " + ", ".join(
            f"{date.fromisoformat(m.month + '-01'):%b %Y} {format_money(m.total_pence)}"
            for m in r.by_month))
    return 0
