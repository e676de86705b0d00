"""`svdesk report`: every measure for a contract (or all) and a period, with spend and totals.

    svdesk report --db PATH [--contract REF] [--from DATE --to DATE] [--json]

The JSON layout is documented in docs/report-json.md; keep the two in step.
"""

from __future__ import annotations

import json
from datetime import date

from svdesk.cli import EXIT_INVALID, CliError, command, db_argument, open_store

SCHEMA_VERSION = 1


def _add(sub):
    p = sub.add_parser("report", help="print every measure's figure, spend and totals")
    db_argument(p)
    p.add_argument("--contract", metavar="REF", help="one contract's figures (default: all)")
    p.add_argument("--from", dest="start", metavar="DATE", help="first day, e.g. 2025-04-01")
    p.add_argument("--to", dest="end", metavar="DATE", help="last day, e.g. 31/03/2026")
    p.add_argument("--json", action="store_true", help="print JSON (see docs/report-json.md)")


def _pounds(pence: int | float | None) -> float | None:
    return None if pence is None else round(pence / 100, 2)


def _parse(text: str | None, flag: str) -> date | None:
    from svdesk.formatting import parse_date

    try:
        return parse_date(text)
    except ValueError as exc:
        raise CliError(f"{flag}: {exc}", EXIT_INVALID) from exc


def build_report(
    store, contract_ref: str | None, start: date | None, end: date | None, today: date | None = None
) -> dict:
    """The report as plain data: the CLI prints it, and exports can reuse it."""
    from svdesk.calc.evidence_tier import figure_tier
    from svdesk.calc.framework_refs import measure_refs
    from svdesk.calc.value_coverage import value_headlines
    from svdesk.services.commitments import contract_delivery
    from svdesk.services.contracts import find_contract
    from svdesk.services.measures import compute_measures, spend_summary, totals
    from svdesk.services.payment_performance import as_json as payment_json
    from svdesk.services.payment_performance import payment_performance

    contract = None
    if contract_ref:
        contract = find_contract(store, contract_ref)
        if contract is None:
            raise CliError(f"There is no contract with the reference “{contract_ref}”.", EXIT_INVALID)
    cid = contract.id if contract else None
    figures = compute_measures(store, cid, start, end, today=today)
    t = totals(figures, contract.value_pence if contract else None)
    spend = spend_summary(store, cid, start, end)
    out = {
        "schema": SCHEMA_VERSION,
        "database": str(store.path),
        "contract": None
        if contract is None
        else {
            "reference": contract.reference,
            "title": contract.title,
            "buyer": contract.buyer,
            "value": _pounds(contract.value_pence),
            "start": contract.start_date.isoformat() if contract.start_date else None,
            "end": contract.end_date.isoformat() if contract.end_date else None,
        },
        "period": {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None},
        "measures": [
            {
                "key": f.key,
                "name": f.name,
                "unit": f.unit,
                "quantity": round(f.quantity, 4),
                "proxy": _pounds(f.proxy_pence),
                "value": _pounds(f.value_pence),
                "kind": f.kind,
                "records": f.records,
                "breakdown": {k: round(v, 4) for k, v in f.breakdown.items()},
                "valued": f.valued,
                "in_totals": f.in_totals,
                "has_records_source": f.has_source,
                "note": f.note,
                "proxy_source": None
                if f.proxy is None
                else {
                    "source": f.proxy.source,
                    "edition": f.proxy.edition,
                    "published": f.proxy.published,
                    "licence": f.proxy.licence,
                    "currency_year": f.proxy.currency_year,
                    "checked_by": f.proxy.checked_by,
                },
                "evidence": _tier_json(figure_tier(f)),
                "framework_refs": {
                    col: [
                        {"framework": r.short_name, "code": r.code, "name": r.name, "verified": r.verified}
                        for r in refs
                    ]
                    for col, refs in measure_refs(f).items()
                },
            }
            for f in figures
        ],
        "headlines": {
            kind: {
                "value": _pounds(h.pence),
                "text": h.text,
                "coverage": h.coverage,
                "valued": list(h.valued),
                "no_proxy": list(h.unvalued),
                "not_added": list(h.overlapping),
                "sources": list(h.sources),
                "evidence": _tier_json(h.tier),
            }
            for kind, h in value_headlines(figures).items()
        },
        "totals": {
            "local_economic": _pounds(t.local_economic_pence),
            "social": _pounds(t.social_pence),
            "contract_value": _pounds(t.contract_value_pence),
            "local_economic_share": t.local_economic_share,
            "social_share": t.social_share,
            "unvalued": list(t.unvalued),
            "not_added": list(t.left_out),
        },
        "spend": {
            "total": _pounds(spend.total_pence),
            "local": _pounds(spend.local_pence),
            "local_share": spend.local_share,
            "sme": _pounds(spend.sme_pence),
            "vcse": _pounds(spend.vcse_pence),
            "unknown_postcode": {
                "count": spend.unknown_postcode_count,
                "gbp": _pounds(spend.unknown_postcode_pence),
            },
            "recorded": spend.registered,
        },
        "commitments": [],
        # organisation-wide, like the test itself: how the firm pays its own suppliers
        "payment": payment_json(payment_performance(store, start, end, today=today)),
    }
    if contract is not None:
        as_of = min(end or date.max, today or date.today())
        for r in contract_delivery(store, contract.id, as_of):
            d = r.delivery
            out["commitments"].append(
                {
                    "measure": r.measure.key,
                    "target": r.commitment.target,
                    "basis": r.commitment.basis,
                    "term_target": round(d.term_target, 4),
                    "delivered": round(d.delivered, 4),
                    "due": round(d.due_now, 4),
                    "status": d.status,
                    "reason": d.reason,
                    "forecast": None if d.forecast is None else round(d.forecast, 4),
                    "owner": r.commitment.owner,
                    "as_of": as_of.isoformat(),
                }
            )
    return out


def _tier_json(tier) -> dict:
    return {
        "tier": tier.level,
        "label": tier.label,
        "share": tier.share,
        "records": tier.records,
        "evidenced": tier.evidenced,
    }


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


@command("report")(_add)
def _run(args) -> int:
    start, end = _parse(args.start, "--from"), _parse(args.end, "--to")
    if start and end and end < start:
        raise CliError("--to is before --from.", EXIT_INVALID)
    report = build_report(open_store(args), args.contract, start, end)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        _print_text(report)
    return 0
