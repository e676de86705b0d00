"""The counting rules for employment (DOMAIN.md section 3): local FTE-years pro-rated by time
on the contract, priority-group hires in their first year only and under one group, and the
share of the workforce paid the Real Living Wage. Pure functions over JobSpell records, with the
shared Contribution and Count of svdesk.calc.counting (see its docstring for the shared
arguments: period, terms, today, year_start_month)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from svdesk.calc.counting import Contribution, Count, Terms, _not_additional, _share, _window
from svdesk.calc.time_spans import ONE_DAY, Window, add_years


@dataclass(slots=True)
class JobSpell:
    """One person's employment on one contract (or on none: contract_id None). Treat as read
    only; not frozen because one is built per person and assignment for every count, and a
    frozen dataclass builds several times slower."""

    person_ref: str
    contract_id: int | None
    start: date
    end: date | None  # last day employed; None = still employed
    weekly_hours: float
    full_time_hours: float
    time_share: float = 1.0  # share of their working time spent on this contract
    local: bool | None = None  # None = postcode unknown: never counted as local
    priority_group: str | None = None
    hire_date: date | None = None  # defaults to start
    additional: bool | None = True  # None = not yet answered: listed, not claimed
    attribution: float = 1.0
    # True/False when known from the employment contract; None = judge from start/end dates
    year_or_longer: bool | None = None
    hourly_pay_pence: int | None = None
    living_wage_pence: int | None = None  # Real Living Wage in force for this spell (UK/London)
    ref: str = ""  # record reference; defaults to person_ref
    label: str = ""  # how the drill-down names it (no personal data)
    evidenced: bool | None = None  # True/False when the source knows if evidence backs it
    new_job: bool = False  # a job created (not one kept on): counted once, when hired
    # Worked out once here, not on each read: counting reads them for every period.
    # fte is capped at 1: a person is at most one full-time equivalent, however long they work.
    fte: float = field(init=False, repr=False, compare=False)
    record_ref: str = field(init=False, repr=False, compare=False)  # ref, or else person_ref

    def __post_init__(self):
        _share(self.time_share, "time_share")
        _share(self.attribution, "attribution")
        if self.full_time_hours <= 0 or self.weekly_hours < 0:
            raise ValueError("Hours must be positive.")
        self.fte = min(1.0, self.weekly_hours / self.full_time_hours) * self.time_share
        self.record_ref = self.ref or self.person_ref


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
        self._scales: dict[int, _YearScale] = {}
        self._tables: dict[int, list] = {}
        self._local: dict = {}
        self._pay: list[tuple[Mapping | None, list[bool | None]]] = []

    def of_contract(self, contract_id: int | None) -> Spells:
        """The spells on one contract, without working the overlaps out again (they are
        worked out per person and contract already)."""
        out = Spells(())
        out.spells = [s for s in self.spells if s.contract_id == contract_id]
        out.items = [item for item in self.items if item[0].contract_id == contract_id]
        out.earliest = min((s.start for s in out.spells), default=None)
        return out

    def scale(self, year_start_month: int) -> _YearScale:
        if year_start_month not in self._scales:
            self._scales[year_start_month] = _YearScale(year_start_month)
        return self._scales[year_start_month]

    def table(self, year_start_month: int) -> list[tuple[JobSpell, int, int, float, float]]:
        """items with each spell's place on the year scale: (spell, first, last, the scale at
        the day before its first day, the scale at its last day). Built once, read for every
        period: a spell's years inside a period are then one subtraction."""
        if year_start_month not in self._tables:
            at = self.scale(year_start_month).at
            # a start or end from _FAR on is after today: never inside a period, never read
            self._tables[year_start_month] = [
                (
                    s,
                    start,
                    end,
                    at(start - 1) if start <= end and start < _FAR else 0.0,
                    at(end) if start <= end and end < _FAR else 0.0,
                )
                for s, start, end in self.items
            ]
        return self._tables[year_start_month]

    def pay_against(self, living_wage: Mapping[str, int | None] | None) -> list[bool | None]:
        """For each item, whether the pay meets the Real Living Wage (None: pay or rate not
        recorded). living_wage: the rate by record reference, else each spell's own rate; the
        answer is kept for the same mapping (one per year's rates), compared by identity."""
        for mapping, answers in self._pay:
            if mapping is living_wage:
                return answers
        answers = []
        for s, _a, _b in self.items:
            rate = s.living_wage_pence if living_wage is None else living_wage.get(s.record_ref)
            answers.append(None if s.hourly_pay_pence is None or rate is None else s.hourly_pay_pence >= rate)
        self._pay.append((living_wage, answers))
        return answers

    def claimable(self, terms: Terms | None) -> list[bool]:
        """For each item, whether its time counts as local employment (_not_local_job is None):
        it depends on the spell and its contract's term only, not on the period."""
        key = tuple(sorted(terms.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))) if terms else ()
        if key not in self._local:
            self._local[key] = [_not_local_job(s, terms) is None for s, _a, _b in self.items]
        return self._local[key]


