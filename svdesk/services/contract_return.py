"""The contract return's KPI rows: per commitment (KPI) and contract quarter, the target and the
actual for the period and to date, the variance, a status on the four-level scale public buyers
use to rate supplier KPIs, and what the user wrote (commentary, corrective action, the buyer's
KPI code and name, the confirmation that the row relates only to this contract).

Figures come from svdesk.services.commitments (delivery quarter by quarter, the same numbers as
the dashboard and the evidence pack) and, for a period that starts part-way through a quarter,
from the same measure engine (measure_series). "To date" is always from the contract start.

A period that does not cover its whole quarter (the quarter is still running, or the chosen
dates cut it) is a part period: it is labelled so, and compared with the pro-rata target (the
quarter's target times the share of its days covered), never with the whole quarter's.

THE STATUS RULE: what was delivered from the contract start to the end of the period is
compared with what was due by then (pro rata for a part period):
  Good                  at least the "good" share of what was due (100% by default)
  Approaching target    at least the "approaching" share (90% by default)
  Requires improvement  at least the "requires improvement" share (70% by default)
  Inadequate            less than that
For a limit to stay under (emissions) the shares mirror: Good at or under what was due,
Approaching up to 10% over, Requires improvement up to 30% over, Inadequate beyond (defaults).
The shares are settings (svdesk.settings: return_thresholds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from svdesk.models import BuyerKpi, ReturnNote
from svdesk.services.store import Store

GOOD, APPROACHING, REQUIRES_IMPROVEMENT, INADEQUATE = (
    "Good",
    "Approaching target",
    "Requires improvement",
    "Inadequate",
)
SCALE = (GOOD, APPROACHING, REQUIRES_IMPROVEMENT, INADEQUATE)
DEFAULT_THRESHOLDS = {"good": 1.0, "approaching": 0.9, "requires_improvement": 0.7}


def status_rule_text() -> str:
    return __doc__.split("THE STATUS RULE: ")[1].strip()


# --- thresholds (a setting) -------------------------------------------------------------------


def thresholds() -> dict[str, float]:
    """The status shares from the user's settings, falling back to the defaults for any that are
    missing or not sensible (each between 0 and 1, in falling order)."""
    from svdesk.settings import load

    chosen = dict(DEFAULT_THRESHOLDS)
    raw = getattr(load(), "return_thresholds", {}) or {}
    for key in chosen:
        try:
            value = float(raw.get(key, chosen[key]))
        except (TypeError, ValueError):
            continue
        if 0 < value <= 1.5:
            chosen[key] = value
    if not chosen["good"] >= chosen["approaching"] >= chosen["requires_improvement"]:
        return dict(DEFAULT_THRESHOLDS)
    return chosen


def rate(actual: float, due: float, at_most: bool = False, shares: dict[str, float] | None = None) -> str:
    s = shares or thresholds()
    if at_most:
        if actual <= due * (2 - s["good"]):
            return GOOD
        if actual <= due * (2 - s["approaching"]):
            return APPROACHING
        if actual <= due * (2 - s["requires_improvement"]):
            return REQUIRES_IMPROVEMENT
        return INADEQUATE
    if due <= 0 or actual >= due * s["good"]:
        return GOOD
    if actual >= due * s["approaching"]:
        return APPROACHING
    if actual >= due * s["requires_improvement"]:
        return REQUIRES_IMPROVEMENT
    return INADEQUATE


# --- what the user writes ---------------------------------------------------------------------


@dataclass
class Note:
    commitment_id: int
    quarter: int
    commentary: str = ""
    corrective_action: str = ""
    relates_only: bool = False
    carried_from: int | None = None  # a draft carried from this earlier quarter's note

    @property
    def saved(self) -> bool:
        return self.carried_from is None


def get_buyer_kpi(store: Store, commitment_id: int) -> tuple[str, str]:
    """(code, name) the user gave for this commitment's KPI in the buyer's own terms."""
    with store.read() as s:
        row = s.get(BuyerKpi, commitment_id)
        return (row.code, row.name) if row else ("", "")


def save_buyer_kpi(store: Store, commitment_id: int, code: str, name: str) -> None:
    with store.write() as s:
        row = s.get(BuyerKpi, commitment_id)
        code, name = code.strip()[:60], name.strip()[:300]
        if row is None:
            if not (code or name):
                return
            row = BuyerKpi(commitment_id=commitment_id)
            s.add(row)
        row.code, row.name = code, name


def notes_for(store: Store, commitment_id: int) -> dict[int, Note]:
    with store.read() as s:
        rows = s.scalars(select(ReturnNote).where(ReturnNote.commitment_id == commitment_id))
        return {
            r.quarter: Note(commitment_id, r.quarter, r.commentary, r.corrective_action, r.relates_only)
            for r in rows
        }


def draft_note(saved: dict[int, Note], commitment_id: int, quarter: int) -> Note:
    """The note for a quarter: the one saved for it, or a draft carrying the commentary and
    corrective action of the latest earlier quarter that has them. The confirmation that the
    row relates only to this contract is never carried: the user gives it for each quarter."""
    if quarter in saved:
        return saved[quarter]
    earlier = [q for q in saved if q < quarter and (saved[q].commentary or saved[q].corrective_action)]
    if not earlier:
        return Note(commitment_id, quarter)
    last = saved[max(earlier)]
    return Note(
        commitment_id, quarter, last.commentary, last.corrective_action, False, carried_from=last.quarter
    )


def save_note(store: Store, note: Note) -> None:
    if note.quarter < 1:
        raise ValueError("Quarters are numbered from 1.")
    with store.write() as s:
        row = s.scalars(
            select(ReturnNote).where(
                ReturnNote.commitment_id == note.commitment_id, ReturnNote.quarter == note.quarter
            )
        ).first()
        if row is None:
            row = ReturnNote(commitment_id=note.commitment_id, quarter=note.quarter)
            s.add(row)
        row.commentary = note.commentary.strip()
        row.corrective_action = note.corrective_action.strip()
        row.relates_only = bool(note.relates_only)


# --- the rows ---------------------------------------------------------------------------------


@dataclass
class KpiRow:
    commitment_id: int
    measure_key: str
    measure_name: str
    unit: str
    buyer_code: str
    buyer_name: str
    quarter: int
    start: date
    end: date
    part: bool  # the period does not cover the whole quarter
    target_period: float
    actual_period: float
    target_to_date: float
    actual_to_date: float
    status: str
    at_most: bool
    note: Note
    contributions: list = field(default_factory=list)  # the records behind actual_period
    additive: bool = True  # an amount added up over time; False: a level (a share)
    failed: str = ""  # the measure's source failed: "could not be computed (why)", no figure

    @property
    def variance_to_date(self) -> float:
        return self.actual_to_date - self.target_to_date

    @property
    def variance_period(self) -> float:
        return self.actual_period - self.target_period

    @property
    def kpi_name(self) -> str:
        return self.buyer_name or self.measure_name

    @property
    def period_label(self) -> str:
        from svdesk.formatting import format_date

        text = f"Q{self.quarter}: {format_date(self.start)} – {format_date(self.end)}"
        return text + (", part quarter" if self.part else "")


def _days(start: date, end: date) -> int:
    return (end - start).days + 1


def kpi_rows(
    store: Store, contract, start: date | None, end: date | None, as_of: date, delivery: list | None = None
) -> list[KpiRow]:
    """Rows for each commitment of contract and each contract quarter that overlaps
    [start, end] and has started by as_of (end is clipped to as_of). delivery: the
    commitments' reports already read for as_of (svdesk.services.commitments.contract_delivery),
    so the figures are the very ones the other documents print."""
    from svdesk.services.commitments import LEVEL_UNITS, contract_delivery
    from svdesk.services.measures import COULD_NOT, measure_series

    if not (contract.start_date and contract.end_date):
        return []
    if delivery is None:
        delivery = contract_delivery(store, contract.id, as_of)
    shares = thresholds()
    last = min(end or as_of, as_of)
    out: list[KpiRow] = []
    for report in delivery:
        c = report.commitment
        additive = report.measure.unit not in LEVEL_UNITS
        at_most = c.direction == "at_most"
        assert c.id is not None  # delivery reports on stored commitments
        code, name = get_buyer_kpi(store, c.id)
        saved = notes_for(store, c.id)
        chosen, previous_due, previous_cum = [], 0.0, 0.0
        for row in report.delivery.rows:
            q = row.quarter
            if row.actual is not None and q.end >= (start or q.start) and q.start <= last:
                chosen.append((row, previous_due, previous_cum))
            previous_due = row.due
            previous_cum = row.cumulative if row.cumulative is not None else previous_cum
        if not chosen:
            continue
        windows = []
        for row, _, _ in chosen:
            q = row.quarter
            windows.append((max(q.start, start or q.start), min(q.end, last)))
            windows.append((q.start, min(q.end, last)))
        results = measure_series(store, c.measure_key, contract.id, windows, today=as_of)
        for i, (row, due_before, cum_before) in enumerate(chosen):
            q = row.quarter
            (w_start, w_end), period, from_q_start = windows[2 * i], results[2 * i], results[2 * i + 1]
            part = (w_start, w_end) != (q.start, q.end)
            failed = next((r.note for r in (period, from_q_start) if r.note.startswith(COULD_NOT)), "")
            q_days = _days(q.start, q.end)
            if additive:
                quarter_target = row.due - due_before
                target_period = quarter_target * _days(w_start, w_end) / q_days
                target_to_date = due_before + quarter_target * _days(q.start, w_end) / q_days
                actual_to_date = cum_before + from_q_start.quantity
            else:
                target_period = target_to_date = row.due
                actual_to_date = period.quantity
            out.append(
                KpiRow(
                    c.id,
                    c.measure_key,
                    report.measure.name,
                    report.measure.unit,
                    code,
                    name,
                    q.number,
                    w_start,
                    w_end,
                    part,
                    target_period,
                    period.quantity,
                    target_to_date,
                    actual_to_date,
                    failed or rate(actual_to_date, target_to_date, at_most, shares),
                    at_most,
                    draft_note(saved, c.id, q.number),
                    list(period.contributions),
                    additive,
                    failed,
                )
            )
    return out
