"""The Carbon Reduction Plan (PPN 006): the plan's answers, its footprints, and the checks
that name what would get it rejected.

Emissions come from the environment records through the one computation svdesk already has:
each energy, fuel and travel record's tonnes are the `tonnes_co2e` that
svdesk.services.activities works out with the DESNZ factor of the record's year (the records
table, the evidence workbook and the pack show the same figure). Waste records (tonnes by
route) go through the same factor function (svdesk.calc.rates.emission) with the DESNZ waste
rows: landfill uses the commercial and industrial landfill factor, recycled the closed-loop
recycling factor; reused and diverted waste has no DESNZ factor and is named, not counted.

A record belongs to a period when its date falls in it, as in every other document.

Where a record goes in the plan:
- its category first: employee commuting, upstream and downstream transport are scope 3
  categories whatever the factor;
- else the factor's own scope: 1 (fuels, company vehicles), 2 (electricity);
- a scope 3 factor recorded as business travel is scope 3 business travel; a waste factor is
  scope 3 waste; other scope 3 factors (electricity transmission losses, water) are shown as
  "other scope 3" outside the PPN 006 total, as the standard reports only its five categories.

Core code: no Qt.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from sqlalchemy import select

from svdesk.calc import rates
from svdesk.calc.periods import Period, _add_months, financial_year
from svdesk.models.carbon_plan import CarbonPlan
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

# The footprint's lines in the PPN 006 template's order: key -> (scope, label)
CATEGORIES: dict[str, tuple[str, str]] = {
    "scope1": ("Scope 1", "Scope 1: fuels burnt and company vehicles"),
    "scope2": ("Scope 2", "Scope 2: electricity bought (location-based)"),
    "upstream": ("Scope 3", "Scope 3: upstream transportation and distribution"),
    "waste": ("Scope 3", "Scope 3: waste generated in operations"),
    "business_travel": ("Scope 3", "Scope 3: business travel"),
    "commuting": ("Scope 3", "Scope 3: employee commuting"),
    "downstream": ("Scope 3", "Scope 3: downstream transportation and distribution"),
}
OTHER_SCOPE3 = "other_scope3"
WASTE_FACTORS = {"landfill": "waste_landfill", "recycled": "waste_recycled"}
LATEST_NET_ZERO = 2050

NHS_NOTE = (
    "The NHS asks for more: from April 2027 its suppliers must report all their scope 3 "
    "emissions (every category, not only the five PPN 006 asks for) and publish a "
    "Carbon Reduction Plan covering scope 1, 2 and 3 (NHS Net Zero Supplier Roadmap). "
    "For an NHS bid, record or explain the other scope 3 categories too."
)


@dataclass
class PlanData:
    net_zero_year: int = LATEST_NET_ZERO
    baseline_start: date | None = None
    baseline_end: date | None = None
    current_start: date | None = None
    current_end: date | None = None
    baseline_notes: str = ""
    scope_notes: dict[str, str] = field(default_factory=dict)
    target_year: int | None = None
    target_tonnes: float | None = None
    targets_text: str = ""
    completed_projects: str = ""
    planned_projects: str = ""
    signatory_name: str = ""
    signatory_role: str = ""
    signed_on: date | None = None


def validate_plan(data: PlanData) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not 2000 <= data.net_zero_year <= 2100:
        errors["net_zero_year"] = "Give the year you commit to reach net zero, e.g. 2050."
    for name in ("baseline", "current"):
        start, end = getattr(data, f"{name}_start"), getattr(data, f"{name}_end")
        if (start is None) != (end is None):
            errors[f"{name}_end"] = f"Give both the first and the last day of the {name} period."
        elif start and end and end < start:
            errors[f"{name}_end"] = f"The {name} period ends before it starts."
    if data.target_tonnes is not None and data.target_tonnes < 0:
        errors["target_tonnes"] = "The target is a number of tonnes, 0 or more."
    if data.target_year is not None and not 2000 <= data.target_year <= 2100:
        errors["target_year"] = "Give the year of the target, e.g. 2030."
    unknown = set(data.scope_notes) - set(CATEGORIES)
    if unknown:
        errors["scope_notes"] = f"Unknown footprint lines: {', '.join(sorted(unknown))}."
    return errors


def _to_data(row: CarbonPlan) -> PlanData:
    values = {f.name: getattr(row, f.name) for f in fields(PlanData)}
    try:
        notes = json.loads(row.scope_notes or "{}")
    except ValueError:
        notes = {}
    values["scope_notes"] = {k: str(v) for k, v in notes.items() if k in CATEGORIES}
    return PlanData(**values)


def get_plan(store: Store) -> PlanData:
    """The saved plan, or an empty one (net zero by 2050, nothing else yet)."""
    with store.read() as s:
        row = s.scalars(select(CarbonPlan).order_by(CarbonPlan.id)).first()
        return _to_data(row) if row else PlanData()


def save_plan(store: Store, data: PlanData) -> PlanData:
    errors = validate_plan(data)
    if errors:
        raise ValidationError(errors)
    values = asdict(data)
    values["scope_notes"] = json.dumps(
        {k: v.strip() for k, v in data.scope_notes.items() if v.strip()}, ensure_ascii=False, sort_keys=True
    )
    for key in (
        "baseline_notes",
        "targets_text",
        "completed_projects",
        "planned_projects",
        "signatory_name",
        "signatory_role",
    ):
        values[key] = values[key].strip()
    with store.write() as s:
        row = s.scalars(select(CarbonPlan).order_by(CarbonPlan.id)).first()
        if row is None:
            row = CarbonPlan(**values)
            s.add(row)
        else:
            for key, value in values.items():
                setattr(row, key, value)
    return get_plan(store)


# --- footprints ---------------------------------------------------------------------------------


@dataclass
class Footprint:
    period: Period
    tonnes: dict[str, float] = field(default_factory=dict)  # only lines with records
    records: dict[str, int] = field(default_factory=dict)
    other_scope3: float = 0.0
    other_scope3_sources: list[str] = field(default_factory=list)
    not_counted: list[str] = field(default_factory=list)  # records with no factor, named
    editions: set[int] = field(default_factory=set)

    def figure(self, key: str) -> float | None:
        """tCO2e for a footprint line, or None when no record gives it (never a false 0)."""
        return self.tonnes.get(key)

    @property
    def total(self) -> float:
        return sum(self.tonnes.values())


def _line_for(category: str, factor: rates.GhgFactor) -> str:
    if category in ("commuting", "upstream", "downstream"):
        return category
    if factor.key.startswith("waste_"):
        return "waste"
    if factor.scope == "1":
        return "scope1"
    if factor.scope == "2":
        return "scope2"
    return "business_travel" if category == "travel" else OTHER_SCOPE3


def footprint(store: Store, period: Period) -> Footprint:
    """The emissions of every record dated in the period, organisation-wide."""
    from svdesk.services.activities import list_records

    out = Footprint(period)

    def add(line: str, tonnes: float, label: str) -> None:
        if line == OTHER_SCOPE3:
            out.other_scope3 += tonnes
            if label not in out.other_scope3_sources:
                out.other_scope3_sources.append(label)
            return
        out.tonnes[line] = out.tonnes.get(line, 0.0) + tonnes
        out.records[line] = out.records.get(line, 0) + 1

    for rec in list_records(store, "emission_record", start=period.start, end=period.end):
        v, d = rec.values, rec.derived
        if d.get("tonnes_co2e") is None:
            out.not_counted.append(
                f"{v.get('description') or v.get('factor_key')} "
                f"({v['date']:%d %b %Y}): {d.get('factor_note', '')}"
            )
            continue
        factor = d["factor"]
        out.editions.add(factor.edition)
        add(_line_for(v.get("category") or "", factor), d["tonnes_co2e"], factor.activity)
    for rec in list_records(store, "waste_record", start=period.start, end=period.end):
        v = rec.values
        key = WASTE_FACTORS.get(v.get("route") or "")
        if key is None:
            out.not_counted.append(
                f"{v.get('waste_stream')} ({v['date']:%d %b %Y}, "
                f"{v.get('route')}): DESNZ publishes no factor for this route"
            )
            continue
        e = rates.emission(key, v.get("tonnes") or 0, v["date"], "tonne")
        out.editions.add(e.factor.edition)
        add("waste", e.tonnes, e.factor.activity)
    return out


# --- the plan's periods and checks ---------------------------------------------------------------


@dataclass
class CrpFigures:
    plan: PlanData
    baseline: Footprint | None
    current: Footprint | None
    problems: list[str]  # what would get the plan rejected, in words
    environment_actions: list[str]  # completed actions from the records since the baseline

    @property
    def reduction_so_far(self) -> float | None:
        """The share by which current emissions are below the baseline (negative: above)."""
        if self.baseline is None or self.current is None or not self.baseline.total:
            return None
        return (self.baseline.total - self.current.total) / self.baseline.total

    @property
    def target_reduction(self) -> float | None:
        p = self.plan
        if self.baseline is None or p.target_tonnes is None or not self.baseline.total:
            return None
        return (self.baseline.total - p.target_tonnes) / self.baseline.total


def period_label(start: date, end: date) -> str:
    return f"{start:%d %b %Y} – {end:%d %b %Y}"


def _months(start: date, end: date) -> float:
    """Length in months, a whole number for whole calendar months."""
    nxt = date.fromordinal(end.toordinal() + 1)
    months = (nxt.year - start.year) * 12 + nxt.month - start.month
    return months + (nxt.day - start.day) / 31


def current_period(
    plan: PlanData, start: date | None, end: date | None, today: date, year_start_month: int
) -> Period:
    """The reporting period: the one asked for (--year or --from/--to), else the plan's own,
    else the last complete financial year."""
    if start and end:
        return Period(period_label(start, end), start, end)
    if plan.current_start and plan.current_end:
        return Period(
            period_label(plan.current_start, plan.current_end), plan.current_start, plan.current_end
        )
    this = financial_year(today, year_start_month)
    last = financial_year(_add_months(this.start, -12), year_start_month)
    return Period(period_label(last.start, last.end), last.start, last.end)


def check(plan: PlanData, baseline: Footprint | None, current: Footprint, today: date) -> list[str]:
    """Every reason a buyer would reject the plan, named."""
    problems: list[str] = []
    if plan.net_zero_year > LATEST_NET_ZERO:
        problems.append(
            f"The commitment is net zero by {plan.net_zero_year}: PPN 006 asks "
            f"for net zero by {LATEST_NET_ZERO} at the latest."
        )
    c = current.period
    if baseline is None:
        problems.append(
            "There is no baseline period: give the 12 months your baseline "
            "footprint covers (it may be the current period for a first plan)."
        )
    else:
        b = baseline.period
        if (b.start.month, b.start.day) != (c.start.month, c.start.day) or (b.end.month, b.end.day) != (
            c.end.month,
            c.end.day,
        ):
            problems.append(
                f"The baseline ({b.label}) and the current period ({c.label}) "
                "cover different months: both must run over the same months."
            )
        if abs(_months(b.start, b.end) - _months(c.start, c.end)) > 0.01:
            problems.append(
                f"The baseline ({b.label}) and the current period ({c.label}) are of different lengths."
            )
    if abs(_months(c.start, c.end) - 12) > 0.01:
        problems.append(f"The current period ({c.label}) is not 12 months.")
    if c.end >= today:
        problems.append(
            f"The current period ({c.label}) has not ended yet: report a 12-month period that is over."
        )
    elif c.end < date(today.year - 1, today.month, min(today.day, 28)):
        problems.append(
            f"The current period ({c.label}) ended more than 12 months ago: report the most recent 12 months."
        )
    for which, fp in (("baseline", baseline), ("current period", current)):
        if fp is None:
            continue
        for key, (_scope, label) in CATEGORIES.items():
            if fp.figure(key) is None and not plan.scope_notes.get(key, "").strip():
                problems.append(
                    f"{label} has no figure for the {which} ({fp.period.label}) "
                    "and no explanation: record it, or say why it is not reported."
                )
    if not plan.signatory_name.strip():
        problems.append("No one has signed the plan off: give the director (or equivalent) who signs it.")
    elif not plan.signatory_role.strip():
        problems.append("Give the signatory's role (a director or equivalent).")
    if plan.signed_on is None:
        problems.append("Give the date the plan was signed off.")
    return problems


def crp_figures(
    store: Store,
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
    plan: PlanData | None = None,
) -> CrpFigures:
    """The plan, both footprints and the checks. start/end: the current period asked for;
    plan: answers not saved yet (the form, as the user types), else the saved plan."""
    from svdesk.services.activities import list_records
    from svdesk.services.organisation import get_organisation

    today = today or date.today()
    plan = plan if plan is not None else get_plan(store)
    org = get_organisation(store)
    period = current_period(plan, start, end, today, org.year_start_month if org else 4)
    current = footprint(store, period)
    baseline = None
    if plan.baseline_start and plan.baseline_end:
        b = Period(
            period_label(plan.baseline_start, plan.baseline_end), plan.baseline_start, plan.baseline_end
        )
        baseline = current if (b.start, b.end) == (period.start, period.end) else footprint(store, b)
    since = plan.baseline_start or period.start
    actions = [
        f"{r.values['date']:%b %Y}: {r.values['action']}"
        + (
            f" ({r.values['measure_value']:,.0f} {r.values['measure_unit']})"
            if r.values.get("measure_value") is not None
            else ""
        )
        for r in list_records(store, "environment_action", start=since, end=period.end)
    ]
    return CrpFigures(plan, baseline, current, check(plan, baseline, current, today), actions)
