"""The government payment performance test (PPN 018) from the spend lines' invoice and paid dates.

Per six-month period (the two halves of the organisation's financial year, as the Reporting on
Payment Practices periods run), the invoices paid in that period: the share paid within 30 and
within 60 days of the invoice date, and the average days to pay. The test is met with at least
95% paid within 60 days and an average of 45 days or less; at 90% to 95% (average still 45
days or less) the buyer can accept an action plan instead, which is drafted here from the
figures. Below that, or with a longer average, the test is failed (the plan is still drafted:
it is what the firm would have to do).

An invoice is the lines of one supplier with the same reference, invoice date and paid date
(accounting exports list each item of a bill as a line); a line with no reference is its own
invoice. A line without both an invoice date and a paid date is never guessed: it is counted
in the period of whichever date it has (its spend date otherwise) and named in `missing`.
Days to pay are the paid date minus the invoice date, as the spend analysis counts them.

Organisation-wide on purpose: the test is about how the firm pays its own suppliers, not one
contract. Core code: no Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from svdesk.calc.periods import Period, _add_months, _month_end
from svdesk.db.dialect_sql import binary_order, days_sql, month_number_sql
from svdesk.db.engine import driver_rows
from svdesk.services.organisation import get_organisation
from svdesk.services.store import Store

WITHIN_60_PASS = 0.95  # at least this share of invoices paid within 60 days
WITHIN_60_ACTION_PLAN = 0.90  # from this share up to the pass mark: an action plan will do
AVERAGE_DAYS_MAX = 45.0  # and an average of at most this many days
MISSING_NAMED = 50  # lines without both dates named one by one (the rest counted)

RESULT_LABELS = {
    "pass": "Meets the payment test",
    "action_plan": "Action plan needed (90% to 95% within 60 days)",
    "fail": "Does not meet the payment test",
    "no_data": "No invoices with both dates",
}

_BOTH = "invoice_date IS NOT NULL AND paid_date IS NOT NULL"


@dataclass(frozen=True)
class MissingLine:
    """A spend line the test cannot use, named so the user can fill in its dates."""

    line_id: int
    supplier: str
    reference: str
    spend_date: date
    missing: str  # "invoice date", "paid date" or "invoice and paid dates"


@dataclass
class PaymentPeriod:
    period: Period
    complete: bool  # the period has ended (a part period is shown, not judged)
    invoices: int = 0  # invoices with both dates, paid in the period
    within_30: int = 0
    within_60: int = 0
    day_sum: float = 0.0
    lines_missing_dates: int = 0

    @property
    def share_within_30(self) -> float | None:
        return self.within_30 / self.invoices if self.invoices else None

    @property
    def share_within_60(self) -> float | None:
        return self.within_60 / self.invoices if self.invoices else None

    @property
    def average_days(self) -> float | None:
        return round(self.day_sum / self.invoices, 1) if self.invoices else None

    @property
    def result(self) -> str:
        return payment_test_result(self.share_within_60, self.average_days)

    @property
    def action_plan(self) -> str:
        return draft_action_plan(self) if self.result in ("action_plan", "fail") else ""


@dataclass
class PaymentPerformance:
    periods: list[PaymentPeriod] = field(default_factory=list)  # oldest first
    lines_missing_dates: int = 0
    missing: list[MissingLine] = field(default_factory=list)  # the first MISSING_NAMED
    late_suppliers: list[tuple[str, int]] = field(default_factory=list)  # paid after 60 days

    @property
    def latest(self) -> PaymentPeriod | None:
        """The latest complete period with invoices: the one a buyer asks about."""
        done = [p for p in self.periods if p.complete and p.invoices]
        return done[-1] if done else None


def payment_test_result(share_within_60: float | None, average_days: float | None) -> str:
    if share_within_60 is None or average_days is None:
        return "no_data"
    if average_days > AVERAGE_DAYS_MAX:
        return "fail"
    if share_within_60 >= WITHIN_60_PASS:
        return "pass"
    if share_within_60 >= WITHIN_60_ACTION_PLAN:
        return "action_plan"
    return "fail"


def half_years(start_month: int, first: date, last: date) -> list[Period]:
    """The six-month halves of the financial year (starting start_month) from first to last."""
    months_in = (first.year * 12 + first.month - start_month) % 6
    start = _add_months(date(first.year, first.month, 1), -months_in)
    out = []
    while start <= last:
        end = _month_end(_add_months(start, 5))
        out.append(Period(f"{start.strftime('%b %Y')} – {end.strftime('%b %Y')}", start, end))
        start = _add_months(start, 6)
    return out


def _pct(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.1f}%"


def draft_action_plan(p: PaymentPeriod, late_suppliers: Sequence[tuple[str, int]] = ()) -> str:
    """A plan the firm can edit and send: what the figures were, what it will do, by when."""
    nxt = _month_end(_add_months(p.period.end, 6))
    gap = []
    if p.share_within_60 is not None and p.share_within_60 < WITHIN_60_PASS:
        short = max(0, round(WITHIN_60_PASS * p.invoices) - p.within_60)
        gap.append(
            f"{_pct(p.share_within_60)} of invoices were paid within 60 days against "
            f"the 95% required ({short} more invoice{'s' if short != 1 else ''} on time "
            "would have met it)"
        )
    if p.average_days is not None and p.average_days > AVERAGE_DAYS_MAX:
        gap.append(
            f"invoices took {p.average_days:.1f} days on average to pay against the "
            f"{AVERAGE_DAYS_MAX:.0f} days allowed"
        )
    late = ", ".join(f"{name} ({n})" for name, n in late_suppliers[:5])
    steps = [
        "Approve every invoice within 10 working days of receipt, with a named approver and "
        "a deputy for absences.",
        "Run supplier payments weekly instead of monthly, so an approved invoice waits no "
        "more than seven days.",
        "Each week, list invoices more than 30 days old and chase their approval.",
        "Agree payment terms of 30 days or less with every new supplier and record them.",
        "Check these figures monthly; the director reviews them every quarter.",
    ]
    if late:
        steps.insert(2, f"Settle the disputes or queries behind the late invoices first: {late}.")
    text = (
        f"Payment performance action plan. In {p.period.label}, {'; '.join(gap)}. "
        f"We will take the following steps so that at least 95% of invoices are paid "
        f"within 60 days, with an average of {AVERAGE_DAYS_MAX:.0f} days or less, by the "
        f"end of {nxt.strftime('%B %Y')}: "
    )
    return text + " ".join(f"({n}) {s}" for n, s in enumerate(steps, start=1))


def payment_performance(
    store: Store, start: date | None = None, end: date | None = None, today: date | None = None
) -> PaymentPerformance:
    """The test per six-month period that overlaps start..end (all periods with spend when
    not given), organisation-wide."""
    today = today or date.today()
    org = get_organisation(store)
    start_month = org.year_start_month if org else 4
    day = "coalesce(paid_date, invoice_date, spend_date)"
    where: list[str] = []
    params: dict[str, object] = {"sm": start_month}
    if start:
        where.append(f"{day} >= :start")
        params["start"] = start.isoformat()
    if end:
        where.append(f"{day} <= :end")
        params["end"] = end.isoformat()
    cond = f"WHERE {' AND '.join(where)}" if where else ""
    out = PaymentPerformance()
    with store.read() as s:
        conn = s.connection()
        dialect = conn.dialect.name
        sqlite = dialect == "sqlite"
        half = f"(({month_number_sql(day, dialect)} - :sm) / 6)"  # truncated, on both stores
        days = days_sql("paid_date", "invoice_date", dialect)  # from invoice to payment
        span = driver_rows(conn, f"SELECT min({day}), max({day}) FROM spend_line {cond}", params)[0]
        if span[0] is None:
            return out
        first, last = date.fromisoformat(span[0]), date.fromisoformat(span[1])
        # One row per invoice, then per half. The halves lead the grouping so that SQLite scans
        # the table in its own order: led by supplier_id it walked the supplier index and
        # fetched the million lines one by one (4-6 s on the ten-year database; issue #23
        # point 2). A line's half is that of its own date, so a line missing a date counts in
        # the half of the date it has (an invoice with both dates has one half: its paid date).
        invoices = driver_rows(
            conn,
            f"""
            WITH inv AS (
                SELECT {half} AS h, {days} AS days, count(*) AS n
                FROM spend_line {cond}
                GROUP BY h, supplier_id, reference, CASE WHEN reference = '' THEN id END,
                         invoice_date, paid_date)
            SELECT h, count(days), count(CASE WHEN days <= 30 THEN 1 END),
                   count(CASE WHEN days <= 60 THEN 1 END), coalesce(sum(days), 0),
                   coalesce(sum(CASE WHEN days IS NULL THEN n END), 0)
            FROM inv GROUP BY h""",
            params,
        )
        gaps = (
            "CASE WHEN invoice_date IS NULL AND paid_date IS NULL THEN "
            "'invoice and paid dates' WHEN invoice_date IS NULL THEN 'invoice date' "
            "ELSE 'paid date' END"
        )
        missing_cond = f"{cond} {'AND' if cond else 'WHERE'} NOT ({_BOTH})"
        # "+sl.spend_date" (SQLite): scan the table and sort the few lines found, not walk the
        # date index and fetch every line in date order (0.5 s at a million lines).
        named = driver_rows(
            conn,
            f"""
            SELECT sl.id, s.name, sl.reference, sl.spend_date, {gaps}
            FROM spend_line sl JOIN supplier s ON s.id = sl.supplier_id
            {missing_cond}
            ORDER BY {"+" if sqlite else ""}sl.spend_date, sl.id LIMIT {MISSING_NAMED}""",
            params,
        )
        # Counted per supplier over one scan of the table, then named: joined first, SQLite
        # looked each supplier's lines up through its index (1.5 s at a million lines).
        late = driver_rows(
            conn,
            f"""
            SELECT s.name, late.n FROM (
                SELECT supplier_id, count(DISTINCT CASE WHEN reference != '' THEN reference
                                                   ELSE '#' || id END) AS n
                FROM spend_line
                {cond} {"AND" if cond else "WHERE"} {_BOTH} AND {days} > 60
                GROUP BY {"+" if sqlite else ""}supplier_id) AS late
            JOIN supplier s ON s.id = late.supplier_id
            ORDER BY 2 DESC, {binary_order("s.name", dialect)} LIMIT 10""",
            params,
        )
    by_half = {row[0]: row[1:] for row in invoices}
    for period in half_years(start_month, start or first, end or last):
        h = (period.start.year * 12 + period.start.month - start_month) // 6
        p = PaymentPeriod(period, complete=period.end < today)
        n, w30, w60, days, missing = by_half.get(h, (0, 0, 0, 0.0, 0))
        p.invoices, p.within_30, p.within_60, p.day_sum = n, w30, w60, float(days)
        p.lines_missing_dates = missing
        out.periods.append(p)
    out.lines_missing_dates = sum(p.lines_missing_dates for p in out.periods)
    out.missing = [MissingLine(i, name, ref, date.fromisoformat(d), what) for i, name, ref, d, what in named]
    out.late_suppliers = [(name, n) for name, n in late]
    return out


def action_plan_for(perf: PaymentPerformance, p: PaymentPeriod) -> str:
    """The drafted plan for one period, naming the suppliers most often paid late."""
    if p.result not in ("action_plan", "fail"):
        return ""
    return draft_action_plan(p, perf.late_suppliers)


def as_json(perf: PaymentPerformance) -> dict:
    """The `payment` block of `svdesk report --json` (docs/report-json.md)."""

    def share(x):
        return None if x is None else round(x, 4)

    latest = perf.latest
    return {
        "periods": [
            {
                "from": p.period.start.isoformat(),
                "to": p.period.end.isoformat(),
                "complete": p.complete,
                "invoices": p.invoices,
                "within_30_days": p.within_30,
                "within_60_days": p.within_60,
                "share_within_30_days": share(p.share_within_30),
                "share_within_60_days": share(p.share_within_60),
                "average_days_to_pay": p.average_days,
                "lines_missing_dates": p.lines_missing_dates,
                "result": p.result,
                "action_plan": action_plan_for(perf, p) or None,
            }
            for p in perf.periods
        ],
        "latest_complete": None
        if latest is None
        else {
            "from": latest.period.start.isoformat(),
            "to": latest.period.end.isoformat(),
            "result": latest.result,
        },
        "lines_missing_dates": perf.lines_missing_dates,
        "missing": [
            {
                "line_id": m.line_id,
                "supplier": m.supplier,
                "reference": m.reference,
                "date": m.spend_date.isoformat(),
                "missing": m.missing,
            }
            for m in perf.missing
        ],
        "test": {
            "within_60_days_pass": WITHIN_60_PASS,
            "within_60_days_action_plan": WITHIN_60_ACTION_PLAN,
            "average_days_max": AVERAGE_DAYS_MAX,
        },
    }
