"""The office manager's tasks, driven through the real forms: a local apprentice, a careers talk,
a volunteering day, evidence by dialog and by drag and drop, the no-evidence marker, delete."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from svdesk.geo.local_area import Locality
from svdesk.services import activities, evidence, people
from svdesk.services.activity_kinds import default_values
from svdesk.services.contracts import find_contract
from svdesk.ui.dialogs.payroll_dialog import PayrollImportDialog
from svdesk.ui.dialogs.person_dialog import PersonDialog
from svdesk.ui.main_window import MainWindow
from svdesk.ui.records import record_table
from svdesk.ui.records.evidence_dialog import AttachEvidenceDialog
from svdesk.ui.records.record_dialog import RecordDialog
from tests.unit.people_helpers import firm_store  # noqa: F401


def _type(qtbot, widget, text):
    widget.clear()
    qtbot.keyClicks(widget, text)


def _read(qtbot, table):
    """Tables read their rows off the GUI thread: wait for them to arrive."""
    qtbot.waitUntil(lambda: not table.loading, timeout=10_000)


def test_record_a_new_local_apprentice(qtbot, firm_store):
    scc = find_contract(firm_store, "SCC-PR-2025-041")
    dialog = PersonDialog(firm_store)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    _type(qtbot, dialog.reference, "Jay Brown")
    assert "looks like a name" in dialog.form.errors["reference"].text()
    _type(qtbot, dialog.reference, "IJ-015")
    _type(qtbot, dialog.postcode, "m6 5pw")
    dialog.start.set_value(date(2026, 9, 7))
    _type(qtbot, dialog.hours, "39")
    _type(qtbot, dialog.pay_amount, "13.45")
    dialog.assign[scc.id][0].setChecked(True)
    assert dialog.save_button.isEnabled(), dialog.errors()
    assert "SCC-PR-2025-041: local" in dialog.summary.text()
    assert "FTE 1.00" in dialog.summary.text()
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    view = people.list_people(firm_store, on=date(2026, 11, 23))[0]
    assert view.person.reference == "IJ-015" and view.person.postcode == "M6 5PW"
    assert view.localities[0].result.status is Locality.LOCAL
    assert view.pay.status == "rlw"
    # …then their apprenticeship, linked to the person and the contract.
    app = RecordDialog(firm_store, "apprenticeship")
    qtbot.addWidget(app)
    w = app.widgets
    app.form.fields["date"].set_value(date(2026, 9, 7))
    w["person_id"].setCurrentIndex(w["person_id"].findData(view.person.id))
    w["contract_id"].setCurrentIndex(w["contract_id"].findData(scc.id))
    assert not app.save_button.isEnabled()  # the standard is required
    _type(qtbot, w["standard"], "Carpentry and joinery")
    w["planned_end_date"].set_value(date(2028, 3, 3))
    assert app.save_button.isEnabled(), app.errors()
    qtbot.mouseClick(app.save_button, Qt.LeftButton)
    record = activities.list_records(firm_store, "apprenticeship")[0]
    assert record["person_reference"] == "IJ-015" and record["level"] == 2
    assert record.contract_reference == "SCC-PR-2025-041"


def test_careers_talk_form_validates_as_you_type(qtbot, firm_store):
    dialog = RecordDialog(firm_store, "learning_intervention")
    qtbot.addWidget(dialog)
    w = dialog.widgets
    w["intervention_type"].setCurrentIndex(w["intervention_type"].findData("careers_talk"))
    _type(qtbot, w["hours"], "two")
    assert dialog.form.errors["hours"].text() == "“two” is not a number."
    assert not dialog.save_button.isEnabled()
    _type(qtbot, w["hours"], "2")
    _type(qtbot, w["attendees"], "30")
    _type(qtbot, w["venue"], "Oasis Academy MediaCityUK")
    scc = find_contract(firm_store, "SCC-PR-2025-041")
    w["contract_id"].setCurrentIndex(w["contract_id"].findData(scc.id))
    w["additional"].setCurrentIndex(w["additional"].findData(True))
    assert dialog.save_button.isEnabled()
    assert "60 learner hours" in dialog.summary.text()
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    saved = activities.list_records(firm_store, "learning_intervention")[0]
    assert saved["learner_hours"] == 60 and saved.contract_reference == "SCC-PR-2025-041"
    assert saved["additional"] is True


def test_volunteering_day_end_before_start_is_explained(qtbot, firm_store):
    dialog = RecordDialog(firm_store, "volunteering")
    qtbot.addWidget(dialog)
    w = dialog.widgets
    w["date"].set_value(date(2026, 7, 3))
    _type(qtbot, w["organisation_helped"], "Langworthy Community Pantry")
    _type(qtbot, w["hours"], "7")
    _type(qtbot, w["volunteers"], "4")
    w["end_date"].set_value(date(2026, 7, 1))
    assert dialog.form.errors["end_date"].text() == "The end date is before the start date."
    assert not dialog.save_button.isEnabled()
    w["end_date"].set_value(None)
    _type(qtbot, w["attribution_share"], "50%")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    saved = activities.list_records(firm_store, "volunteering")[0]
    assert saved["total_hours"] == 28 and saved["attribution_share"] == 0.5


def _png(tmp_path: Path, name: str, content: bytes) -> Path:
    from PySide6.QtGui import QColor, QImage

    path = tmp_path / name
    image = QImage(40, 30, QImage.Format_RGB32)
    image.fill(QColor(content.decode()))
    image.save(str(path))
    return path


def test_attach_photo_and_timesheet_then_marker_clears(qtbot, firm_store, tmp_path):
    record = activities.save_record(
        firm_store,
        "volunteering",
        default_values("volunteering")
        | {"date": date(2026, 7, 3), "organisation_helped": "Seedley Primary School", "hours": 7},
    )
    window = MainWindow(firm_store)
    qtbot.addWidget(window)
    page = window.show_area("community")
    table = page.tables["volunteering"]
    _read(qtbot, table)
    assert table.model.rowCount() == 1
    evidence_col = [c.title for c in table.model.columns].index("Evidence")
    assert table.model.index(0, evidence_col).data() == "⚠ No evidence"
    assert "1 without evidence" in table.footer.text()
    photo = _png(tmp_path, "planters.png", b"#2a7a3b")
    sheet = tmp_path / "timesheet.pdf"
    sheet.write_bytes(b"%PDF-1.4 timesheet 3 July")
    dialog = AttachEvidenceDialog(firm_store, [("volunteering", record.id)], [photo, sheet])
    qtbot.addWidget(dialog)
    # The preview is made on the worker now (a FilePreview, whose picture is in .view).
    qtbot.waitUntil(lambda: dialog.preview.picture is not None, timeout=10_000)
    assert dialog.preview.view.pixmap() is not None and not dialog.preview.view.pixmap().isNull()
    _type(qtbot, dialog.caption, "Planters and timesheet")
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    assert len(dialog.added) == 2
    table.refresh()
    _read(qtbot, table)
    assert table.model.index(0, evidence_col).data() == "2 files"
    assert "without evidence" not in table.footer.text()


def test_files_dropped_on_a_row_are_attached(qtbot, firm_store, tmp_path, monkeypatch):
    activities.save_record(
        firm_store,
        "learning_intervention",
        default_values("learning_intervention") | {"date": date(2026, 10, 8), "hours": 2, "attendees": 8},
    )
    opened = {}

    def fake_exec(dialog):
        opened["files"] = list(dialog.files)
        dialog.accept()
        return True

    monkeypatch.setattr(AttachEvidenceDialog, "exec", fake_exec)
    table = record_table.RecordTable(firm_store, "learning_intervention", "")
    qtbot.addWidget(table)
    table.resize(900, 400)
    table.show()
    _read(qtbot, table)
    photo = _png(tmp_path, "talk.png", b"#114466")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    point = table.table.visualRect(table.model.index(0, 0)).center()
    event = QDropEvent(QPointF(point), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    table.table.dropEvent(event)
    assert opened["files"] == [photo]
    files = evidence.list_evidence(firm_store)
    assert len(files) == 1 and files[0].evidence_type == "photo" and files[0].link_count == 1
    _read(qtbot, table)
    assert table.model.row(0).evidence_count == 1


def test_delete_asks_first(qtbot, firm_store, monkeypatch):
    activities.save_record(
        firm_store,
        "donation",
        default_values("donation")
        | {"date": date(2026, 3, 1), "recipient": "Salford Foodbank", "amount_pence": 25_000},
    )
    table = record_table.RecordTable(firm_store, "donation", "")
    qtbot.addWidget(table)
    _read(qtbot, table)
    table.table.selectRow(0)
    monkeypatch.setattr(record_table, "confirm", lambda *a: False)
    table.delete_selected()
    assert activities.count_records(firm_store, "donation") == 1
    monkeypatch.setattr(record_table, "confirm", lambda *a: True)
    table.delete_selected()
    assert activities.count_records(firm_store, "donation") == 0
    _read(qtbot, table)
    assert table.stack.currentIndex() == 0  # the teaching empty state is back


def test_large_table_fetches_in_pages(qtbot, firm_store):
    from svdesk.models import Volunteering

    with firm_store.write() as s:
        s.add_all(
            Volunteering(
                date=date(2025, 1, 1),
                organisation_helped=f"Group {i}",
                hours=1,
                volunteers=1,
                attribution_share=1.0,
                notes="",
            )
            for i in range(450)
        )
    table = record_table.RecordTable(firm_store, "volunteering", "")
    qtbot.addWidget(table)
    _read(qtbot, table)
    model = table.model
    assert model.total == 450 and model.rowCount() == 200 and model.canFetchMore()
    model.fetchMore()  # each next page is read in the background
    _read(qtbot, table)
    model.fetchMore()
    _read(qtbot, table)
    assert model.rowCount() == 450 and not model.canFetchMore()
    assert "450 records" in table.footer.text() and "450.0 total hours" in table.footer.text()
    hours_col = [c.title for c in model.columns].index("Organisation helped")
    model.sort(hours_col, Qt.DescendingOrder)
    _read(qtbot, table)
    assert model.row(0)["organisation_helped"] == "Group 99" and model.rowCount() == 200


def test_payroll_dialog_previews_and_imports(qtbot, firm_store, tmp_path):
    path = tmp_path / "brightpay.csv"
    path.write_text(
        "Name,Surname,Works Number,Postcode,Start Date,Hourly Pay Rate,"
        "Contracted Hours Worked\nAisha,Okonkwo,IJ001,M6 5PW,02/09/2024,13.50,39\n"
        "Tom,Lee,IJ002,M1 3HW,31/02/2025,13.50,39\n",
        encoding="utf-8",
    )
    dialog = PayrollImportDialog(firm_store, None, path)
    qtbot.addWidget(dialog)
    # The file is read and checked on the worker, then the import written there too.
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert "2 rows read · 1 to import" in dialog.status.text()
    assert "Name, Surname" in dialog.dropped.text()
    assert dialog.rejected_table.model().index(0, 1).data() == "Start Date"
    dialog.contract.setCurrentIndex(1)
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    assert [v.person.reference for v in people.list_people(firm_store)] == ["IJ001"]


def test_evidence_page_lists_records_without_evidence(qtbot, firm_store):
    activities.save_record(
        firm_store,
        "waste_record",
        default_values("waste_record")
        | {"date": date(2026, 6, 30), "waste_stream": "Timber offcuts", "tonnes": 0.4},
    )
    window = MainWindow(firm_store)
    qtbot.addWidget(window)
    page = window.show_area("evidence")
    _read(qtbot, page)
    assert page.files_stack.currentIndex() == 0  # teaching empty state
    assert page.tabs.tabText(1) == "Without evidence (1)"
    assert page.missing_model.row(0).title == "Timber offcuts"


def test_every_new_page_renders(qtbot, demo_store, tmp_path):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    for key in ("people", "community", "environment", "evidence"):
        page = window.show_area(key)
        assert page.header.title.text()
        assert not window.grab().isNull()


def test_new_apprentice_in_one_form(qtbot, firm_store):
    scc = find_contract(firm_store, "SCC-PR-2025-041")
    dialog = PersonDialog(firm_store)
    qtbot.addWidget(dialog)
    _type(qtbot, dialog.reference, "IJ-016")
    _type(qtbot, dialog.postcode, "M6 6AP")
    dialog.start.set_value(date(2026, 9, 1))
    _type(qtbot, dialog.hours, "37.5")
    _type(qtbot, dialog.pay_amount, "13.45")
    dialog.assign[scc.id][0].setChecked(True)
    dialog.is_apprentice.setChecked(True)
    assert dialog.app_form.errors["standard"].text() == "Enter the apprenticeship standard."
    assert not dialog.save_button.isEnabled()
    _type(qtbot, dialog.app_standard, "Site carpentry")
    dialog.app_level.setValue(3)
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    record = activities.list_records(firm_store, "apprenticeship")[0]
    assert record["person_reference"] == "IJ-016" and record["level"] == 3
    assert record["date"] == date(2026, 9, 1) and record.contract_reference == "SCC-PR-2025-041"


def test_rates_dialog_shows_table_in_use_and_user_copy(qtbot, monkeypatch, svdesk_home):
    from svdesk.calc import rates
    from svdesk.ui.dialogs import rates_dialog

    opened = []
    monkeypatch.setattr(rates_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url))
    dialog = rates_dialog.RatesDialog("wages.csv")
    qtbot.addWidget(dialog)
    assert "the shipped table" in dialog.source.text()
    assert dialog.table.rowCount() == len(rates.wage_rates())
    dialog.edit_copy()
    assert opened and "your edited copy" in dialog.source.text()
    copy = rates_dialog.user_copy("wages.csv")
    copy.write_text(
        copy.read_text(encoding="utf-8") + "rlw_uk,1500,2026-10-20,2027-04-20,18,U,test\n", encoding="utf-8"
    )
    dialog.load()
    try:
        assert rates.wage_rate_on("rlw_uk", date(2027, 5, 1)).rate_pence == 1500
        monkeypatch.setattr(rates_dialog, "confirm", lambda *a: True)
        dialog.reset()
        assert rates.wage_rate_on("rlw_uk", date(2027, 5, 1)).rate_pence == 1345
    finally:
        rates.clear_cache()


def test_payroll_import_through_the_worker_can_be_cancelled(qtbot, firm_store, tmp_path):
    lines = ["Works Number,Postcode,Start Date,Contracted Hours Worked,Hourly Pay Rate"]
    lines += [f"IJ{i:04d},M5 4WT,02/09/2024,39,13.50" for i in range(1000)]
    path = tmp_path / "payroll-1000.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dialog = PayrollImportDialog(firm_store, None, path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    assert dialog.import_button.text() == "Import 1,000 people"
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    dialog.task.cancel()  # what the progress dialog's Cancel does
    qtbot.waitUntil(lambda: "cancelled" in dialog.status.text(), timeout=20_000)
    assert dialog.status.text() == "Import cancelled: nothing was imported."
    assert people.count_people(firm_store) == 0 and dialog.result is None
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)  # and then all of them
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20_000)
    assert dialog.result.created == 1000 == people.count_people(firm_store)


def test_payroll_columns_svdesk_cannot_place_are_chosen_by_hand(qtbot, firm_store, tmp_path):
    path = tmp_path / "sage-export.csv"
    path.write_text("Emp Code,Home Postcode,Joined,Hrs\nIJ001,M6 5PW,02/09/2024,39\n", encoding="utf-8")
    dialog = PayrollImportDialog(firm_store, None, path)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.mapping), timeout=10_000)
    assert dialog.status.text() == "This file cannot be imported"
    assert "has no column for" in dialog.dropped.text() and not dialog.import_button.isEnabled()
    for field, header in (
        ("reference", "Emp Code"),
        ("postcode", "Home Postcode"),
        ("start_date", "Joined"),
        ("weekly_hours", "Hrs"),
    ):
        widget = dialog.mapping[field]
        widget.setCurrentIndex(widget.findData(header))
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10_000)
    assert "1 rows read · 1 to import" in dialog.status.text()
