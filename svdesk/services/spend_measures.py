"""The spend area's figures as the measure engine's spend source.

One analysis (svdesk.services.spend_analysis, aggregated in SQL) per question gives the spend
summary; local, SME and VCSE spend follow from it, with each supplier in the drill-down.
"""

from __future__ import annotations

from svdesk.services.measure_sources import (MeasureQuery, SpendSummary, SupplierShare,
                                             register_spend_source)
from svdesk.services.suppliers import SME_BANDS


def spend_source(q: MeasureQuery) -> SpendSummary:
    from svdesk.services.spend_analysis import SpendQuery, analyse_spend

    window = q.window  # the period inside the contract's term (the period organisation-wide)
    a = analyse_spend(q.store, SpendQuery(contract_id=q.contract_id, start=window.start,
                                          end=window.end))
    suppliers = tuple(
        SupplierShare(f"supplier:{r.supplier_id}", r.name, r.total_pence, r.lines, r.locality,
                      r.reason, r.size_band in SME_BANDS, r.is_vcse) for r in a.by_supplier)
    return SpendSummary(
        total_pence=a.total_pence, local_pence=a.local_pence, sme_pence=a.sme_pence,
        vcse_pence=a.vcse_pence, unknown_postcode_count=a.unknown_suppliers,
        unknown_postcode_pence=a.unknown_pence, lines=a.lines,
        local_lines=sum(s.lines for s in suppliers if s.locality == "local"),
        sme_lines=sum(s.lines for s in suppliers if s.sme),
        vcse_lines=sum(s.lines for s in suppliers if s.vcse), suppliers=suppliers)


register_spend_source(spend_source)
