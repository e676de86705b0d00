"""Issue 15, point 3: the app asks the user to claim or exclude a record whose additionality is
not yet answered, from the figure's drill-down, and counts the figure again."""

from datetime import date

from PySide6.QtCore import QItemSelectionModel

from svdesk.ui.pages.measures import MeasuresPage

TODAY = date(2026, 12, 5)


def _open(page, key):
    model = page.measure_model
    row = next(i for i in range(model.rowCount()) if model.row(i).key == key)
    proxy = page.measure_table.model()
    return page.open_figure(proxy.index(proxy.mapFromSource(model.index(row, 0)).row(), 0))


def test_claim_a_record_not_yet_confirmed_as_additional(qtbot, demo_store):
    page = MeasuresPage(demo_store, today=TODAY, synchronous=True)
    qtbot.addWidget(page)
    page.contract.setCurrentIndex(page.contract.findData(None))
    page.period.setCurrentIndex(page.period.findText("FY 2025/26"))
    attention = [page.attention.item(i).text() for i in range(page.attention.count())]
    assert any(
        t.startswith("Staff volunteering hours: 1 record is recorded but not claimed") for t in attention
    )
    before = next(f for f in page.overview.figures if f.key == "volunteering_hours").quantity
    dialog = _open(page, "volunteering_hours")
    qtbot.addWidget(dialog)
    assert dialog.additionality_row.isVisibleTo(dialog)
    assert not dialog.confirm_button.isEnabled()  # nothing chosen yet
    target = next(
        i
        for i in range(dialog.table.model().rowCount())
        if "Not yet confirmed" in dialog.table.model().index(i, 3).data()
    )
    dialog.table.selectionModel().select(
        dialog.table.model().index(target, 0), QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
    )
    assert dialog.confirm_button.isEnabled() and dialog.exclude_button.isEnabled()
    dialog.resize(1024, 680)
    assert not dialog.grab().isNull()
    dialog.confirm_button.click()
    assert dialog.changed and not dialog.confirm_button.isEnabled()
    assert "Confirmed as additional" in dialog.table.model().index(target, 3).data()
    dialog.accept()  # closing counts the figures again
    after = next(f for f in page.overview.figures if f.key == "volunteering_hours").quantity
    assert after == before + 12