_FAR = date(9000, 1, 1).toordinal()  # an open end (date.max) is never on the scale


class _YearScale:
    """Financial years as a number line: at(day) = whole financial years since a fixed one
    plus the share of its own financial year passed by the end of that day. The years of any
    days first..last are at(last) - at(first - 1): each whole financial year is exactly 1.0,
    and any split adds up (the same sums as time_spans.anchored_years, in one subtraction)."""

    BASE = 2000  # near the years counted: the subtraction then loses least

    def __init__(self, year_start_month: int):
        self.month = year_start_month
        self._years: dict[int, tuple[int, int]] = {}
        self._first = date(1, year_start_month, 1).toordinal()  # year 1's financial year

    def _year(self, year: int) -> tuple[int, int]:
        """First day of financial year `year` and of the next, as day numbers. Past either
        end of the calendar (a 0001-01-01 "no date" start, a 9999 end) a 365-day year stands
        in, so such a placeholder never stops a count."""
        if year not in self._years:
            if year < 1:
                first, following = self._first - 365 * (1 - year), self._first - 365 * -year
            elif year >= 9999:
                first = date(9999, self.month, 1).toordinal() + 365 * (year - 9999)
                following = first + 365
            else:
                first = date(year, self.month, 1).toordinal()
                following = date(year + 1, self.month, 1).toordinal()
            self._years[year] = (first, following)
        return self._years[year]

    def at(self, day: int) -> float:
        if day < self._first:
            year = 0
        else:
            d = date.fromordinal(min(day, date.max.toordinal()))
            year = d.year if d.month >= self.month else d.year - 1
        first, following = self._year(year)
        return (year - self.BASE) + (day - first + 1) / (following - first)


def _start(s: JobSpell) -> date:
    return s.start


def _spells(spells: Iterable[JobSpell] | Spells) -> Spells:
    return spells if isinstance(spells, Spells) else Spells(spells)


def _period_bounds(spells: Spells, period: Window, terms: Terms | None, today: date, year_start_month: int):
    """A function giving, for a contract, (first day, last day, scale at the day before the
    first, scale at the last) of the period inside its term and up to today, or None when no
    day of the period counts."""
    at = spells.scale(year_start_month).at
    bounds: dict[int | None, tuple | None] = {}
    last_day = today.toordinal()

    def of(cid):
        if cid not in bounds:
            window = _window(period, terms, cid)
            # asked only for the contracts of spells in the table, so there is an earliest start
            earliest = window.start or spells.earliest
            assert earliest is not None
            first = earliest.toordinal()
            last = min(window.end.toordinal(), last_day) if window.end else last_day
            bounds[cid] = (first, last, at(first - 1), at(last)) if first <= last else None
        return bounds[cid]

    return of


def _spans(spells: Spells, period: Window, terms: Terms | None, today: date, year_start_month: int):
    """(index, spell, years of it inside the period, its contract term and today) for each
    spell with days there, in order; (index, spell, None) for a spell another one covered
    already. index is the spell's place in spells.items."""
    for i, s, _flag, years in _walk(spells, None, period, terms, today, year_start_month):
        yield i, s, years


