"""People, records and Evidence pages read off the GUI thread: they open at once and fill in,
read again only after a write, drop results that arrive too late, and preview PDFs."""

import threading
from datetime import date

from PySide6.QtCore import Qt
from shiboken6 import Shiboken

from svdesk.services import activities, evidence, people
from svdesk.services.activity_kinds import default_values
from svdesk.ui import tasks
from svdesk.ui.main_window import MainWindow
from svdesk.ui.pages import evidence as evidence_page
from svdesk.ui.records.record_table import RecordTable
from svdesk.ui.table_model import ROW_ROLE
from tests.unit.people_helpers import firm_store  # noqa: F401


def _read(qtbot, page):
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)


def _drained(qtbot):
    qtbot.waitUntil(tasks.idle, timeout=10_000)
    qtbot.wait(20)


def _timesheet_pdf(path, pages=2):
    """A real PDF, as a volunteering organisation would send it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(1, pages + 1):
        c.setFont("Helvetica-Bold", 28)
        c.drawString(60, 760, "Langworthy Community Pantry")
        c.setFont("Helvetica", 18)
        c.drawString(60, 720, f"Volunteer timesheet, 3 July 2026, page {n}")
        c.rect(60, 300, 470, 380, fill=1)
        c.showPage()
    c.save()
    return path


def test_people_page_opens_at_once_and_fills_in(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    page = window.show_area("people")
    assert page.tables == {}  # the record tabs are built when first shown
    table = page.people
    _read(qtbot, table)
    assert table.model.rowCount() == people.count_people(demo_store) > 0
    assert table.footer.text().startswith(f"Total: {table.model.total:,} people · ")
    assert table.stack.currentIndex() == 1
    for i, (kind, _text) in enumerate(page.TABS, start=1):
        page.tabs.setCurrentIndex(i)
        records = page.tables[kind]
        assert page.header.action.text() == f"Add {records.spec.noun}…"
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
    _drained(qtbot)  # the dashboard's first count adds the default proxy values (a write)
    page = window.show_area("community")
    _read(qtbot, page.tables["volunteering"])
    assert counted["reads"] == 1 and list(page.tables) == ["volunteering"]
    window.show_area("dashboard")
    _drained(qtbot)
    window.show_area("community")
    _drained(qtbot)
    assert counted["reads"] == 1  # nothing written: nothing read
    activities.save_record(
        demo_store,
        "donation",
        default_values("donation")
        | {"date": date(2026, 3, 1), "recipient": "Salford Foodbank", "amount_pence": 25_000},
    )
    window.show_area("dashboard")
    window.show_area("community")
    _read(qtbot, page.tables["volunteering"])
    assert counted["reads"] == 2
    page.tabs.setCurrentIndex(2)  # Donations: built and read now
    _read(qtbot, page.tables["donation"])
    assert counted["reads"] == 3
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
        activities.save_record(
            firm_store,
            "volunteering",
            default_values("volunteering")
            | {"date": date(2026, 7, 3), "organisation_helped": name, "hours": 7},
        )
    table = RecordTable(firm_store, "volunteering", "")
    qtbot.addWidget(table)
    for text in ("Seed", "Lang", "Langworthy"):  # each overtakes the read before it
        table.search.setText(text)
        table.reload()
    _read(qtbot, table)
    _drained(qtbot)
    assert [r["organisation_helped"] for r in table.model.rows] == ["Langworthy Community Pantry"]
    assert table.footer.text().startswith("Total: 1 record")


def _evidence_page(qtbot, store):
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    page = window.show_area("evidence")
    _read(qtbot, page)
    return window, page


def _select(page, name):
    proxy = page.files_proxy
    row = next(i for i in range(proxy.rowCount()) if proxy.index(i, 0).data(ROW_ROLE).original_name == name)
    page.files.selectRow(row)


def test_a_pdf_is_previewed_page_by_page(qtbot, firm_store, tmp_path):
    evidence.add_evidence(
        firm_store,
        _timesheet_pdf(tmp_path / "pantry-timesheet.pdf"),
        caption="Pantry timesheet",
        evidence_date=date(2026, 7, 3),
        evidence_type="timesheet",
    )
    _window, page = _evidence_page(qtbot, firm_store)
    _select(page, "pantry-timesheet.pdf")
    preview = page.preview
    qtbot.waitUntil(lambda: preview.picture is not None, timeout=10_000)
    image = preview.picture.image
    assert image is not None and max(image.width(), image.height()) == preview.box
    assert image.width() < image.height()  # A4, portrait
    dark = sum(
        image.pixelColor(x, y).lightness() < 100
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
    )
    assert dark > 100  # the page's ink is there
    assert not preview.view.pixmap().isNull()
    assert preview.page_label.text() == "Page 1 of 2" and preview.next.isVisible()
    assert not preview.previous.isEnabled()
    qtbot.mouseClick(preview.next, Qt.LeftButton)
    qtbot.waitUntil(lambda: preview.picture.page == 1, timeout=10_000)
    assert preview.page_label.text() == "Page 2 of 2" and not preview.next.isEnabled()


def test_a_damaged_pdf_gets_a_clear_message(qtbot, firm_store, tmp_path):
    damaged = tmp_path / "timesheet-july.pdf"
    damaged.write_bytes(b"%PDF-1.4 timesheet 3 July")
    evidence.add_evidence(
        firm_store,
        damaged,
        caption="July timesheet",
        evidence_date=date(2026, 7, 3),
        evidence_type="timesheet",
    )
    _window, page = _evidence_page(qtbot, firm_store)
    _select(page, "timesheet-july.pdf")
    qtbot.waitUntil(lambda: page.preview.picture is not None, timeout=10_000)
    assert page.preview.view.text() == (
        "This PDF cannot be shown: it is damaged or not really a PDF. Open tries it in your PDF reader."
    )
    assert page.preview.view.pixmap().isNull() and not page.preview.next.isVisible()
    assert page.open_button.isEnabled()


def test_the_evidence_lists_sort_by_value_and_keep_the_chosen_file(qtbot, firm_store, tmp_path):
    for i, (name, size) in enumerate((("a.txt", 3000), ("b.txt", 10), ("c.txt", 200_000))):
        path = tmp_path / name
        path.write_bytes(b"x" * size)
        evidence.add_evidence(firm_store, path, caption=f"Note {name}", evidence_date=date(2026, 1 + i, 1))
    _window, page = _evidence_page(qtbot, firm_store)

    def names():
        return [
            page.files_proxy.index(i, 0).data(ROW_ROLE).original_name
            for i in range(page.files_proxy.rowCount())
        ]

    assert names() == ["c.txt", "b.txt", "a.txt"]  # newest first
    page.files.sortByColumn(4, Qt.AscendingOrder)  # size in bytes, not "196 KB"
    assert names() == ["b.txt", "a.txt", "c.txt"]
    _select(page, "a.txt")
    chosen = page._selected_file()
    evidence.update_evidence(
        firm_store,
        chosen.id,
        caption="Signed attendance sheet",
        evidence_date=chosen.evidence_date,
        evidence_type="attendance_sheet",
    )
    page.refresh()
    _read(qtbot, page)
    assert page._selected_file().caption == "Signed attendance sheet"
    assert page.files_footer.text().startswith("3 files · 203 KB")


def test_a_late_evidence_read_after_the_page_is_gone_touches_nothing(qtbot, firm_store, monkeypatch):
    gate = threading.Event()
    original = evidence_page.read_lists
    monkeypatch.setattr(evidence_page, "read_lists", lambda store: (gate.wait(10), original(store))[1])
    page = evidence_page.EvidencePage(firm_store)
    assert page.loading and page.files_footer.text() == "Reading the evidence…"
    Shiboken.delete(page)
    gate.set()
    _drained(qtbot)


def test_a_column_that_cannot_be_sorted_leaves_the_order_and_its_arrow(qtbot, firm_store):
    for kwh, day in ((4_200, date(2026, 4, 30)), (900, date(2026, 5, 31))):
        activities.save_record(
            firm_store,
            "emission_record",
            default_values("emission_record")
            | {"date": day, "factor_key": "electricity_uk", "quantity": kwh, "unit": "kWh"},
        )
    table = RecordTable(firm_store, "emission_record", "")
    qtbot.addWidget(table)
    _read(qtbot, table)
    titles = [c.title for c in table.model.columns]
    header = table.table.horizontalHeader()
    before = [r["quantity"] for r in table.model.rows]
    assert before == [900, 4_200]  # newest first
    table.table.sortByColumn(titles.index("tCO2e"), Qt.AscendingOrder)
    _read(qtbot, table)
    assert [r["quantity"] for r in table.model.rows] == before
    assert header.sortIndicatorSection() == 0 and header.sortIndicatorOrder() == Qt.DescendingOrder
    table.table.sortByColumn(titles.index("Quantity"), Qt.DescendingOrder)
    _read(qtbot, table)
    assert [r["quantity"] for r in table.model.rows] == [4_200, 900]


def test_rows_arrive_while_long_jobs_hold_every_worker_thread(qtbot, firm_store):
    from svdesk.progress import Progress

    gate = threading.Event()

    def long_count(_cancel):  # a dashboard count or an export, say
        yield Progress(0)
        gate.wait(20)

    for kind in (tasks.Kind.EXPORT, tasks.Kind.WRITE):
        for _ in range(tasks._THREADS[kind]):
            tasks.run(long_count, kind=kind)
    try:
        activities.save_record(
            firm_store,
            "volunteering",
            default_values("volunteering")
            | {"date": date(2026, 7, 3), "organisation_helped": "Seedley Primary School", "hours": 7},
        )
        table = RecordTable(firm_store, "volunteering", "")
        qtbot.addWidget(table)
        _read(qtbot, table)
        assert table.model.total == 1 and not gate.is_set()
    finally:
        gate.set()
        _drained(qtbot)


def test_the_newest_file_is_chosen_and_previewed_when_the_page_opens(qtbot, firm_store, tmp_path):
    evidence.add_evidence(
        firm_store,
        _timesheet_pdf(tmp_path / "pantry-timesheet.pdf", 1),
        caption="Pantry timesheet",
        evidence_date=date(2026, 7, 3),
        evidence_type="timesheet",
    )
    older = tmp_path / "note.txt"
    older.write_text("Thank-you note from the pantry")
    evidence.add_evidence(firm_store, older, caption="Thank-you note", evidence_date=date(2026, 5, 1))
    _window, page = _evidence_page(qtbot, firm_store)
    assert page._selected_file().caption == "Pantry timesheet"  # newest first, and chosen
    assert page.open_button.isEnabled()
    qtbot.waitUntil(lambda: page.preview.picture is not None, timeout=10_000)
    assert not page.preview.view.pixmap().isNull()
