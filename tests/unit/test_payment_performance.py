"""The payment performance test (PPN 018) per six-month period, from invoice and paid dates.

Hand-made lines with known dates, whose results are worked out by hand in the comments, and
the demo database."""

import json
import uuid
from datetime import date, timedelta

import pytest

from svdesk.services.payment_performance import (
    action_plan_for,
    as_json,
    half_years,
    payment_performance,
    payment_test_result,
)

pytestmark = pytest.mark.both_stores

TODAY = date(2026, 12, 1)


@pytest.fixture
def firm(store):
    """An organisation whose financial year starts in April (halves Apr–Sep and Oct–Mar)."""
    from svdesk.services.organisation import OrganisationData, save_organisation

    save_organisation(store, OrganisationData(name="Test Joinery Ltd", postcode="M5 4WT", year_start_month=4))
    return store


def add_lines(store, rows):
    """rows: (supplier name, reference, invoice date or None, paid date or None, how many
    lines of that invoice). Written as an import batch would write them."""
    from svdesk.models import ImportBatch, SpendLine, Supplier

    with store.write() as s:
        batch = ImportBatch(kind="spend", file_name="hand.csv", file_sha256=uuid.uuid4().hex, format="test")
        s.add(batch)
        s.flush()
        suppliers = {}
        for name, ref, invoiced, paid, n in rows:
            if name not in suppliers:
                sup = Supplier(name=name, name_key=name.lower())
                s.add(sup)
                s.flush()
                suppliers[name] = sup.id
            for _ in range(n):
                s.add(
                    SpendLine(
                        supplier_id=suppliers[name],
                        spend_date=invoiced or paid,
                        invoice_date=invoiced,
                        paid_date=paid,
                        net_pence=10_000,
                        reference=ref,
                        batch_id=batch.id,
                        fingerprint=uuid.uuid4().hex,
                    )
                )


def paid_after(name, ref, invoiced, days, lines=1):
    return (name, ref, invoiced, invoiced + timedelta(days=days), lines)


@pytest.fixture
def hand_made(firm):
    rows = []
    # Apr–Sep 2025: 20 invoices. 18 paid in 20 days, one in 50, one in 70.
    # within 30 = 18/20 = 90%; within 60 = 19/20 = 95%; average = (18×20 + 50 + 70)/20 = 24.0
    # -> 95% and 24 days: meets the test. The first invoice has three lines: still one invoice.
    rows.append(paid_after("Alpha Timber Ltd", "A-1", date(2025, 4, 2), 20, lines=3))
    for n in range(2, 19):
        rows.append(paid_after("Alpha Timber Ltd", f"A-{n}", date(2025, 4, 10), 20))
    rows.append(paid_after("Beta Fixings Ltd", "B-1", date(2025, 5, 1), 50))
    rows.append(paid_after("Beta Fixings Ltd", "B-2", date(2025, 5, 1), 70))  # paid 10 Jul
    # Oct 2025–Mar 2026: 10 invoices paid in the period. 9 in 40 days (one invoiced 1 Sep 2025,
    # paid 11 Oct 2025: it counts where it was paid), one in 61 days.
    # within 30 = 0; within 60 = 9/10 = 90%; average = (9×40 + 61)/10 = 42.1
    # -> 90% (not 95%) with an average under 45 days: an action plan is needed.
    rows.append(paid_after("Gamma Skips Ltd", "G-1", date(2025, 9, 1), 40))
    for n in range(2, 10):
        rows.append(paid_after("Gamma Skips Ltd", f"G-{n}", date(2025, 11, 3), 40))
    rows.append(paid_after("Beta Fixings Ltd", "B-3", date(2025, 12, 1), 61))
    # Apr–Sep 2026: 4 invoices, each paid in 50 days: 100% within 60 but an average of 50 days
    # (over 45): fails the test.
    for n in range(1, 5):
        rows.append(paid_after("Delta Vans Ltd", f"D-{n}", date(2026, 4, 6), 50))
    # Two lines the test cannot use: no paid date (invoiced 15 Jun 2025: Apr–Sep 2025), no
    # invoice date (paid 3 Feb 2026: Oct 2025–Mar 2026). Counted and named, not guessed.
    rows.append(("Alpha Timber Ltd", "A-99", date(2025, 6, 15), None, 1))
    rows.append(("Epsilon Café CIC", "", None, date(2026, 2, 3), 1))
    add_lines(firm, rows)
    return firm


def test_each_half_year_gets_its_shares_average_and_result(hand_made):
    perf = payment_performance(hand_made, today=TODAY)
    assert [(p.period.start, p.period.end) for p in perf.periods] == [
        (date(2025, 4, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 9, 30)),
    ]
    first, second, third = perf.periods
    assert (first.invoices, first.within_30, first.within_60) == (20, 18, 19)
    assert first.share_within_30 == pytest.approx(0.90)
    assert first.share_within_60 == pytest.approx(0.95)
    assert first.average_days == 24.0
    assert first.result == "pass"
    assert (second.invoices, second.within_30, second.within_60) == (10, 0, 9)
    assert second.average_days == 42.1
    assert second.result == "action_plan"
    assert (third.invoices, third.within_60, third.average_days) == (4, 4, 50.0)
    assert third.result == "fail"
    assert perf.latest is third