def _walk(
    spells: Spells,
    flags: list | None,
    period: Window,
    terms: Terms | None,
    today: date,
    year_start_month: int,
):
    """(index, spell, its flag, years inside the period) for each spell with days in the
    period. flags None: every spell, and (index, spell, None, None) for one another covered
    already. flags given: only the spells whose flag is not None, skipped before any date
    arithmetic (the figures-only sums run for every commitment quarter)."""
    bounds = _period_bounds(spells, period, terms, today, year_start_month)
    for i, (s, start, end, at_start, at_end) in enumerate(spells.table(year_start_month)):
        flag = None if flags is None else flags[i]
        if flags is not None and flag is None:
            continue
        if start > end:
            if flags is None:
                yield i, s, None, None
            continue
        b = bounds(s.contract_id)
        if b is None:
            continue
        lo, hi, at_lo, at_hi = b
        if (end if end < hi else hi) < (start if start > lo else lo):
            continue  # outside this period: not part of this figure at all
        yield i, s, flag, (at_end if end < hi else at_hi) - (at_start if start > lo else at_lo)


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


def local_fte_years(
    spells: Iterable[JobSpell] | Spells,
    period: Window,
    terms: Terms | None = None,
    today: date | None = None,
    year_start_month: int = 4,
) -> Count:
    """FTE-years of local employment: FTE x years inside the term and period, every year.

    10 full-time + 5 half-time local staff for a whole 2-year contract = 12.5 x 2 = 25.
    """
    count = Count()
    spells = _spells(spells)
    claimable = spells.claimable(terms)
    for i, s, years in _spans(spells, period, terms, today or date.today(), year_start_month):
        ref = s.record_ref
        if years is None:
            count.add(
                Contribution(
                    ref,
                    0.0,
                    False,
                    "Overlaps another record for the same person: counted once.",
                    None,
                    s.evidenced,
                    s.label,
                )
            )
            continue
        if claimable[i]:
            fte = s.fte * s.attribution
            count.add(
                Contribution(
                    ref, fte * years, True, f"{fte:.2f} FTE x {years:.2f} years", None, s.evidenced, s.label
                )
            )
        else:
            count.add(
                Contribution(
                    ref,
                    0.0,
                    False,
                    _not_local_job(s, terms) or "",  # not claimable: there is a reason
                    None,
                    s.evidenced,
                    s.label,
                    unclaimed=s.fte * s.attribution * years
                    if not s.additional
                    and s.local
                    and _long_enough(s, terms.get(s.contract_id) if terms else None)
                    else 0.0,
                )
            )
    return count


def local_fte_years_total(
    spells: Iterable[JobSpell] | Spells,
    period: Window,
    terms: Terms | None = None,
    today: date | None = None,
    year_start_month: int = 4,
) -> tuple[float, int]:
    """local_fte_years' figure and records claimed, without the per-record detail: the same
    sum in the same order, for periods whose records nobody is shown (commitment quarters)."""
    spells = _spells(spells)
    claimable = [True if c else None for c in spells.claimable(terms)]
    total, records = 0.0, 0
    for _i, s, _claim, years in _walk(
        spells, claimable, period, terms, today or date.today(), year_start_month
    ):
        total += s.fte * s.attribution * years
        records += 1
    return total, records


def priority_group_hires(
    spells: Iterable[JobSpell] | Spells, period: Window, terms: Terms | None = None
) -> Count:
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
        assert group  # only spells with a priority group are walked
        if not period.contains(hired):
            continue  # hired in another period: counts there, or (first year only) nowhere
        if s.person_ref in counted:
            reason = f"Already counted as a hire under “{counted[s.person_ref]}”: one group only."
        elif term is not None and term.start and hired < term.start:
            reason = "Hired before the contract began."
        elif not window.contains(hired):
            reason = "Hired after the contract ended."
        elif not s.additional:
            reason = _not_additional(s.additional)
        else:
            counted[s.person_ref] = group
            count.add(
                Contribution(
                    ref, s.attribution, True, f"Hired {hired.isoformat()}", group, s.evidenced, s.label
                )
            )
            continue
        count.add(Contribution(ref, 0.0, False, reason, group, s.evidenced, s.label))
    return count


