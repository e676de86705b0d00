"""`svdesk report`: every measure for a contract (or all) and a period, with spend and totals.

    svdesk report --db PATH [--contract REF] [--from DATE --to DATE] [--json]

The JSON layout is documented in docs/report-json.md; keep the two in step.
"""

from __future__ import annotations

import json

from svdesk.cli import (
    EXIT_INVALID,
    CliError,
    db_argument,
    lookup_contract,
    open_store,
    period_arguments,
)
from svdesk.services.report_data import build_report


def _add(sub):
    p = sub.add_parser("report", help="print every measure's figure, spend and totals")
    db_argument(p)
    p.add_argument("--contract", metavar="REF", help="one contract's figures (default: all)")
    period_arguments(p)
    p.add_argument("--json", action="store_true", help="print JSON (see docs/report-json.md)")


def _print_text(report: dict) -> None:
    from svdesk.formatting import format_money, format_percent

    scope = report["contract"]["reference"] if report["contract"] else "All contracts"
    period = report["period"]
    print(f"{scope} · {period['from'] or 'start'} to {period['to'] or 'today'}")
    for m in report["measures"]:
        if m["value"] is not None:
            value = format_money(round(m["value"] * 100))
        else:
            value = (
                "not in £" if not m["valued"] else "no records" if not m["has_records_source"] else "no proxy"
            )
        print(f"  {m['name'][:52]:52} {m['quantity']:>12,.2f} {m['unit']:<12} {value:>14}")
        if m["note"] and m["note"].startswith("could not be computed"):
            print(f"    ! {m['name']}: {m['note']}")
    t = report["totals"]
    for caption, key in (("Local economic value", "local_economic"), ("Social value", "social")):
        h = report["headlines"][key]
        if h["text"] is None:
            print(f"  {caption:20} no £ total: {h['coverage']}")
        else:
            print(
                f"  {caption:20} {h['text']} {format_percent(t[key + '_share'])}".rstrip()
                + f" · {h['evidence']['label']}"
            )
    if t["unvalued"]:
        print(f"  Shown as quantities (no proxy value): {', '.join(t['unvalued'])}")
    latest = report["payment"]["latest_complete"]
    if latest is not None:
        p = next(x for x in report["payment"]["periods"] if x["from"] == latest["from"])
        print(
            f"  Payment test {p['from']} to {p['to']}: {p['result'].replace('_', ' ')} "
            f"({format_percent(p['share_within_60_days'])} within 60 days, "
            f"{p['average_days_to_pay']} days on average)"
        )


def _run(args) -> int:
    start, end = args.start, args.end
    if start and end and end < start:
        raise CliError("--to is before --from.", EXIT_INVALID)
    store = open_store(args)
    ref = lookup_contract(store, args.contract).reference if args.contract else None
    report = build_report(store, ref, start, end)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print_text(report)
    return 0
