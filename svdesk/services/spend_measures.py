"""The spend area's figures as the measure engine's spend source.

Spend per supplier (svdesk.services.spend_supplier_totals.supplier_spend, aggregated in SQL) per
question gives the spend summary; local, SME and VCSE spend follow from it, with each supplier
in the drill-down.
"""

from __future__ import annotations

from svdesk.services.measure_sources import MeasureQuery, SpendSummary, SupplierShare, register_spend_source
from svdesk.services.suppliers import SME_BANDS


def spend_source(q: MeasureQuery) -> SpendSummary:
    from svdesk.services.spend_supplier_totals import SupplierLocalities, supplier_spend

    window = q.window  # the period inside the contract's term (the period organisation-wide)
    key = ("supplier_localities", q.contract_id)
    if key not in q.cache:  # suppliers' postcodes tested once, not once per period
        q.cache[key] = SupplierLocalities(q.store, q.contract_id)
    suppliers = tuple(
        SupplierShare(
            f"supplier:{r.supplier_id}",
            r.name,
            r.total_pence,
            r.lines,
            r.locality,
            r.reason,
            r.size_band in SME_BANDS,
            r.is_vcse,
        )
        for r in supplier_spend(q.store, q.contract_id, window.start, window.end, q.cache[key])
    )

    def pence(rows) -> int:
        return sum(s.pence for s in rows)

    unknown = [s for s in suppliers if s.locality not in ("local", "not_local")]
    return SpendSummary(
        total_pence=pence(suppliers),
        local_pence=pence(s for s in suppliers if s.locality == "local"),
        sme_pence=pence(s for s in suppliers if s.sme),
        vcse_pence=pence(s for s in suppliers if s.vcse),
        unknown_postcode_count=len(unknown),
        unknown_postcode_pence=pence(unknown),
        lines=sum(s.lines for s in suppliers),
        local_lines=sum(s.lines for s in suppliers if s.locality == "local"),
        sme_lines=sum(s.lines for s in suppliers if s.sme),
        vcse_lines=sum(s.lines for s in suppliers if s.vcse),
        suppliers=suppliers,
    )


register_spend_source(spend_source)
