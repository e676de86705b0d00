"""The counting rules of DOMAIN.md section 3, applied in one place, as pure functions.

Inputs are plain dataclasses (not ORM rows) so that the people, activity, spend and environment
areas can map their own rows to them. Every function returns a Count: the claimed quantity plus
one Contribution per record it looked at, including records it did NOT claim (not additional,
not local, counted already ...) with the reason in words, so every figure can be traced back to
the records behind it and nothing is silently dropped.

Shared arguments:
  period  the reporting period (a Window; open ends allowed)
  terms   {contract id: contract term Window}; a record only counts inside its contract's term
  today   where an open-ended record stops when the period is open too (nothing counts ahead)
  year_start_month  the organisation's financial year start: years are counted so that each
          whole financial year is exactly 1.0 and any split adds up (time_spans.anchored_years)

Rules applied everywhere: a record marked not additional is listed but not claimed; the
attribution share (0-1, for an activity serving several contracts) multiplies what is claimed;
the same record reference appearing twice is counted once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Mapping

from svdesk.calc.time_spans import ONE_DAY, Window, add_years, clip, years_between  # noqa: F401

Terms = Mapping[int | None, Window]
WEEKS_PER_YEAR = 52  # TOMs practice: 52 weeks = one full-time apprentice for a year


def _share(value: float, name: str) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1, not {value}.")


@dataclass(frozen=True)
class Contribution:
    ref: str                 # the record's reference, for the drill-down
    quantity: float          # what it adds to the claimed figure (0 when not claimed)
    claimed: bool
    reason: str = ""         # how it was counted, or why it was not
    group: str | None = None  # breakdown key (priority group, level ...)
    # True/False when the source knows whether evidence backs this record; None = not known.
    # Sources fill it in (dataclasses.replace) after counting; the dashboard reports coverage.
    evidenced: bool | None = None
    label: str = ""           # how the drill-down names the record (no personal data); ref if ""


def evidence_coverage(contributions: Iterable[Contribution]) -> float | None:
    """Share of the claimed quantity backed by evidence; None when no record says either way."""
    known = [c for c in contributions if c.claimed and c.evidenced is not None]
    total = sum(c.quantity for c in known)
    if not known or total <= 0:
        return None
    return sum(c.quantity for c in known if c.evidenced) / total


@dataclass
class Count:
    quantity: float = 0.0
    contributions: list[Contribution] = field(default_factory=list)

    def add(self, c: Contribution) -> None:
        self.contributions.append(c)
        if c.claimed:
            self.quantity += c.quantity

    @property
    def claimed(self) -> list[Contribution]:
        return [c for c in self.contributions if c.claimed]

    @property
    def excluded(self) -> list[Contribution]:
        return [c for c in self.contributions if not c.claimed]

    @property
    def records(self) -> int:
        return len(self.claimed)

    @property
    def breakdown(self) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for c in self.claimed:
            if c.group:
                out[c.group] += c.quantity
        return dict(out)


def _not_additional(value: bool | None) -> str:
    if value is None:
        return "Not yet confirmed as additional: listed, not claimed."
    return "Marked not additional: listed, not claimed."


def _window(period: Window, terms: Terms | None, contract_id: int | None,
            cache: dict | None = None) -> Window:
    if cache is not None and contract_id in cache:
        return cache[contract_id]
    window = period.intersect(terms.get(contract_id) if terms else None)
    if cache is not None:
        cache[contract_id] = window
    return window


def _seen(seen: set, ref: str, count: Count, group: str | None = None) -> bool:
    """True (and the duplicate listed) when ref was counted already."""
    if ref in seen:
        count.add(Contribution(ref, 0.0, False, "Listed twice: counted once only.", group))
        return True
    seen.add(ref)
    return False


# --- employment -----------------------------------------------------------------------------

@dataclass(frozen=True)
class JobSpell:
    """One person's employment on one contract (or on none: contract_id None)."""

    person_ref: str
    contract_id: int | None
    start: date
    end: date | None            # last day employed; None = still employed
    weekly_hours: float
    full_time_hours: float
    time_share: float = 1.0     # share of their working time spent on this contract
    local: bool | None = None   # None = postcode unknown: never counted as local
    priority_group: str | None = None
    hire_date: date | None = None  # defaults to start
    additional: bool | None = True   # None = not yet answered: listed, not claimed
    attribution: float = 1.0
    # True/False when known from the employment contract; None = judge from start/end dates
    year_or_longer: bool | None = None
    hourly_pay_pence: int | None = None
    living_wage_pence: int | None = None  # Real Living Wage in force for this spell (UK/London)
    ref: str = ""               # record reference; defaults to person_ref
    label: str = ""             # how the drill-down names it (no personal data)
    evidenced: bool | None = None  # True/False when the source knows if evidence backs it
    # Worked out once here, not on each read: counting reads them for every period.
    # fte is capped at 1: a person is at most one full-time equivalent, however long they work.
    fte: float = field(init=False, repr=False, compare=False)
    record_ref: str = field(init=False, repr=False, compare=False)  # ref, or else person_ref

    def __post_init__(self):
        _share(self.time_share, "time_share")
        _share(self.attribution, "attribution")
        if self.full_time_hours <= 0 or self.weekly_hours < 0:
            raise ValueError("Hours must be positive.")
        object.__setattr__(self, "fte", min(1.0, self.weekly_hours / self.full_time_hours)
                           * self.time_share)
        object.__setattr__(self, "record_ref", self.ref or self.person_ref)


