"""Issue 15, point 1 in the app: a commitment's delivered and due count to the same day (the end
of the last complete quarter, as its status does); what was delivered to date is its own column."""

from datetime import date

from svdesk.ui.pages.measures import MeasuresPage
from svdesk.ui.pages.measures_columns import COMMITMENT_COLUMNS

TODAY = date(2026, 12, 5)


def test_delivered_and_due_count_to_the_same_quarter_end(qtbot, demo_store):
    page = MeasuresPage(demo_store, today=TODAY, synchronous=True)
    qtbot.addWidget(page)
    page.period.setCurrentIndex(page.period.findText("Whole contract"))
    titles = [c.title for c in COMMITMENT_COLUMNS]
    row = next(
        i
        for i in range(page.commit_model.rowCount())
        if page.commit_model.row(i).commitment.measure_key == "local_jobs_fte_years"
    )
    shown = {t: page.commit_model.index(row, i).data() for i, t in enumerate(titles)}
    assert shown["Delivered by last quarter end"] == "7.87"
    assert shown["Due by then"] == "7.51"
    assert shown["Delivered to date"] == "8.87"
    reason = page.commit_model.row(row).delivery.reason
    assert reason.startswith("7.87 FTE-years delivered against 7.51 FTE-years")
    page.tabs.setCurrentIndex(1)
    page.resize(1024, 680)
    assert not page.grab().isNull()
