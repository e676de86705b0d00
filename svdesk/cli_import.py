"""`svdesk import KIND FILE …`: one `import` command; each area adds its kind of file.

An area registers from its own module:

    from svdesk.cli_import import IMPORTERS
    IMPORTERS["people"] = (add_arguments, run)   # add_arguments(parser), run(args) -> int
"""

from __future__ import annotations

from svdesk.cli import command

IMPORTERS: dict[str, tuple] = {}


def _add(sub):
    p = sub.add_parser("import", help="import people, spend or suppliers from a file")
    kinds = p.add_subparsers(dest="import_kind", required=True, metavar="KIND")
    for kind, (add_arguments, _run) in sorted(IMPORTERS.items()):
        add_arguments(kinds.add_parser(kind, help=f"import {kind} from a CSV or Excel file"))


@command("import")(_add)
def _run(args) -> int:
    return IMPORTERS[args.import_kind][1](args)
