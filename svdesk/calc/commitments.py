"""Delivery against a commitment, quarter by quarter, with a status and a forecast.

Quarters are the contract's own: quarter 1 starts on the contract start date and each runs three
calendar months (the last one stops at the contract end), because returns are due per contract.

THE STATUS RULE (shown to the user word for word by status_rule_text):
  Compare what was delivered by the end of the last complete quarter with what was due by then
  (the quarterly milestone if one is set, otherwise a straight line between the milestones
  either side, from nothing at the start of the term to the whole target at its end):
    on track  delivered at least 90% of what was due (or nothing is due yet)
    at risk   delivered 70% to 90% of what was due
    behind    delivered less than 70% of what was due
  For a limit to stay under (emissions), "delivered" must stay at or below the amount due:
  on track at or under it, at risk up to 10% over, behind beyond that.
  For a level (a share such as the Real Living Wage share) the latest quarter's level is compared
  with the target, with the same 90% / 70% bands.

THE FORECAST: a straight line from the start of the term through what has been delivered to
date (all recorded activity up to the as-of date), extended to the end of the term.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from svdesk.calc.time_spans import ONE_DAY, Window, add_months
from svdesk.formatting import format_quantity

ON_TRACK, AT_RISK, BEHIND = "on_track", "at_risk", "behind"
STATUS_LABELS = {ON_TRACK: "On track", AT_RISK: "At risk", BEHIND: "Behind"}
ON_TRACK_SHARE, AT_RISK_SHARE, OVER_LIMIT_SHARE = 0.9, 0.7, 1.1
BASES = {"per_year": "per year", "term": "over the contract term"}
DIRECTIONS = {"at_least": "at least", "at_most": "at most"}


def status_rule_text() -> str:
    return __doc__.split("THE STATUS RULE (shown to the user word for word by status_rule_text):\n")[1].split(
        "\n\nTHE FORECAST"
    )[0]


@dataclass(frozen=True)
class Quarter:
    number: int
    start: date
    end: date

    @property
    def window(self) -> Window:
        return Window(self.start, self.end)

    @property
    def label(self) -> str:
        return f"Q{self.number} ({self.start.day} {self.start:%b %Y} – {self.end.day} {self.end:%b %Y})"


def _term_days(term: Window) -> tuple[date, date]:
    """A commitment's term, first and last day: both are needed to plan it."""
    if term.start is None or term.end is None:
        raise ValueError("A contract needs a start and an end date to be split into quarters.")
    return term.start, term.end


def contract_quarters(term: Window) -> list[Quarter]:
    first, last = _term_days(term)
    out: list[Quarter] = []
    n = 0
    while True:
        start = add_months(first, 3 * n)
        if start > last:
            return out
        end = min(add_months(first, 3 * (n + 1)) - ONE_DAY, last)
        out.append(Quarter(n + 1, start, end))
        n += 1


@dataclass(frozen=True)
class CommitmentPlan:
    target: float
    term: Window
    basis: str = "term"  # "per_year" or "term"
    direction: str = "at_least"  # "at_most" for limits such as emissions
    additive: bool = True  # False for a level such as a share
    milestones: Mapping[int, float] = field(default_factory=dict)  # quarter -> cumulative due
    unit: str = ""  # for the words of the status reason

    @property
    def term_target(self) -> float:
        if self.basis == "per_year" and self.additive:
            return self.target * self.term.years()
        return self.target


@dataclass(frozen=True)
class QuarterRow:
    quarter: Quarter
    actual: float | None  # None for a quarter not yet started
    cumulative: float | None
    due: float  # cumulative due by its end (or the level due, for levels)
    milestone: bool  # due comes from a milestone the user set
    complete: bool
    status: str | None  # only for complete quarters


@dataclass(frozen=True)
class Delivery:
    rows: tuple[QuarterRow, ...]
    term_target: float
    delivered: float  # to date (all started quarters), or the latest level
    due_now: float  # due by the end of the last complete quarter
    status: str
    reason: str
    forecast: float | None  # at the end of the term; None before the term starts
    forecast_meets_target: bool | None


def due_by(plan: CommitmentPlan, quarter: Quarter) -> tuple[float, bool]:
    """What is due by the end of quarter: its milestone, or a straight line between the
    milestones either side (nothing at the start of the term, the whole target at its end)."""
    if quarter.number in plan.milestones:
        return float(plan.milestones[quarter.number]), True
    if not plan.additive:
        return plan.target, False
    ends = {q.number: q.end for q in contract_quarters(plan.term)}
    first, last = _term_days(plan.term)
    points = {0: (first - ONE_DAY, 0.0), len(ends): (last, plan.term_target)}
    points.update({n: (ends[n], float(v)) for n, v in plan.milestones.items() if n in ends})
    if quarter.number >= len(ends):
        return plan.term_target, False
    before = max(n for n in points if n < quarter.number)
    after = min(n for n in points if n > quarter.number)
    (d0, v0), (d1, v1) = points[before], points[after]
    return v0 + (v1 - v0) * (quarter.end - d0).days / (d1 - d0).days, False


def judge(plan: CommitmentPlan, delivered: float, due: float) -> str:
    if plan.direction == "at_most":
        if delivered <= due:
            return ON_TRACK
        return AT_RISK if delivered <= due * OVER_LIMIT_SHARE else BEHIND
    if due <= 0 or delivered >= due * ON_TRACK_SHARE:
        return ON_TRACK
    return AT_RISK if delivered >= due * AT_RISK_SHARE else BEHIND


def assess(plan: CommitmentPlan, actuals: Mapping[int, float], as_of: date) -> Delivery:
    """actuals: quarter number -> quantity delivered in it (the current quarter: to date)."""
    rows, cumulative = [], 0.0
    last_complete: QuarterRow | None = None
    latest_level: float | None = None
    for q in contract_quarters(plan.term):
        due, from_milestone = due_by(plan, q)
        started, complete = q.start <= as_of, q.end <= as_of
        actual = float(actuals.get(q.number, 0.0)) if started else None
        if actual is not None:
            cumulative += actual
            latest_level = actual
        shown = (cumulative if plan.additive else actual) if started else None
        # a complete quarter has started, so it has a figure
        status = judge(plan, shown, due) if complete and shown is not None else None
        row = QuarterRow(q, actual, shown, due, from_milestone, complete, status)
        rows.append(row)
        if complete:
            last_complete = row
    delivered = cumulative if plan.additive else (latest_level or 0.0)
    if last_complete is None:
        status, due_now = ON_TRACK, 0.0
        reason = "Nothing is due yet: the first quarter has not ended."
    else:
        assert last_complete.status is not None  # a complete quarter is judged
        status, due_now = last_complete.status, last_complete.due
        reason = (
            f"{format_quantity(last_complete.cumulative, plan.unit)} delivered against "
            f"{format_quantity(due_now, plan.unit)} due "
            f"by the end of Q{last_complete.quarter.number}."
        )
    forecast = _forecast(plan, delivered, as_of)
    meets = None
    if forecast is not None:
        meets = forecast <= plan.term_target if plan.direction == "at_most" else forecast >= plan.term_target
    return Delivery(tuple(rows), plan.term_target, delivered, due_now, status, reason, forecast, meets)


def _forecast(plan: CommitmentPlan, delivered: float, as_of: date) -> float | None:
    first, last = _term_days(plan.term)
    if as_of < first:
        return None
    if not plan.additive or as_of >= last:
        return delivered
    elapsed = (as_of - first).days + 1
    return delivered * plan.term.days() / elapsed