class Spells:
    """Job spells with the days an earlier spell of the same person on the same contract already
    covers taken off (a duplicated payroll import counts once), worked out once so that many
    periods can be counted from them: the figures and every quarter of a commitment."""

    def __init__(self, spells: Iterable[JobSpell]):
        self.spells = list(spells)
        by_person: dict[tuple, list[JobSpell]] = defaultdict(list)
        for s in self.spells:
            by_person[(s.person_ref, s.contract_id)].append(s)
        # (spell, first day, last day) as day ordinals; first > last: wholly covered already
        self.items: list[tuple[JobSpell, int, int]] = []
        for group in by_person.values():
            covered: int | None = None
            for s in sorted(group, key=_start) if len(group) > 1 else group:
                end = (s.end or date.max).toordinal()
                start = s.start.toordinal()
                if covered is not None and start <= covered:
                    start = covered + 1
                self.items.append((s, start, end))
                covered = end if covered is None else max(covered, end)
        self.earliest = min((s.start for s in self.spells), default=None)

    def of_contract(self, contract_id: int | None) -> "Spells":
        """The spells on one contract, without working the overlaps out again (they are
        worked out per person and contract already)."""
        out = Spells(())
        out.spells = [s for s in self.spells if s.contract_id == contract_id]
        out.items = [item for item in self.items if item[0].contract_id == contract_id]
        out.earliest = min((s.start for s in out.spells), default=None)
        return out


def _start(s: JobSpell) -> date:
    return s.start


def _spells(spells: Iterable[JobSpell] | Spells) -> Spells:
    return spells if isinstance(spells, Spells) else Spells(spells)


def _fy_pieces(first: int, last: int, year_start_month: int) -> list[tuple[int, int, int]]:
    """Days first..last (ordinals) split at financial years: (first, last, days in its year)."""
    out = []
    day = date.fromordinal(first)
    year = day.year if day.month >= year_start_month else day.year - 1
    while True:
        fy_start = date(year, year_start_month, 1).toordinal()
        fy_next = date(year + 1, year_start_month, 1).toordinal()
        if fy_start > last:
            return out
        out.append((max(first, fy_start), min(last, fy_next - 1), fy_next - fy_start))
        year += 1


