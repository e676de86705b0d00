"""People and record pages read off the GUI thread: they open at once and fill in, read again
only after a write, and drop results that arrive too late."""

import threading
from datetime import date

from PySide6.QtCore import QThreadPool
from shiboken6 import Shiboken

from svdesk.services import activities, people
from svdesk.services.activity_kinds import default_values
from svdesk.ui.main_window import MainWindow
from svdesk.ui.records.record_table import RecordTable
from tests.unit.people_helpers import firm_store  # noqa: F401


def _read(qtbot, page):
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)


def _drained(qtbot):
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0,
                    timeout=10_000)
    qtbot.wait(20)


def test_people_page_opens_at_once_and_fills_in(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    page = window.show_area("people")
    table = page.people
    _read(qtbot, table)
    assert table.model.rowCount() == people.count_people(demo_store) > 0
    assert table.footer.text().startswith(f"Total: {table.model.total} people · ")
    assert table.stack.currentIndex() == 1
    for kind, records in page.tables.items():
        _read(qtbot, records)
        assert records.model.total == activities.count_records(demo_store, kind)
        assert records.footer.text().startswith("Total: ")


def test_a_visit_reads_again_only_after_a_write(qtbot, demo_store, monkeypatch):
    counted = {"reads": 0}
    original = RecordTable.read_count

    def counting(self, filters):
        counted["reads"] += 1
        return original(self, filters)

    monkeypatch.setattr(RecordTable, "read_count", counting)
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    _drained(qtbot)     # the dashboard's first count adds the default proxy values (a write)
    page = window.show_area("community")
    for table in page.tables.values():
        _read(qtbot, table)
    first = counted["reads"]
    assert first == len(page.tables)
    window.show_area("dashboard")
    _drained(qtbot)
    window.show_area("community")
    _drained(qtbot)
    assert counted["reads"] == first                  # nothing written: nothing read
    activities.save_record(demo_store, "donation", default_values("donation") | {
        "date": date(2026, 3, 1), "recipient": "Salford Foodbank", "amount_pence": 25_000})
    window.show_area("dashboard")
    window.show_area("community")
    for table in page.tables.values():
        _read(qtbot, table)
    assert counted["reads"] == 2 * first
    assert "Salford Foodbank" in [r["recipient"] for r in page.tables["donation"].model.rows]


def test_a_late_result_after_the_table_is_gone_touches_nothing(qtbot, firm_store, monkeypatch):
    gate = threading.Event()
    shown = []
    original = RecordTable.read_count

    def slow(self, filters):
        gate.wait(10)
        return original(self, filters)

    monkeypatch.setattr(RecordTable, "read_count", slow)
    monkeypatch.setattr(RecordTable, "_show", lambda self, *args: shown.append(args))
    table = RecordTable(firm_store, "volunteering", "")
    assert table.loading and table.footer.text() == "Reading…"
    Shiboken.delete(table)
    gate.set()
    _drained(qtbot)
    assert shown == []


def test_only_the_newest_read_is_shown(qtbot, firm_store):
    for name in ("Seedley Primary School", "Langworthy Community Pantry"):
        activities.save_record(firm_store, "volunteering", default_values("volunteering") | {
            "date": date(2026, 7, 3), "organisation_helped": name, "hours": 7})
    table = RecordTable(firm_store, "volunteering", "")
    qtbot.addWidget(table)
    for text in ("Seed", "Lang", "Langworthy"):   # each overtakes the read before it
        table.search.setText(text)
        table.reload()
    _read(qtbot, table)
    _drained(qtbot)
    assert [r["organisation_helped"] for r in table.model.rows] == [
        "Langworthy Community Pantry"]
    assert table.footer.text().startswith("Total: 1 record")
