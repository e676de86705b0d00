"""The optional SROI view: per-measure assumptions (deadweight, displacement, attribution,
drop-off, years) and the discount rate setting, applied to the figures the engine computed.

Only valued figures with a proxy take part; the rest are listed as left out, never as £0.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import select

from svdesk.calc.sroi import DiscountSchedule, SroiAssumptions, SroiLine, SroiResult, sroi
from svdesk.models import SroiAssumption
from svdesk.services.measure_library import discount_rate
from svdesk.services.measures import MeasureFigure, compute_measures
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError


@dataclass
class AssumptionData:
    measure_key: str
    contract_id: int | None = None
    deadweight: float = 0.0
    displacement: float = 0.0
    attribution: float = 0.0
    drop_off: float = 0.0
    years: int = 1
    id: int | None = None

    def as_calc(self) -> SroiAssumptions:
        return SroiAssumptions(
            self.deadweight, self.displacement, self.attribution, self.drop_off, self.years
        )


@dataclass
class SroiView:
    result: SroiResult
    rate: float
    left_out: list[str]  # figures with a quantity but no £ value


def _to_data(row: SroiAssumption) -> AssumptionData:
    return AssumptionData(**{f.name: getattr(row, f.name) for f in fields(AssumptionData)})


def list_assumptions(store: Store, contract_id: int | None = None) -> dict[str, AssumptionData]:
    """The assumptions per measure for a contract: its own, else the organisation's."""
    with store.read() as s:
        rows = [_to_data(r) for r in s.scalars(select(SroiAssumption))]
    out = {r.measure_key: r for r in rows if r.contract_id is None}
    out.update({r.measure_key: r for r in rows if contract_id is not None and r.contract_id == contract_id})
    return out


def save_assumption(store: Store, data: AssumptionData) -> AssumptionData:
    try:
        data.as_calc()
    except ValueError as exc:
        raise ValidationError({"assumptions": str(exc)}) from exc
    with store.write() as s:
        cond = (
            SroiAssumption.contract_id.is_(None)
            if data.contract_id is None
            else SroiAssumption.contract_id == data.contract_id
        )
        row = (
            s.scalars(
                select(SroiAssumption).where(SroiAssumption.measure_key == data.measure_key, cond)
            ).first()
            or SroiAssumption()
        )
        for f in fields(AssumptionData):
            if f.name != "id":
                setattr(row, f.name, getattr(data, f.name))
        s.add(row)
        s.flush()
        return _to_data(row)


def sroi_view(
    store: Store,
    inputs_pence: int,
    contract_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    figures: list[MeasureFigure] | None = None,
) -> SroiView:
    """figures: already computed for the same contract and period (the dashboard passes its
    own, so changing an assumption does not recount every record)."""
    if figures is None:
        figures = compute_measures(store, contract_id, start, end)
    assumptions = list_assumptions(store, contract_id)
    lines, left_out = [], []
    for f in figures:
        if f.value_pence is None or not f.in_totals:
            if f.quantity and f.valued:
                left_out.append(f.key)
            continue
        a = assumptions.get(f.key)
        assert f.proxy_pence is not None  # a figure has a value only through its proxy
        lines.append(SroiLine(f.key, f.quantity, f.proxy_pence, a.as_calc() if a else SroiAssumptions()))
    rate = discount_rate(store)
    return SroiView(sroi(lines, inputs_pence, DiscountSchedule.green_book(rate)), rate, left_out)