def _spans(spells: Spells, period: Window, terms: Terms | None, today: date,
           year_start_month: int):
    """(spell, years of it inside the period, its contract term and today) for each spell
    with days there, in order; (spell, None) for a spell another one covered already.

    Years are summed financial year by financial year exactly as time_spans.anchored_years
    does, on day numbers, because this runs for every person in every period counted."""
    pieces: dict[int | None, list] = {}
    last_day = today.toordinal()
    for s, start, end in spells.items:
        if start > end:
            yield s, None
            continue
        cid = s.contract_id
        if cid not in pieces:
            window = _window(period, terms, cid)
            first = (window.start or spells.earliest).toordinal()
            last = min(window.end.toordinal(), last_day) if window.end else last_day
            pieces[cid] = _fy_pieces(first, last, year_start_month) if first <= last else []
        parts = pieces[cid]
        if not parts:
            continue
        lo = start if start > parts[0][0] else parts[0][0]
        hi = end if end < parts[-1][1] else parts[-1][1]
        if hi < lo:
            continue  # outside this period: not part of this figure at all
        years = 0.0
        for a, b, days in parts:
            if b < lo:
                continue
            if a > hi:
                break
            years += ((hi if hi < b else b) - (lo if lo > a else a) + 1) / days
        yield s, years


def _long_enough(s: JobSpell, term: Window | None) -> bool:
    """Local jobs need a contract of a year or more, or one covering the whole contract term."""
    if s.year_or_longer is not None:
        return s.year_or_longer
    if s.end is None or s.end >= add_years(s.start, 1) - ONE_DAY:
        return True
    if term and term.start and term.end:
        return s.start <= term.start and s.end >= term.end
    return False


def _not_local_job(s: JobSpell, terms: Terms | None) -> str | None:
    """Why a spell's time is not local employment, or None when it is."""
    if not s.additional:
        return _not_additional(s.additional)
    if s.local is None:
        return "Postcode unknown: not counted as local."
    if not s.local:
        return "Lives outside the contract's local area."
    if not _long_enough(s, terms.get(s.contract_id) if terms else None):
        return "Employed for less than a year (and less than the whole contract)."
    return None


def local_fte_years(spells: Iterable[JobSpell] | Spells, period: Window,
                    terms: Terms | None = None, today: date | None = None,
                    year_start_month: int = 4) -> Count:
    """FTE-years of local employment: FTE x years inside the term and period, every year.

    10 full-time + 5 half-time local staff for a whole 2-year contract = 12.5 x 2 = 25.
    """
    count = Count()
    for s, years in _spans(_spells(spells), period, terms, today or date.today(),
                           year_start_month):
        ref = s.record_ref
        if years is None:
            count.add(Contribution(ref, 0.0, False, "Overlaps another record for the same "
                                   "person: counted once.", None, s.evidenced, s.label))
            continue
        reason = _not_local_job(s, terms)
        if reason is None:
            fte = s.fte * s.attribution
            count.add(Contribution(ref, fte * years, True, f"{fte:.2f} FTE x {years:.2f} years",
                                   None, s.evidenced, s.label))
        else:
            count.add(Contribution(ref, 0.0, False, reason, None, s.evidenced, s.label))
    return count


def local_fte_years_total(spells: Iterable[JobSpell] | Spells, period: Window,
                          terms: Terms | None = None, today: date | None = None,
                          year_start_month: int = 4) -> tuple[float, int]:
    """local_fte_years' figure and records claimed, without the per-record detail: the same
    sum in the same order, for periods whose records nobody is shown (commitment quarters)."""
    total, records = 0.0, 0
    for s, years in _spans(_spells(spells), period, terms, today or date.today(),
                           year_start_month):
        if years is not None and _not_local_job(s, terms) is None:
            total += s.fte * s.attribution * years
            records += 1
    return total, records


