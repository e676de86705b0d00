"""`svdesk import suppliers FILE` and `svdesk import spend FILE`, printing the import summary.

    svdesk import suppliers contacts.csv --db firm.svdesk [--format NAME] [--dry-run]
    svdesk import spend bills.csv --db firm.svdesk [--contract REF] [--format NAME]
                                  [--mapping NAME] [--basis net|gross] [--dry-run]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from svdesk.cli import CliError, EXIT_FAILURE, EXIT_INVALID, db_argument, open_store
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

    store = open_store(args)
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

    store = open_store(args)
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
