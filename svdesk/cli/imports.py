"""`svdesk import KIND FILE …`: one `import` command; each kind of file is a row of IMPORTERS.

Each row names the module that reads that kind and its two functions: add_arguments(parser) and
run(args) -> int. A kind is in this table or `svdesk import` does not offer it;
tests/unit/test_cli_tables.py checks every importer function is listed.
"""

from __future__ import annotations

import importlib

IMPORTERS: dict[str, tuple[str, str, str]] = {
    "people": ("svdesk.cli.people", "_add", "_run"),
    "spend": ("svdesk.cli.spend", "_add_spend", "_run_spend"),
    "suppliers": ("svdesk.cli.spend", "_add_suppliers", "_run_suppliers"),
}


def importer_functions(kind: str):
    """(add_arguments, run) for one kind of file in IMPORTERS."""
    module, add_arguments, run = IMPORTERS[kind]
    found = importlib.import_module(module)
    return getattr(found, add_arguments), getattr(found, run)


def _add(sub):
    p = sub.add_parser("import", help="import people, spend or suppliers from a file")
    kinds = p.add_subparsers(dest="import_kind", required=True, metavar="KIND")
    for kind in sorted(IMPORTERS):
        add_arguments, _run = importer_functions(kind)
        add_arguments(kinds.add_parser(kind, help=f"import {kind} from a CSV or Excel file"))


def _run(args) -> int:
    return importer_functions(args.import_kind)[1](args)