def priority_group_hires(spells: Iterable[JobSpell] | Spells, period: Window,
                         terms: Terms | None = None) -> Count:
    """Hires from priority groups: once, in the period holding the hire date (their first year
    only), under one group only, and only when hired during the contract."""
    count = Count()
    counted: dict[str, str] = {}
    spells = spells.spells if isinstance(spells, Spells) else spells
    for s in sorted((s for s in spells if s.priority_group), key=lambda x: x.hire_date or x.start):
        hired = s.hire_date or s.start
        term = terms.get(s.contract_id) if terms else None
        window = _window(period, terms, s.contract_id)
        ref, group = s.record_ref, s.priority_group
        if not period.contains(hired):
            continue  # hired in another period: counts there, or (first year only) nowhere
        if s.person_ref in counted:
            reason = (f"Already counted as a hire under “{counted[s.person_ref]}”: one group "
                      "only.")
        elif term is not None and term.start and hired < term.start:
            reason = "Hired before the contract began."
        elif not window.contains(hired):
            reason = "Hired after the contract ended."
        elif not s.additional:
            reason = _not_additional(s.additional)
        else:
            counted[s.person_ref] = group
            count.add(Contribution(ref, s.attribution, True, f"Hired {hired.isoformat()}", group,
                                   s.evidenced, s.label))
            continue
        count.add(Contribution(ref, 0.0, False, reason, group, s.evidenced, s.label))
    return count


@dataclass
class WageShare:
    share: float | None          # None when nobody's pay is known
    paid_fte_years: float
    all_fte_years: float
    contributions: list[Contribution]
    records: int = 0             # people whose paid time counts (weight above 0)


def real_living_wage_share(spells: Iterable[JobSpell] | Spells, period: Window,
                           terms: Terms | None = None, today: date | None = None,
                           year_start_month: int = 4,
                           living_wage: Mapping[str, int | None] | None = None,
                           detail: bool = True) -> WageShare:
    """FTE-years paid at least the Real Living Wage / all FTE-years on the contract (local or
    not). People with no pay or rate recorded are listed and left out of both sides.

    living_wage: the rate for each spell by record reference, instead of the spells' own
    living_wage_pence (the rate changes each year: one set of spells serves every year).
    detail=False leaves out the per-record list (same sums, for periods nobody drills into)."""
    paid = total = 0.0
    records = 0
    items: list[Contribution] = []
    for s, years in _spans(_spells(spells), period, terms, today or date.today(),
                           year_start_month):
        if years is None:
            continue
        rate = s.living_wage_pence if living_wage is None else living_wage.get(s.record_ref)
        if s.hourly_pay_pence is None or rate is None:
            if detail:
                items.append(Contribution(s.record_ref, 0.0, False,
                                          "Pay or wage rate not recorded.", label=s.label))
            continue
        weight = s.fte * years
        total += weight
        records += weight > 0
        meets = s.hourly_pay_pence >= rate
        if meets:
            paid += weight
        if detail:  # pay is shown by payroll, not the person's files: no evidence flag
            items.append(Contribution(s.record_ref, weight, meets,
                                      "At or above the Real Living Wage" if meets else
                                      "Below the Real Living Wage", label=s.label))
    return WageShare(paid / total if total else None, paid, total, items, records)


# --- weeks, days and other spans ----------------------------------------------------------------

@dataclass(frozen=True)
class SpanRecord:
    """Something delivered over a span of days: an apprenticeship, a course, a placement,
    emissions over a month. quantity is the total over [start, end]; None means "full time for
    the span" in weeks (52 a year) times fte, which is how apprenticeships are counted."""

    ref: str
    contract_id: int | None
    start: date
    end: date | None
    quantity: float | None = None
    fte: float = 1.0
    additional: bool | None = True   # None = not yet answered: listed, not claimed
    attribution: float = 1.0
    group: str | None = None

    def __post_init__(self):
        _share(self.attribution, "attribution")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"{self.ref}: the end is before the start.")
        if self.end is None and self.quantity is not None:
            raise ValueError(f"{self.ref}: a total quantity needs an end date to pro-rate over.")


