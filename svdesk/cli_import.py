"""`svdesk import <what> FILE ...`: one sub-command per importer area.

Areas register themselves in IMPORTERS (name -> (add_arguments(parser), run(args) -> int));
this module turns each into a sub-parser of `svdesk import`.
"""

from __future__ import annotations

from typing import Callable

from svdesk.cli import CliError, EXIT_INVALID, command

IMPORTERS: dict[str, tuple[Callable, Callable]] = {}


def _add(sub):
    p = sub.add_parser("import", help="import records from files (spend, suppliers, people …)")
    isub = p.add_subparsers(dest="import_what", required=True)
    for name, (add_arguments, _run) in IMPORTERS.items():
        add_arguments(isub.add_parser(name))


@command("import")(_add)
def _run(args) -> int:
    entry = IMPORTERS.get(args.import_what)
    if entry is None:
        raise CliError(f"Nothing imports “{args.import_what}”.", EXIT_INVALID)
    return entry[1](args)
