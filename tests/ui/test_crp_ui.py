"""The Carbon Reduction Plan from the window: the Reports page names what would get the plan
rejected, the form fills what records cannot give, and the plan exports once nothing is left."""

from __future__ import annotations

import os
from datetime import date

from PySide6.QtCore import Qt

from svdesk.calc.periods import _add_months, financial_year
from svdesk.services.carbon_plan import CATEGORIES, crp_figures, get_plan
from svdesk.ui import tasks
from svdesk.ui.dialogs.crp_dialog import CrpDialog
from svdesk.ui.pages.reports import ReportsPage


def _grab(widget, name):
    folder = os.environ.get("SVDESK_SHOTS")
    if folder:
        widget.grab().save(os.path.join(folder, name))


def _select(page, key):
    for row in range(page.documents.count()):
        if page.documents.item(row).data(Qt.UserRole) == key:
            page.documents.setCurrentRow(row)
            return
    raise AssertionError(key)


def _settled(qtbot, dialog):
    qtbot.waitUntil(lambda: tasks.idle() and not dialog.busy, timeout=15000)


def test_fill_in_the_plan_from_the_reports_page_and_export_it(qtbot, demo_store, tmp_path):
    page = ReportsPage(demo_store)
    qtbot.addWidget(page)
    _select(page, "crp")
    page.out.setText(str(tmp_path / "crp.pdf"))
    assert page.crp_button.isVisibleTo(page)
    assert not page.header.action.isEnabled()
    assert "No one has signed the plan off" in page.problem.text()

    last = financial_year(_add_months(financial_year(date.today()).start, -12))
    dialog = CrpDialog(demo_store, page)
    qtbot.addWidget(dialog)
    dialog.show()
    for edit, day in (
        (dialog.baseline_start, last.start),
        (dialog.baseline_end, last.end),
        (dialog.current_start, last.start),
        (dialog.current_end, last.end),
    ):
        edit.set_value(day)
    _settled(qtbot, dialog)
    # the figures shown are the service's, line by line
    service = crp_figures(demo_store, last.start, last.end)
    for key in CATEGORIES:
        value = service.current.figure(key)
        shown = dialog.current_cells[key].text()
        assert shown == ("no records" if value is None else f"{value:,.2f} t")
    assert "no figure" in dialog.problems.text()
    for key in CATEGORIES:
        if service.current.figure(key) is None:
            dialog.notes[key].setText("Not measured yet: a staff survey is planned.")
    dialog.signatory_name.setText("Dawn Okafor")
    dialog.signatory_role.setText("Managing Director")
    dialog.signed_on.set_value(date.today())
    dialog.target_tonnes.setValue(18)
    dialog.target_year.setValue(2030)
    dialog.planned.setPlainText("Electric van\nHeat pump for the workshop")
    dialog._recheck()
    assert dialog.problems.text().startswith("Ready to export"), dialog.problems.text()
    dialog.resize(900, 760)
    _grab(dialog, "crp-form.png")
    dialog.save()
    saved = get_plan(demo_store)
    assert saved.signatory_name == "Dawn Okafor" and saved.target_tonnes == 18
    assert saved.planned_projects == "Electric van\nHeat pump for the workshop"

    page.check_crp()
    assert page.validate()
    qtbot.mouseClick(page.header.action, Qt.LeftButton)
    qtbot.waitUntil(lambda: page.open_button.isVisibleTo(page), timeout=30000)
    assert (tmp_path / "crp.pdf").read_bytes().startswith(b"%PDF")
    page.resize(1024, 680)
    _grab(page, "crp-reports-1024.png")


def test_the_form_names_a_problem_as_it_is_typed(qtbot, demo_store):
    dialog = CrpDialog(demo_store, today=date(2026, 12, 1))
    qtbot.addWidget(dialog)
    dialog.baseline_start.set_value(date(2024, 1, 1))
    dialog.baseline_end.set_value(date(2024, 12, 31))
    dialog.current_start.set_value(date(2025, 4, 1))
    dialog.current_end.set_value(date(2026, 3, 31))
    _settled(qtbot, dialog)
    assert "cover different months" in dialog.problems.text()
    dialog.net_zero.setValue(2060)
    assert "2050 at the latest" in dialog.problems.text()
    dialog.resize(900, 760)
    dialog.show()
    _grab(dialog, "crp-form-problems.png")
    assert "NHS" in " ".join(w.text() for w in dialog.findChildren(type(dialog.problems)))
