"""The Spend page's Payment test tab: the test per six months, the drafted plan, lines without
dates named (the figures are the service's; tests/unit/test_payment_performance.py proves them)."""

import os
from datetime import date

from svdesk.services.payment_performance import RESULT_LABELS, payment_performance
from svdesk.ui import tasks
from svdesk.ui.pages.spend import PAYMENT, SpendPage
from tests.unit.test_payment_performance import firm, hand_made  # noqa: F401


def _settled(qtbot, page):

    for _ in range(2):
        qtbot.waitUntil(lambda: tasks.idle() and not page.busy, timeout=15000)
        qtbot.wait(20)


def _grab(widget, name):
    folder = os.environ.get("SVDESK_SHOTS")
    if folder:
        widget.grab().save(os.path.join(folder, name))


def test_payment_tab_shows_each_half_year_and_drafts_the_plan(qtbot, hand_made):
    page = SpendPage(hand_made)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.tabs.setCurrentIndex(PAYMENT)
    _settled(qtbot, page)
    view = page.payment
    service = payment_performance(hand_made)
    assert [p.period for p in view.model.rows] == [p.period for p in service.periods]
    # the latest complete half (Apr–Sep 2026, an average of 50 days) is the headline
    assert view.headline.text().startswith(RESULT_LABELS["fail"])
    assert "50.0 days on average" in view.headline.text()
    assert "50.0 days on average" in view.plan.toPlainText()
    # choose Oct 2025 – Mar 2026: 90% within 60 days, the action plan band
    row = next(i for i, p in enumerate(view.model.rows) if p.period.start == date(2025, 10, 1))
    view.table.selectRow(view.proxy.mapFromSource(view.model.index(row, 0)).row())
    assert "90.0% of invoices were paid within 60 days" in view.plan.toPlainText()
    row = next(i for i, p in enumerate(view.model.rows) if p.period.start == date(2025, 4, 1))
    view.table.selectRow(view.proxy.mapFromSource(view.model.index(row, 0)).row())
    assert "no action plan is needed" in view.plan.toPlainText()
    assert [m.reference for m in view.missing_model.rows] == ["A-99", ""]
    assert "2 spend lines lack an invoice or a paid date" in view.missing_caption.text()
    _grab(page, "payment-tab.png")
    page.resize(1024, 680)
    qtbot.wait(50)
    _grab(page, "payment-tab-1024.png")


def test_payment_tab_on_the_demo(qtbot, demo_store):
    page = SpendPage(demo_store)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.tabs.setCurrentIndex(PAYMENT)
    _settled(qtbot, page)
    assert len(page.payment.model.rows) == len(payment_performance(demo_store).periods) > 0
    assert page.payment.missing_model.rows
    _grab(page, "payment-tab-demo.png")