def test_lines_without_both_dates_are_counted_and_named_not_guessed(hand_made):
    perf = payment_performance(hand_made, today=TODAY)
    assert [p.lines_missing_dates for p in perf.periods] == [1, 1, 0]
    assert perf.lines_missing_dates == 2
    assert [(m.supplier, m.reference, m.missing) for m in perf.missing] == [
        ("Alpha Timber Ltd", "A-99", "paid date"),
        ("Epsilon Café CIC", "", "invoice date"),
    ]


def test_an_action_plan_is_drafted_only_where_the_test_is_not_met(hand_made):
    perf = payment_performance(hand_made, today=TODAY)
    first, second, third = perf.periods
    assert action_plan_for(perf, first) == ""
    plan = action_plan_for(perf, second)
    # 95% of 10 invoices is 10 (rounded), 9 were on time: one more would have met it.
    assert "90.0% of invoices were paid within 60 days" in plan
    assert "1 more invoice on time" in plan
    assert "by the end of September 2026" in plan
    # Beta Fixings had two invoices paid after 60 days (70 and 61 days); Gamma none.
    assert "Beta Fixings Ltd (2)" in plan and "Gamma" not in plan
    assert "50.0 days on average" in action_plan_for(perf, third)


def test_a_period_still_running_is_shown_but_not_the_latest(firm):
    add_lines(firm, [paid_after("Alpha Timber Ltd", "A-1", date(2026, 10, 5), 10)])
    perf = payment_performance(firm, today=TODAY)
    assert [p.complete for p in perf.periods] == [False]
    assert perf.periods[0].result == "pass" and perf.latest is None


def test_the_test_thresholds():
    assert payment_test_result(0.95, 45.0) == "pass"
    assert payment_test_result(0.949, 45.0) == "action_plan"
    assert payment_test_result(0.90, 30.0) == "action_plan"
    assert payment_test_result(0.899, 30.0) == "fail"
    assert payment_test_result(1.0, 45.1) == "fail"
    assert payment_test_result(None, None) == "no_data"


def test_half_years_follow_the_financial_year_start():
    halves = half_years(1, date(2025, 3, 15), date(2025, 8, 1))
    assert [(h.start, h.end) for h in halves] == [
        (date(2025, 1, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 12, 31)),
    ]


def test_report_json_carries_the_payment_block(hand_made, capsys):
    from svdesk.cli import main

    assert main(["report", "--db", hand_made.where, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    periods = report["payment"]["periods"]
    assert [p["result"] for p in periods] == ["pass", "action_plan", "fail"]
    assert periods[1]["share_within_60_days"] == 0.9
    assert periods[1]["average_days_to_pay"] == 42.1
    assert periods[1]["action_plan"].startswith("Payment performance action plan.")
    assert report["payment"]["lines_missing_dates"] == 2
    assert as_json(payment_performance(hand_made))["missing"] == report["payment"]["missing"]
    assert main(["report", "--db", hand_made.where]) == 0
    assert (
        "Payment test 2026-04-01 to 2026-09-30: fail (100.0% within 60 days, 50.0 days"
        in capsys.readouterr().out
    )


def test_demo_database_has_a_result_for_every_half_year(demo_store):
    perf = payment_performance(demo_store, today=TODAY)
    assert perf.periods and all(p.invoices > 0 for p in perf.periods)
    # the demo's lines without dates are named, each with what is missing
    assert perf.lines_missing_dates >= len(perf.missing) > 0
    assert {m.missing for m in perf.missing} <= {"invoice date", "paid date", "invoice and paid dates"}
    # every invoice with both dates is in exactly one half: the halves add up to all of them
    with demo_store.read() as s:
        both = (
            s.connection()
            .exec_driver_sql(
                "SELECT count(*) FROM (SELECT 1 FROM spend_line WHERE invoice_date IS NOT NULL "
                "AND paid_date IS NOT NULL GROUP BY supplier_id, CASE WHEN reference != '' THEN "
                "reference ELSE '#' || id END, invoice_date, paid_date) AS invoices"
            )
            .scalar()
        )
    assert sum(p.invoices for p in perf.periods) == both


def test_the_evidence_pack_carries_the_test_and_the_plan(hand_made):
    from svdesk.exports import model as m
    from svdesk.exports.build_common import ExportRequest
    from svdesk.exports.runner import build, context

    req = ExportRequest("pack", year=2025, today=TODAY)  # FY 2025/26: two halves
    doc = build(hand_made, req, context(hand_made, req))

    def sections(items):
        for s in items:
            yield s
            yield from sections([b for b in s.blocks if isinstance(b, m.Section)])

    section = next(s for s in sections(doc.sections) if s.heading == "Paying our suppliers")
    table = next(b for b in section.blocks if isinstance(b, m.Table))
    assert [r[1:5] for r in table.rows] == [
        [20, pytest.approx(0.9), pytest.approx(0.95), 24.0],
        [10, 0.0, pytest.approx(0.9), 42.1],
    ]
    texts = [b.text for b in section.blocks if isinstance(b, m.Paragraph)]
    assert any(t.startswith("Payment performance action plan.") for t in texts)
    assert any(t.startswith("2 spend lines lack") for t in texts)
