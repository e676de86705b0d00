"""The svdesk command line: the same services the window uses, for scripts, tests and benchmarks.

    svdesk [--db PATH]                 open the window
    svdesk --version
    svdesk demo --db PATH              create the demo organisation
    svdesk contract add --db PATH ...  add a contract
    svdesk info --db PATH [--json]     print the organisation and contracts

Errors go to stderr with a non-zero exit code: 1 for a problem with the file or the database,
2 for invalid input.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from svdesk import __version__

EXIT_FAILURE = 1
EXIT_INVALID = 2


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_FAILURE):
        super().__init__(message)
        self.code = code


def db_value(text: str) -> Path | str:
    """What --db names: a database file (a Path) or a PostgreSQL URL (kept as text)."""
    from svdesk.db.location import is_url

    return text if is_url(text) else Path(text)


DB_HELP = "the svdesk database file, or a PostgreSQL address: postgresql://user@host/dbname"


def db_argument(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument(
        "--db",
        type=db_value,
        required=required,
        default=argparse.SUPPRESS,
        metavar="PATH|URL",
        help=DB_HELP,
    )


# Locks taken by commands that write; main() releases them when the command ends.
_held_locks: list = []


def db_location(args):
    """Where the database named by --db (or the default one) is: svdesk.db.location.Location."""
    from svdesk.db.location import Location

    where = getattr(args, "db", None)
    if where is None:
        from svdesk.paths import default_db_path

        where = default_db_path()
    return Location.parse(where)


def db_path(args) -> Path:
    """The database file named by --db, or the default one (for a PostgreSQL URL: the stand-in
    path in this PC's folder for that database, see Location.stand_in_path)."""
    return db_location(args).stand_in_path()


def open_store(args, *, write: bool = False):
    """The database named by --db (or the default one).

    A reading command opens it read-only (svdesk.db.opening): a missing, empty or damaged file
    is refused with a message, and nothing is written (no upgrade, no defaults, and another
    process's -wal/-shm are left alone). A command that writes checks a file that is there
    first, then takes the same single-writer lock as the window, so it cannot change a
    database that an open window is editing (DatabaseInUse says who has it)."""
    from svdesk.services.store import Store

    loc = db_location(args)
    if not write:
        return Store.open_read_only(loc)
    if loc.is_postgres:  # a server database is shared: no lock file, the server keeps order
        from svdesk.db import DatabaseError
        from svdesk.db.postgres import may_write

        store = Store.open(loc)
        if not may_write(store.engine):
            store.close()
            raise DatabaseError(
                f"Your PostgreSQL user {loc.user} may view and export {loc.label} but not change it, "
                "so this command cannot run. Ask whoever manages the server for editing rights. "
                "Nothing has been changed."
            )
        return store
    path = db_path(args)
    from svdesk.db.opening import check_before_writing
    from svdesk.safety.lock import DatabaseLock

    check_before_writing(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _held_locks.append(DatabaseLock(path).acquire())
    return Store.open(path)


def _release_locks() -> None:
    while _held_locks:
        _held_locks.pop().release()


def parse_cli_date(text: str) -> date:
    """A date on the command line, read by the one rule every command uses (2025-04-01 or
    01/04/2025, day first as in the UK)."""
    from svdesk.formatting import parse_date

    try:
        day = parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if day is None:
        raise argparse.ArgumentTypeError("give a date, e.g. 2025-04-01 or 01/04/2025")
    return day


def period_arguments(parser: argparse.ArgumentParser) -> None:
    """--from and --to, read by the one date rule (parse_cli_date) in every command that takes them."""
    parser.add_argument(
        "--from", dest="start", type=parse_cli_date, metavar="DATE", help="first day, e.g. 01/04/2025"
    )
    parser.add_argument(
        "--to", dest="end", type=parse_cli_date, metavar="DATE", help="last day, e.g. 31/03/2026"
    )


def lookup_contract(store, ref: str):
    """The contract or bid a command's --contract names: its reference (any case) or its number.

    Every command resolves --contract here, so one not found is always told the same way,
    with the references that come close (or all of them, when there are only a few)."""
    import difflib

    from svdesk.services.contracts import find_contract, get_contract, list_contracts

    text = (ref or "").strip()
    found = find_contract(store, text) if text else None
    if found is None and text.isdigit():
        found = get_contract(store, int(text))
    if found is not None:
        return found
    references = [c.reference for c in list_contracts(store)]
    if not references:
        raise CliError(
            f"There is no contract or bid “{text}”: this database has none yet. "
            "Add one with `svdesk contract add`.",
            EXIT_INVALID,
        )
    by_lower = {r.lower(): r for r in references}
    close = [by_lower[m] for m in difflib.get_close_matches(text.lower(), list(by_lower), n=5, cutoff=0.75)]
    close += [r for r in references if text and text.lower() in r.lower() and r not in close]
    if close:
        hint = "Did you mean " + ", ".join(close[:5]) + "?"
    elif len(references) <= 8:
        hint = "The contracts and bids are: " + ", ".join(references) + "."
    else:
        hint = "See `svdesk info` for the contracts and bids in this database."
    raise CliError(f"There is no contract or bid “{text}” in this database. {hint}", EXIT_INVALID)


# --- demo ---------------------------------------------------------------------------------------


def _add_demo(sub):
    p = sub.add_parser("demo", help="create a demo organisation with contracts and activity")
    db_argument(p)


def _run_demo(args) -> int:
    from svdesk.services.demo import create_demo

    store = open_store(args, write=True)
    try:
        create_demo(store)
    except ValueError as exc:
        raise CliError(str(exc), EXIT_INVALID) from exc
    print(f"Created the demo organisation in {store.safe_location}")
    return 0


# --- contract add -------------------------------------------------------------------------------


def _add_contract(sub):
    p = sub.add_parser("contract", help="add contracts and bids")
    csub = p.add_subparsers(dest="contract_command", required=True)
    add = csub.add_parser("add", help="add a contract or bid")
    db_argument(add)
    add.add_argument("--ref", required=True, help="the contract reference")
    add.add_argument("--title", required=True)
    add.add_argument("--buyer", required=True)
    add.add_argument("--value", help="contract value in pounds, e.g. 120000 or £120,000")
    add.add_argument("--start", type=parse_cli_date, help="start date, e.g. 2026-04-01 or 01/04/2026")
    add.add_argument("--end", type=parse_cli_date, help="end date, e.g. 2028-03-31 or 31/03/2028")
    add.add_argument(
        "--status", default="opportunity", help="opportunity, bid_submitted, won, lost, active or complete"
    )
    add.add_argument("--framework", default="ppn_06_20", help="ppn_06_20, ppn_002, toms or council")
    add.add_argument("--site-postcode", default="")
    area = add.add_mutually_exclusive_group(required=True)
    area.add_argument(
        "--local-authorities", metavar="CODE,...", help="ONS local authority codes, e.g. E08000006"
    )
    area.add_argument("--local-districts", metavar="DISTRICT,...", help="e.g. M5,M6,M7")
    area.add_argument("--local-radius-miles", type=float, metavar="N", help="miles from the site postcode")


def _run_contract(args) -> int:
    from svdesk.formatting import MoneyError, parse_money
    from svdesk.services.contracts import ContractData, save_contract

    try:
        value = parse_money(args.value)
    except MoneyError as exc:
        raise CliError(f"--value: {exc}", EXIT_INVALID) from exc
    if args.local_authorities is not None:
        kind, codes, radius = "authorities", args.local_authorities, None
    elif args.local_districts is not None:
        kind, codes, radius = "districts", args.local_districts, None
    else:
        kind, codes, radius = "radius", "", args.local_radius_miles
    data = ContractData(
        reference=args.ref,
        title=args.title,
        buyer=args.buyer,
        value_pence=value,
        start_date=args.start,
        end_date=args.end,
        status=args.status,
        framework=args.framework,
        site_postcode=args.site_postcode,
        local_area_kind=kind,
        local_area_codes=codes,
        local_radius_miles=radius,
    )
    saved = save_contract(open_store(args, write=True), data)
    print(f"Added contract {saved.reference}: {saved.title} ({saved.local_area.describe()})")
    return 0


# --- info ---------------------------------------------------------------------------------------


def _add_info(sub):
    p = sub.add_parser("info", help="print the organisation and its contracts")
    db_argument(p)
    p.add_argument("--json", action="store_true", help="print JSON")


def _jsonable(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def _run_info(args) -> int:
    from svdesk.formatting import format_date, format_money
    from svdesk.services.contracts import list_contracts
    from svdesk.services.organisation import get_organisation

    store = open_store(args)
    org = get_organisation(store)
    contracts = list_contracts(store)
    if args.json:
        organisation: dict[str, Any] | None = None
        if org is not None:
            organisation = {k: _jsonable(v) for k, v in asdict(org).items()}
            organisation["size_band"] = org.size.band
            organisation["is_sme"] = org.size.is_sme
        items = []
        for c in contracts:
            item = {k: _jsonable(v) for k, v in asdict(c).items()}
            item["local_area"] = c.local_area.describe()
            items.append(item)
        out = {"database": store.safe_location, "organisation": organisation, "contracts": items}
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return 0
    if org is None:
        print("No organisation yet: start svdesk to create one, or run `svdesk demo`.")
    else:
        print(f"{org.name} ({org.postcode}) · {org.size.label} · {org.headcount or '?'} staff")
    for c in contracts:
        print(
            f"  {c.reference:18} {c.status_label:14} {format_money(c.value_pence):>14}  "
            f"{format_date(c.start_date)} – {format_date(c.end_date)}  {c.title} ({c.buyer})"
        )
    return 0


# --- entry --------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="svdesk", description="Measure, manage and evidence your social value."
    )
    parser.add_argument("--version", action="version", version=f"svdesk {__version__}")
    parser.add_argument("--db", type=db_value, metavar="PATH|URL", help=DB_HELP)
    sub = parser.add_subparsers(dest="command")
    from svdesk.cli.commands import COMMANDS

    for name in COMMANDS:
        add_parser, _run = command_functions(name)
        add_parser(sub)
    return parser


def command_functions(name: str):
    """(add_parser, run) for the command `name` in the command table (svdesk.cli.commands)."""
    import importlib

    from svdesk.cli.commands import COMMANDS

    module, add_parser, run = COMMANDS[name]
    found = importlib.import_module(module)
    return getattr(found, add_parser), getattr(found, run)


def _window_start(argv: list[str]) -> tuple[bool, Path | str | None]:
    """(True, db) for a plain window start: `svdesk` or `svdesk --db PATH`.

    That start skips building the full parser, which imports every area's command module
    (and through them the database layer) before the window could paint.
    """
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--db" and not argv[1].startswith("-"):
        return True, db_value(argv[1])
    if len(argv) == 1 and argv[0].startswith("--db=") and len(argv[0]) > 5:
        return True, db_value(argv[0][5:])
    return False, None


def _describe(exc: BaseException, args) -> str:
    """A database error met after opening, in plain English, for the store --db names."""
    loc = db_location(args)
    if loc.is_postgres:
        from svdesk.db.postgres import describe_pg_error

        return describe_pg_error(exc, loc, "use")
    from svdesk.db.opening import describe_database_error

    return describe_database_error(exc, db_path(args))


def main(argv: list[str] | None = None) -> int:
    window, db = _window_start(sys.argv[1:] if argv is None else argv)
    if window:
        from svdesk.ui.app import run_gui

        return run_gui(db)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from svdesk.ui.app import run_gui

        return run_gui(args.db)
    _add_parser, run = command_functions(args.command)
    try:
        return _run_command(run, args)
    finally:
        _release_locks()


def _run_command(run, args) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from svdesk.db import DatabaseError
    from svdesk.db.engine import driver_errors
    from svdesk.safety.errors import SafetyError
    from svdesk.services.validation import ValidationError

    try:
        return run(args)
    except SafetyError as exc:  # the database is open in a window, or its lock cannot be made
        print(f"svdesk: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except ValidationError as exc:
        for field, message in exc.errors.items():
            print(f"svdesk: {field.replace('_pence', '')}: {message}", file=sys.stderr)
        return EXIT_INVALID
    except CliError as exc:
        print(f"svdesk: {exc}", file=sys.stderr)
        return exc.code
    except DatabaseError as exc:
        print(f"svdesk: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    except OSError as exc:
        print(f"svdesk: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:
        if not isinstance(exc, (SQLAlchemyError, *driver_errors())):
            raise
        # met after opening (a page damaged past the quick check, the disk filling up, the
        # file made read-only): what it means, never a traceback and never a silent hole
        print(f"svdesk: {_describe(exc, args)}", file=sys.stderr)
        return EXIT_FAILURE
