"""The counting rules of DOMAIN.md section 3, applied in one place, as pure functions.

Inputs are plain dataclasses (not ORM rows) so that the people, activity, spend and environment
areas can map their own rows to them. Every function returns a Count: the claimed quantity plus
one Contribution per record it looked at, including records it did NOT claim (not additional,
not local, counted already ...) with the reason in words, so every figure can be traced back to
the records behind it and nothing is silently dropped. The employment rules (FTE-years,
priority-group hires, the Real Living Wage share) are in svdesk.calc.employment.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from svdesk.calc.time_spans import ONE_DAY, Window, add_years, anchored_years, clip, years_between  # noqa: F401

Terms = Mapping[int | None, Window]
WEEKS_PER_YEAR = 52  # TOMs practice: 52 weeks = one full-time apprentice for a year


def _share(value: float, name: str) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1, not {value}.")


@dataclass(slots=True)
class Contribution:
    """One record's part in a figure. Not frozen: thousands are made per count, and a frozen
    dataclass sets each field through object.__setattr__ (five times slower to build)."""

    ref: str  # the record's reference, for the drill-down
    quantity: float  # what it adds to the claimed figure (0 when not claimed)
    claimed: bool
    reason: str = ""  # how it was counted, or why it was not
    group: str | None = None  # breakdown key (priority group, level ...)
    # True/False when the source knows whether evidence backs this record; None = not known.
    # Sources fill it in (dataclasses.replace) after counting; the dashboard reports coverage.
    evidenced: bool | None = None
    label: str = ""  # how the drill-down names the record (no personal data); ref if ""
    # What a record left out for want of a yes to "additional?" would add if it were claimed
    # (documents list it as "recorded, not claimed" with its value at the proxy).
    unclaimed: float = 0.0


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


def _window(
    period: Window, terms: Terms | None, contract_id: int | None, cache: dict | None = None
) -> Window:
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


# --- weeks, days and other spans ----------------------------------------------------------------


@dataclass(slots=True)
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
    additional: bool | None = True  # None = not yet answered: listed, not claimed
    attribution: float = 1.0
    group: str | None = None

    def __post_init__(self):
        _share(self.attribution, "attribution")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"{self.ref}: the end is before the start.")
        if self.end is None and self.quantity is not None:
            raise ValueError(f"{self.ref}: a total quantity needs an end date to pro-rate over.")


def pro_rated(
    records: Iterable[SpanRecord],
    period: Window,
    terms: Terms | None = None,
    today: date | None = None,
    year_start_month: int = 4,
) -> Count:
    """Each record's quantity pro-rated to the days of it inside the term and the period."""
    today = today or date.today()
    count = Count()
    seen: set[str] = set()
    windows: dict = {}
    for r in records:
        # clip(r.start, r.end, window, today) written out: this runs for every record in
        # every period counted (thousands of emission records a quarter)
        window = _window(period, terms, r.contract_id, windows)
        end = r.end if r.end is not None and r.end <= today else today
        if window.end is not None and window.end < end:
            end = window.end
        start = r.start if window.start is None or r.start > window.start else window.start
        if end < start:
            continue
        if _seen(seen, r.ref, count, r.group):
            continue
        if r.quantity is None:
            years = anchored_years(start, end, year_start_month)
            amount = years * WEEKS_PER_YEAR * r.fte
            how = f"{years:.2f} years x 52 weeks x {r.fte:.2f} FTE"
        else:
            assert r.end is not None, "a record with a quantity is a total over known dates"
            share = ((end - start).days + 1) / ((r.end - r.start).days + 1)
            amount = r.quantity * share
            how = f"{r.quantity:g} x {share:.0%} of it inside the period"
        if not r.additional:
            count.add(
                Contribution(
                    r.ref,
                    0.0,
                    False,
                    _not_additional(r.additional),
                    r.group,
                    unclaimed=amount * r.attribution,
                )
            )
            continue
        if r.attribution < 1:
            how += f" x {r.attribution:.0%} attribution"
        count.add(Contribution(r.ref, amount * r.attribution, True, how, r.group))
    return count


# --- dated activities: sessions, volunteering, donations ------------------------------------------


@dataclass(slots=True)
class DatedRecord:
    """Something that happened on one day: hours x people (a session, volunteering) or an
    amount in pence (a donation: quantity is then counted in pounds)."""

    ref: str
    contract_id: int | None
    day: date
    quantity: float  # hours, or pence for amounts
    people: int = 1  # attendees or staff taking part
    additional: bool | None = True  # None = not yet answered: listed, not claimed
    attribution: float = 1.0
    group: str | None = None

    def __post_init__(self):
        _share(self.attribution, "attribution")
        if self.quantity < 0 or self.people < 0:
            raise ValueError(f"{self.ref}: quantities cannot be negative.")


