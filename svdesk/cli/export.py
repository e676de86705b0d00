"""`svdesk export`: the bid-ready documents from the command line, the same builders the window uses.

    svdesk export {workbook,return,pack,statement,tender,assessment,crp} --db PATH
                  [--contract REF] [--from D --to D | --year YYYY] [--logo FILE] --out FILE
                  [--strict]

The format follows --out's suffix (.xlsx, .pdf, .docx, .txt where the export allows it). Before
writing, the ready-to-send check (svdesk.exports.readiness) prints its blockers and warnings,
each with its fix; with --strict any of them means nothing is written and the exit status is 3.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from svdesk.cli import (
    EXIT_INVALID,
    CliError,
    db_argument,
    lookup_contract,
    open_store,
    period_arguments,
)


def _add(sub):
    from svdesk.exports.runner import EXPORTS

    p = sub.add_parser(
        "export",
        help="write a workbook, return, evidence pack, impact "
        "statement, tender response, assessment report or "
        "Carbon Reduction Plan",
    )
    p.add_argument("kind", choices=list(EXPORTS), help="which document")
    db_argument(p)
    p.add_argument("--contract", metavar="REF", help="the contract or bid reference")
    period_arguments(p)
    p.add_argument(
        "--year",
        type=int,
        metavar="YYYY",
        help="the financial year starting in YYYY (e.g. 2025 for FY 2025/26)",
    )
    p.add_argument("--logo", type=Path, metavar="FILE", help="a logo for the cover (PNG/JPEG)")
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE",
        help="the file to write; its suffix chooses the format",
    )
    # A buyer's own workbook (svdesk.exports.buyer_template): the return only.
    p.add_argument(
        "--template",
        type=Path,
        metavar="BUYER.xlsx",
        help="return: fill the buyer's own return template or calculator",
    )
    p.add_argument(
        "--mapping",
        type=Path,
        metavar="MAP.json",
        help="with --template: the buyer's mapping file (read if it exists, saved after the fill)",
    )
    p.add_argument(
        "--quarter", type=int, metavar="N", help="with --template: the contract's quarter N (1 = the first)"
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="check the document is ready to send and, if the check finds any "
        "blocker or warning, write nothing and exit with status 3",
    )
    # Not for users: installer/smoke_test.sh proves with it that the frozen bundle can start
    # an export's child process, as the window does (svdesk.exports.child).
    p.add_argument("--in-child-process", action="store_true", help=argparse.SUPPRESS)


def _run(args) -> int:
    from svdesk.exports.build_common import ExportRequest

    start, end = args.start, args.end
    if args.year is not None and (start or end):
        raise CliError("Give either --year or --from/--to, not both.", EXIT_INVALID)
    if start and end and end < start:
        raise CliError("--to is before --from.", EXIT_INVALID)
    if args.contract:  # one refusal, naming close matches, for a reference that is not there
        args.contract = lookup_contract(open_store(args), args.contract).reference
    if args.template is not None or args.mapping is not None or args.quarter is not None:
        return _fill_template(args, start, end)
    if args.logo is not None and not args.logo.is_file():
        raise CliError(f"--logo: there is no file {args.logo}", EXIT_INVALID)
    req = ExportRequest(
        args.kind, contract_ref=args.contract, start=start, end=end, year=args.year, logo=args.logo
    )
    if args.in_child_process:
        from svdesk.exports.child import ChildExportError, run_in_child

        try:
            result = run_in_child(open_store(args), req, args.out)
        except ChildExportError as exc:
            raise CliError(f"the export's child process failed: {exc}") from exc
        print(f"Wrote {result.title.lower()} to {result.path} in a child process")
        return 0
    store = open_store(args)
    report = _ready(store, req, args.out, args.strict)
    if report is None:
        return EXIT_NOT_READY
    from svdesk.exports.atomic import atomic_output
    from svdesk.exports.runner import EXPORTS, render

    with atomic_output(args.out) as temp:  # the report the check looked at, written
        render(report, temp, args.out.suffix)
    print(f"Wrote {EXPORTS[req.kind].title.lower()} to {args.out}")
    return 0


def _fill_template(args, start, end) -> int:
    from svdesk.exports.buyer_template import fill_for_contract

    if args.kind != "return" or args.template is None:
        raise CliError(
            "--template, --mapping and --quarter are for `export return --template BUYER.xlsx`.", EXIT_INVALID
        )
    if not args.template.is_file():
        raise CliError(f"--template: there is no file {args.template}", EXIT_INVALID)
    if args.year is not None or (args.quarter is not None and (start or end)):
        raise CliError("Give one quarter: --quarter N or --from/--to.", EXIT_INVALID)
    result, saved = fill_for_contract(
        open_store(args), args.contract, args.template, args.out, args.mapping, args.quarter, start, end
    )
    print("\n".join(result.lines()))
    print(f"Saved the mapping to {saved}")
    print(f"Wrote the buyer's workbook to {result.path}")
    return 0


EXIT_NOT_READY = 3


def _ready(store, req, out, strict: bool):
    """Build the report, print the ready-to-send check of it (svdesk.exports.readiness) and
    return it; None when --strict and the check found anything, so nothing is written."""
    from svdesk.exports.readiness import check
    from svdesk.exports.runner import build, check_format, context

    check_format(req.kind, out)  # a wrong suffix is said before any work
    ctx = context(store, req)
    report = build(store, req, ctx)
    readiness = check(store, req, ctx, report, suffix=out.suffix)
    for line in readiness.lines():
        print(line)
    if strict and not readiness.ready:
        print(
            f"Not written: --strict and the check found "
            f"{len(readiness.issues)} problem{'s' if len(readiness.issues) != 1 else ''}. "
            "Fix them, or export without --strict."
        )
        return None
    return report