def pro_rated(records: Iterable[SpanRecord], period: Window, terms: Terms | None = None,
              today: date | None = None, year_start_month: int = 4) -> Count:
    """Each record's quantity pro-rated to the days of it inside the term and the period."""
    today = today or date.today()
    count = Count()
    seen: set[str] = set()
    for r in records:
        span = clip(r.start, r.end, _window(period, terms, r.contract_id), today)
        if span.empty or span.start is None:
            continue
        if _seen(seen, r.ref, count, r.group):
            continue
        if not r.additional:
            count.add(Contribution(r.ref, 0.0, False, _not_additional(r.additional), r.group))
            continue
        if r.quantity is None:
            years = span.years(year_start_month)
            amount = years * WEEKS_PER_YEAR * r.fte
            how = f"{years:.2f} years x 52 weeks x {r.fte:.2f} FTE"
        else:
            share = span.days() / Window(r.start, r.end).days()
            amount = r.quantity * share
            how = f"{r.quantity:g} x {share:.0%} of it inside the period"
        if r.attribution < 1:
            how += f" x {r.attribution:.0%} attribution"
        count.add(Contribution(r.ref, amount * r.attribution, True, how, r.group))
    return count


# --- dated activities: sessions, volunteering, donations ------------------------------------------

@dataclass(frozen=True)
class DatedRecord:
    """Something that happened on one day: hours x people (a session, volunteering) or an
    amount in pence (a donation: quantity is then counted in pounds)."""

    ref: str
    contract_id: int | None
    day: date
    quantity: float            # hours, or pence for amounts
    people: int = 1            # attendees or staff taking part
    additional: bool | None = True   # None = not yet answered: listed, not claimed
    attribution: float = 1.0
    group: str | None = None

    def __post_init__(self):
        _share(self.attribution, "attribution")
        if self.quantity < 0 or self.people < 0:
            raise ValueError(f"{self.ref}: quantities cannot be negative.")


def _dated(records: Iterable[DatedRecord], period: Window, terms: Terms | None,
           scale: float, unit: str, today: date | None = None) -> Count:
    count = Count()
    seen: set[str] = set()
    for r in records:
        if not _window(period, terms, r.contract_id).contains(r.day):
            continue
        if _seen(seen, r.ref, count, r.group):
            continue
        if not r.additional:
            count.add(Contribution(r.ref, 0.0, False, _not_additional(r.additional), r.group))
            continue
        if today is not None and r.day > today:
            count.add(Contribution(r.ref, 0.0, False, "Dated in the future: not delivered yet.",
                                   r.group))
            continue
        amount = r.quantity * scale * r.people * r.attribution
        how = f"{r.quantity * scale:g} {unit}" + (f" x {r.people} people" if r.people != 1 else "")
        if r.attribution < 1:
            how += f" x {r.attribution:.0%} attribution"
        count.add(Contribution(r.ref, amount, True, how, r.group))
    return count


def hours_times_people(records: Iterable[DatedRecord], period: Window,
                       terms: Terms | None = None, today: date | None = None) -> Count:
    """Hours x attendees (a 2-hour session for 8 people = 16 hours), on the day it happened
    (with today given, a record dated after it is listed as not delivered yet)."""
    return _dated(records, period, terms, 1.0, "hours", today)


def dated_totals(records: Iterable[DatedRecord], period: Window, terms: Terms | None = None,
                 unit: str = "", today: date | None = None) -> Count:
    """Quantities entered by hand (a buyer's own measure), on the day given."""
    return _dated(records, period, terms, 1.0, unit, today)


def amounts_in_pounds(records: Iterable[DatedRecord], period: Window,
                      terms: Terms | None = None, today: date | None = None) -> Count:
    """Amounts given (quantity in pence) summed in pounds, times the attribution share."""
    return _dated(records, period, terms, 0.01, "GBP", today)


__all__ = ["Contribution", "Count", "evidence_coverage", "DatedRecord", "JobSpell", "SpanRecord",
           "Spells", "WageShare", "Window", "amounts_in_pounds", "dated_totals",
           "hours_times_people", "local_fte_years", "local_fte_years_total",
           "priority_group_hires", "pro_rated", "real_living_wage_share", "years_between"]
