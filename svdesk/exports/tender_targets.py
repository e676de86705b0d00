"""Targets a bid can offer, from the firm's own run-rate scaled to the contract's value and
length, or from a commitment already recorded for the bid (its term target: a per-year target
times the term, #15), each with the checks a bid writer needs: a target that outlasts the
contract, exceeds the headcount or is far above the firm's usual intensity per £1m.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from svdesk.formatting import format_money
from svdesk.services.tender_facts import TenderFacts

# A figure counted in time spent by people: its ceiling is the headcount over the term.
PERSON_TIME = {"weeks": 1.0, "days": 5.0, "hours": 37.5, "person-hours": 37.5}
INTENSITY_LIMIT = 2.0  # "far above usual": more than twice the usual amount per £1m


@dataclass
class Target:
    key: str
    name: str
    unit: str
    safe: float  # what the firm's run-rate supports on this contract
    stretch: float  # a stretch worth offering if the bid needs it
    source: str  # the records or commitment behind it
    basis: str  # how it was worked out, in words
    committed: bool = False  # from a commitment recorded for this bid
    milestones: dict = field(default_factory=dict)
    owner: str = ""
    method: str = ""
    flags: list[str] = field(default_factory=list)


def _nice(value: float, unit: str) -> float:
    if unit.upper() == "GBP":
        step = 1000 if value >= 20000 else 100 if value >= 1000 else 10
        return max(step, round(value / step) * step)
    if unit in ("FTE-years", "tCO2e"):
        return max(0.1, round(value, 1))
    return float(max(1, math.ceil(value)))


def amount(value: float, unit: str) -> str:
    """ "£36,700", "100%", "1 apprentice", "104 weeks"."""
    if unit.upper() == "GBP":
        return format_money(round(value * 100)).removesuffix(".00")
    if unit == "%":
        return f"{value:g}%"
    text = f"{value:,.1f}".removesuffix(".0") if value != int(value) else f"{int(value):,}"
    word = unit
    if value == 1:
        word = {
            "people": "person",
            "apprentices": "apprentice",
            "jobs": "job",
            "hours": "hour",
            "weeks": "week",
            "days": "day",
            "person-hours": "person-hour",
            "qualifications": "qualification",
            "opportunities": "opportunity",
        }.get(unit, unit)
    return f"{text} {word}".strip()


def _checks(facts: TenderFacts, t: Target, usual_per_year: float | None) -> None:
    value = t.stretch
    head = facts.org.headcount
    if t.unit in ("people", "apprentices", "jobs") and head and value > head:
        t.flags.append(f"{amount(value, t.unit)} is more than your {head} staff.")
    if t.unit == "FTE-years" and head and value > head * facts.years:
        t.flags.append(
            f"{amount(value, t.unit)} is more than your {head} staff could work "
            f"over the {facts.years:.1f}-year term."
        )
    per_person = PERSON_TIME.get(t.unit)
    if per_person and head and value > head * facts.weeks * per_person:
        t.flags.append(
            f"{amount(value, t.unit)} is more than all {head} staff together could give over the term."
        )
    if t.key in ("apprenticeship_weeks", "apprentice_starts") and facts.weeks < 52:
        t.flags.append(
            f"An apprenticeship lasts at least a year; this contract runs "
            f"{facts.weeks:.0f} weeks, so the apprenticeship outlasts it: count only "
            "the weeks on this contract."
        )
    quarters = math.ceil(facts.years * 4 - 0.01)
    late = [q for q in t.milestones if q > quarters]
    if late:
        t.flags.append(f"Milestone Q{max(late)} falls after the contract ends (Q{quarters}).")
    if t.unit == "%" or not (facts.value_m and facts.turnover_m):
        return
    if usual_per_year:
        usual = usual_per_year / facts.turnover_m  # per £1m of turnover a year
        offered = value / facts.value_m  # per £1m of this contract
        if offered > INTENSITY_LIMIT * usual:
            t.flags.append(
                f"{amount(value, t.unit)} is {offered / usual:.1f} times your usual "
                f"intensity ({amount(round(usual, 1), t.unit)} per £1m of turnover a "
                "year)."
            )
    elif not t.committed:
        t.flags.append(f"You have no {t.name.lower()} recorded in the last twelve months.")


def targets(facts: TenderFacts) -> dict[str, Target]:
    """Every target a draft may offer: the bid's commitments first, then run-rate proposals."""
    out: dict[str, Target] = {}
    for c in facts.commitments:
        rate = facts.run_rates.get(c.key)
        basis = (
            f"{amount(c.yearly, c.unit)} a year over the {facts.years:.1f}-year term"
            if c.basis == "per_year" and c.unit != "%"
            else "the commitment's term target"
        )
        t = Target(
            c.key,
            c.name,
            c.unit,
            c.term_target,
            c.term_target,
            c.source,
            basis,
            True,
            dict(c.milestones),
            c.owner,
            c.method,
        )
        _checks(facts, t, rate.quantity if rate else None)
        out[c.key] = t
    for key, rate in facts.run_rates.items():
        if key in out:
            continue
        if rate.unit == "%":
            t = Target(
                key,
                rate.name,
                rate.unit,
                rate.quantity,
                rate.quantity,
                rate.source,
                "the level in your records over the last twelve months",
            )
        else:
            scaled = rate.quantity * facts.share
            t = Target(
                key,
                rate.name,
                rate.unit,
                _nice(scaled * 1.05, rate.unit),
                _nice(scaled * 1.4, rate.unit),
                rate.source,
                f"{amount(round(rate.quantity, 1), rate.unit)} in the last twelve "
                f"months, scaled to this contract's value and length",
            )
        _checks(facts, t, rate.quantity)
        out[key] = t
    for key, unit, name in (
        ("apprentice_starts", "apprentices", "New apprentices"),
        ("new_jobs", "jobs", "New jobs"),
    ):
        n, source = facts.counts.get(key, (0, ""))
        if n and not (key in out and out[key].committed):  # a commitment made stands
            scaled = max(1.0, round(n * facts.share))
            t = Target(
                key, name, unit, scaled, scaled, source, f"{amount(n, unit)} in the last twelve months"
            )
            _checks(facts, t, float(n))
            out[key] = t
    return out


__all__ = ["Target", "amount", "targets"]
