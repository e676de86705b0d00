"""Every measure for a contract (or all) and a period, with spend, totals and commitments, as
plain data: the layout `svdesk report --json` prints, documented in docs/report-json.md (keep the
two in step)."""

from __future__ import annotations

from datetime import date
from typing import Any

from svdesk.services.store import Store

SCHEMA_VERSION = 1


def _pounds(pence: int | float | None) -> float | None:
    return None if pence is None else round(pence / 100, 2)


def build_report(
    store: Store, contract_ref: str | None, start: date | None, end: date | None, today: date | None = None
) -> dict:
    """The report as plain data: `svdesk report` prints it, and exports and benchmarks reuse it.

    A contract_ref that names no contract is refused with a ValidationError on "contract"."""
    from svdesk.calc.evidence_tier import figure_tier
    from svdesk.calc.framework_refs import measure_refs
    from svdesk.calc.value_coverage import value_headlines
    from svdesk.services.commitments import contract_delivery
    from svdesk.services.contracts import find_contract
    from svdesk.services.measures import compute_measures, spend_summary, totals
    from svdesk.services.payment_performance import as_json as payment_json
    from svdesk.services.payment_performance import payment_performance
    from svdesk.services.validation import ValidationError

    contract = None
    if contract_ref:
        contract = find_contract(store, contract_ref)
        if contract is None:
            raise ValidationError({"contract": f"There is no contract with the reference “{contract_ref}”."})
    cid = contract.id if contract else None
    figures = compute_measures(store, cid, start, end, today=today)
    t = totals(figures, contract.value_pence if contract else None)
    spend = spend_summary(store, cid, start, end)
    commitments: list[dict[str, Any]] = []
    out: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "database": store.safe_location,
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
        "commitments": commitments,
        # organisation-wide, like the test itself: how the firm pays its own suppliers
        "payment": payment_json(payment_performance(store, start, end, today=today)),
    }
    if contract is not None and contract.id is not None:
        as_of = min(end or date.max, today or date.today())
        for r in contract_delivery(store, contract.id, as_of):
            d = r.delivery
            commitments.append(
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