def _dated(
    records: Iterable[DatedRecord],
    period: Window,
    terms: Terms | None,
    scale: float,
    unit: str,
    today: date | None = None,
) -> Count:
    count = Count()
    seen: set[str] = set()
    windows: dict = {}  # one per contract, not one per record
    for r in records:
        if not _window(period, terms, r.contract_id, windows).contains(r.day):
            continue
        if _seen(seen, r.ref, count, r.group):
            continue
        if not r.additional:
            count.add(
                Contribution(
                    r.ref,
                    0.0,
                    False,
                    _not_additional(r.additional),
                    r.group,
                    unclaimed=r.quantity * scale * r.people * r.attribution,
                )
            )
            continue
        if today is not None and r.day > today:
            count.add(Contribution(r.ref, 0.0, False, "Dated in the future: not delivered yet.", r.group))
            continue
        amount = r.quantity * scale * r.people * r.attribution
        how = f"{r.quantity * scale:g} {unit}" + (f" x {r.people} people" if r.people != 1 else "")
        if r.attribution < 1:
            how += f" x {r.attribution:.0%} attribution"
        count.add(Contribution(r.ref, amount, True, how, r.group))
    return count


def hours_times_people(
    records: Iterable[DatedRecord], period: Window, terms: Terms | None = None, today: date | None = None
) -> Count:
    """Hours x attendees (a 2-hour session for 8 people = 16 hours), on the day it happened
    (with today given, a record dated after it is listed as not delivered yet)."""
    return _dated(records, period, terms, 1.0, "hours", today)


def dated_totals(
    records: Iterable[DatedRecord],
    period: Window,
    terms: Terms | None = None,
    unit: str = "",
    today: date | None = None,
) -> Count:
    """Quantities entered by hand (a buyer's own measure), on the day given."""
    return _dated(records, period, terms, 1.0, unit, today)


def amounts_in_pounds(
    records: Iterable[DatedRecord], period: Window, terms: Terms | None = None, today: date | None = None
) -> Count:
    """Amounts given (quantity in pence) summed in pounds, times the attribution share."""
    return _dated(records, period, terms, 0.01, "GBP", today)


# --- things counted once, on the day they happened: starts, completions, qualifications ---------


def counted_once(
    records: Iterable[DatedRecord],
    period: Window,
    terms: Terms | None = None,
    today: date | None = None,
    what: str = "Counted",
) -> Count:
    """Each record counts once (quantity x people x the attribution share: usually one
    apprentice, one qualification), in the period that holds its day, and only when that day
    is inside its contract's term; one dated before the term began or after it ended is listed
    with the reason. `what` names the day in the drill-down ("Started", "Completed")."""
    count = Count()
    seen: set[str] = set()
    for r in records:
        if not period.contains(r.day):
            continue  # counted in the period that holds its day, never in another
        if _seen(seen, r.ref, count, r.group):
            continue
        term = terms.get(r.contract_id) if terms else None
        amount = r.quantity * r.people
        if term is not None and term.start is not None and r.day < term.start:
            reason = f"{what} {r.day.isoformat()}, before the contract began."
        elif term is not None and term.end is not None and r.day > term.end:
            reason = f"{what} {r.day.isoformat()}, after the contract ended."
        elif today is not None and r.day > today:
            reason = "Dated in the future: not happened yet."
        elif not r.additional:
            count.add(
                Contribution(
                    r.ref,
                    0.0,
                    False,
                    _not_additional(r.additional),
                    r.group,
                    unclaimed=amount * r.attribution,
                )
            )
            continue
        else:
            how = f"{what} {r.day.isoformat()}" + (f", {amount:g}" if amount != 1 else "")
            if r.attribution < 1:
                how += f" x {r.attribution:.0%} attribution"
            count.add(Contribution(r.ref, amount * r.attribution, True, how, r.group))
            continue
        count.add(Contribution(r.ref, 0.0, False, reason, r.group))
    return count


__all__ = [
    "Contribution",
    "Count",
    "evidence_coverage",
    "DatedRecord",
    "SpanRecord",
    "Terms",
    "Window",
    "amounts_in_pounds",
    "counted_once",
    "dated_totals",
    "hours_times_people",
    "pro_rated",
    "years_between",
]
