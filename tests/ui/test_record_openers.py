"""Records listed in a figure's drill-down open: a person and an activity record in their edit
dialogs, an evidence file in its details, a supplier as its spend lines."""

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog, QWidget

from svdesk.services import measures
from svdesk.services.contracts import find_contract
from svdesk.ui.dialogs.figure_detail import FigureDetailDialog
from svdesk.ui.record_links import open_record

TODAY = date(2026, 2, 10)


class _Holder(QWidget):
    def __init__(self, store):
        super().__init__()
        self.store = store


@pytest.fixture
def opened(monkeypatch):
    shown = []

    def fake_exec(self):
        shown.append(self)
        return 0

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    return shown


@pytest.fixture(autouse=True)
def _openers():
    from svdesk.ui import record_openers

    record_openers.register()  # another test may have swapped one out


def _figure(store, key):
    scc = find_contract(store, "SCC-PR-2025-041")
    figures = measures.compute_measures(store, scc.id, scc.start_date, scc.end_date, today=TODAY)
    return next(f for f in figures if f.key == key)


def test_a_person_and_an_activity_open_in_their_dialogs(qtbot, demo_store, opened):
    holder = _Holder(demo_store)
    qtbot.addWidget(holder)
    jobs = _figure(demo_store, "local_jobs_fte_years")
    person_ref = next(c.ref for c in jobs.contributions if c.claimed)
    dialog = FigureDetailDialog(jobs, holder)
    qtbot.addWidget(dialog)
    assert open_record(dialog, person_ref)
    assert type(opened[-1]).__name__ == "PersonDialog"
    assert opened[-1].original.id == int(person_ref.split(":")[1])
    hours = _figure(demo_store, "volunteering_hours")
    ref = next(c.ref for c in hours.contributions if c.claimed)
    assert ref.startswith("volunteering:")
    assert open_record(FigureDetailDialog(hours, holder), ref)
    assert type(opened[-1]).__name__ == "RecordDialog" and opened[-1].record.id == int(ref.split(":")[1])


def test_an_evidence_file_opens_its_details(qtbot, demo_store, opened):
    from svdesk.services.evidence import list_evidence

    holder = _Holder(demo_store)
    qtbot.addWidget(holder)
    item = list_evidence(demo_store)[0]
    assert open_record(holder, f"evidence:{item.id}")
    assert type(opened[-1]).__name__ == "EvidenceDetailsDialog"
    assert not open_record(holder, "nothing:1")


def test_a_supplier_opens_its_spend_lines(qtbot, demo_store):
    from svdesk.ui.main_window import MainWindow

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    local = _figure(demo_store, "local_spend_gbp")
    ref = next(c.ref for c in local.contributions if c.claimed)
    figures = window.show_area("figures")
    dialog = FigureDetailDialog(local, figures)
    dialog.open()
    assert open_record(dialog, ref)
    assert window.current_area() == "spend" and not dialog.isVisible()
    spend = window.show_area("spend")
    assert spend.tabs.tabText(spend.tabs.currentIndex()) == "Spend lines"
