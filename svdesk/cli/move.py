"""`svdesk move`: copy everything from one store to another, then check the copy.

    svdesk move --from firm.svdesk --to postgresql://anna@office-server/svdesk
    svdesk move --from postgresql://anna@office-server/svdesk --to firm-copy.svdesk

Progress goes to stderr; the result, and the check, to stdout (svdesk.services.move).
"""

from __future__ import annotations

import sys

from svdesk.cli import DB_HELP, CliError, db_value


def _add(sub):
    p = sub.add_parser(
        "move",
        help="copy a database, with its evidence files, into an empty one (a file or a PostgreSQL "
        "database), then check every figure is the same in both",
    )
    p.add_argument("--from", dest="source", type=db_value, required=True, metavar="PATH|URL", help=DB_HELP)
    p.add_argument(
        "--to",
        dest="target",
        type=db_value,
        required=True,
        metavar="PATH|URL",
        help="the empty database to fill: a new file, or an empty PostgreSQL database",
    )


def _run(args) -> int:
    from svdesk.services.move import CHECKED, MoveFailed, move_store

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        result = move_store(args.source, args.target, progress=progress)
    except MoveFailed as exc:
        raise CliError(str(exc)) from exc
    print(
        f"Moved {result.rows:,} records and {result.evidence_files:,} evidence files "
        f"from {result.source} to {result.target}."
    )
    print(f"{CHECKED}.")
    return 0