def new_jobs(spells: Iterable[JobSpell] | Spells, period: Window, terms: Terms | None = None) -> Count:
    """New jobs created on the contract, as a count of people (not FTE): each person once, in
    the period holding the hire date, and only when hired during the contract (a person hired
    before it began kept their job; that is not a job the contract created). Shown by whether
    the person is local to the contract."""
    count = Count()
    counted: set[str] = set()
    spells = spells.spells if isinstance(spells, Spells) else spells
    for s in sorted((s for s in spells if s.new_job), key=lambda x: x.hire_date or x.start):
        hired = s.hire_date or s.start
        if not period.contains(hired):
            continue  # counted in the period that holds the hire date, never again
        term = terms.get(s.contract_id) if terms else None
        groups: dict[bool | None, str] = {True: "Local", False: "Not local"}
        group = groups.get(s.local, "Local not known")
        if s.person_ref in counted:
            reason = "Already counted as a new job: one person is one job."
        elif term is not None and term.start and hired < term.start:
            reason = "Hired before the contract began."
        elif not _window(period, terms, s.contract_id).contains(hired):
            reason = "Hired after the contract ended."
        elif not s.additional:
            reason = _not_additional(s.additional)
        else:
            counted.add(s.person_ref)
            count.add(
                Contribution(
                    s.record_ref,
                    s.attribution,
                    True,
                    f"Hired {hired.isoformat()}",
                    group,
                    s.evidenced,
                    s.label,
                )
            )
            continue
        count.add(Contribution(s.record_ref, 0.0, False, reason, group, s.evidenced, s.label))
    return count


@dataclass
class WageShare:
    share: float | None  # None when nobody's pay is known
    paid_fte_years: float
    all_fte_years: float
    contributions: list[Contribution]
    records: int = 0  # people whose paid time counts (weight above 0)


def real_living_wage_share(
    spells: Iterable[JobSpell] | Spells,
    period: Window,
    terms: Terms | None = None,
    today: date | None = None,
    year_start_month: int = 4,
    living_wage: Mapping[str, int | None] | None = None,
    detail: bool = True,
) -> WageShare:
    """FTE-years paid at least the Real Living Wage / all FTE-years on the contract (local or
    not). People with no pay or rate recorded are listed and left out of both sides.

    living_wage: the rate for each spell by record reference, instead of the spells' own
    living_wage_pence (the rate changes each year: one set of spells serves every year).
    detail=False leaves out the per-record list (same sums, for periods nobody drills into)."""
    spells = _spells(spells)
    today = today or date.today()
    pay = spells.pay_against(living_wage)
    if not detail:
        return _wage_totals(spells, pay, period, terms, today, year_start_month)
    paid = total = 0.0
    records = 0
    items: list[Contribution] = []
    for i, s, years in _spans(spells, period, terms, today, year_start_month):
        if years is None:
            continue
        meets = pay[i]
        if meets is None:
            items.append(
                Contribution(s.record_ref, 0.0, False, "Pay or wage rate not recorded.", label=s.label)
            )
            continue
        weight = s.fte * years
        total += weight
        records += weight > 0
        if meets:
            paid += weight
        # pay is shown by payroll, not the person's files: no evidence flag
        items.append(
            Contribution(
                s.record_ref,
                weight,
                meets,
                "At or above the Real Living Wage" if meets else "Below the Real Living Wage",
                label=s.label,
            )
        )
    return WageShare(paid / total if total else None, paid, total, items, records)


def _wage_totals(
    spells: Spells,
    pay: list[bool | None],
    period: Window,
    terms: Terms | None,
    today: date,
    year_start_month: int,
) -> WageShare:
    """real_living_wage_share's sums without the list (every commitment quarter)."""
    paid = total = 0.0
    records = 0
    for _i, s, meets, years in _walk(spells, pay, period, terms, today, year_start_month):
        weight = s.fte * years
        total += weight
        records += weight > 0
        if meets:
            paid += weight
    return WageShare(paid / total if total else None, paid, total, [], records)


__all__ = [
    "JobSpell",
    "Spells",
    "WageShare",
    "local_fte_years",
    "local_fte_years_total",
    "priority_group_hires",
    "real_living_wage_share",
]
