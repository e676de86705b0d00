"""The return's windows: commentary per KPI and quarter (carried as a draft, saved only when the
user makes it this quarter's), and the buyer's workbook with the match confirmed or corrected."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from svdesk.exports import buyer_template as bt
from svdesk.services import contract_return as cr
from svdesk.services.commitments import list_commitments
from svdesk.services.contracts import find_contract

TODAY = date(2026, 12, 5)


@pytest.fixture
def salford(demo_store):
    return find_contract(demo_store, "SCC-PR-2025-041")


def test_notes_dialog_carries_last_quarter_and_saves_what_the_user_made_his_own(qtbot, demo_store, salford):
    from svdesk.ui.dialogs.return_notes_dialog import ReturnNotesDialog

    vol = next(c for c in list_commitments(demo_store, salford.id) if c.measure_key == "volunteering_hours")
    fte = next(c for c in list_commitments(demo_store, salford.id) if c.measure_key == "local_jobs_fte_years")
    cr.save_note(demo_store, cr.Note(vol.id, 5, "Sessions moved.", "Rebooked.", True))
    cr.save_note(demo_store, cr.Note(fte.id, 5, "On plan.", "", False))
    d = ReturnNotesDialog(demo_store, salford, today=TODAY)
    qtbot.addWidget(d)
    assert d.quarter.currentData() == 6  # the last complete quarter
    box = d.boxes[vol.id]
    assert box.commentary.toPlainText() == "Sessions moved."
    assert not box.relates.isChecked()  # never carried
    assert "Carried from Q5" in box.carried.text()
    box.relates.setChecked(True)
    box.code.setText("SV-07")
    d.save()
    saved = cr.notes_for(demo_store, vol.id)
    assert saved[6].commentary == "Sessions moved." and saved[6].relates_only
    assert 6 not in cr.notes_for(demo_store, fte.id)  # untouched draft: still a draft
    assert cr.get_buyer_kpi(demo_store, vol.id) == ("SV-07", "")


def test_buyer_workbook_dialog_lets_the_user_choose_the_unmatched_row(
    qtbot, demo_store, salford, tmp_path, svdesk_home
):
    from svdesk.ui.dialogs.buyer_workbook_dialog import UNCHOSEN, BuyerWorkbookDialog

    wb = Workbook()
    ws = wb.active
    ws.append(["Ref", "Measure", "Unit", "Q2 2026/27", "Comments"])
    ws.append(["B1", "Local people employed on the contract", "FTE"])
    ws.append(["B7", "Helping at school fairs", "hours"])
    template = tmp_path / "buyer.xlsx"
    wb.save(template)
    d = BuyerWorkbookDialog(demo_store, salford, today=TODAY)
    qtbot.addWidget(d)
    d.template.setText(str(template))
    d.out.setText(str(tmp_path / "filled.xlsx"))
    d.mapping.setText(str(tmp_path / "salford.json"))
    d.quarter.setCurrentIndex(5)  # Q6 = Jul – Sep 2026
    d.find_rows()
    qtbot.waitUntil(lambda: d.preview is not None, timeout=20000)
    assert [r[2] for r in d.preview.rows] == [True, False]
    combo = d.table.cellWidget(1, 1)
    assert combo.currentData() == UNCHOSEN
    assert d.chosen_mapping() is None and "Helping at school fairs" in d.message.text()
    d.resize(1024, 680)
    combo.setCurrentIndex(combo.findData("volunteering_hours"))
    d.grab().save(str(tmp_path / "dialog.png"))
    d.fill()
    qtbot.waitUntil(lambda: d.result is not None, timeout=20000)
    filled = load_workbook(tmp_path / "filled.xlsx").active
    assert filled["D3"].value == round(
        next(
            r.actual_period
            for r in cr.kpi_rows(demo_store, salford, date(2026, 7, 1), date(2026, 9, 30), date(2026, 9, 30))
            if r.measure_key == "volunteering_hours"
        ),
        2,
    )
    assert (
        bt.load_mapping(tmp_path / "salford.json").rows["B7 | Helping at school fairs | hours"]
        == "volunteering_hours"
    )


def test_the_status_thresholds_are_a_setting_edited_with_the_commentary(
    qtbot, demo_store, salford, svdesk_home
):
    from svdesk.ui.dialogs.return_notes_dialog import ReturnNotesDialog
    from svdesk.ui.state import reset_for_tests

    reset_for_tests()
    d = ReturnNotesDialog(demo_store, salford, today=TODAY)
    qtbot.addWidget(d)
    assert [s.value() for s in d.shares.values()] == [100, 90, 70]
    d.shares["approaching"].setValue(80)
    d.save()
    assert cr.thresholds()["approaching"] == 0.8  # read from the file, as exports do
    assert cr.rate(85, 100) == cr.APPROACHING
    reset_for_tests()


def test_the_notes_window_shows_each_kpis_figures_for_the_quarter(qtbot, demo_store, salford):
    from svdesk.ui.dialogs.return_notes_dialog import ReturnNotesDialog

    d = ReturnNotesDialog(demo_store, salford, today=TODAY)
    qtbot.addWidget(d)
    fte = next(c for c in list_commitments(demo_store, salford.id) if c.measure_key == "local_jobs_fte_years")
    row = next(
        r
        for r in cr.kpi_rows(demo_store, salford, date(2026, 7, 1), date(2026, 9, 30), date(2026, 9, 30))
        if r.commitment_id == fte.id
    )
    box = d.boxes[fte.id]
    qtbot.waitUntil(lambda: "against" in box.figures.text(), timeout=20000)
    assert box.figures.text().startswith("Q6: 1 Jul 2026 – 30 Sep 2026: 1.39 FTE-years")
    assert f"to date {row.actual_to_date:.2f} FTE-years" in box.figures.text()
    assert box.figures.text().endswith(row.status)


def test_the_notes_window_says_a_failed_kpi_could_not_be_computed_not_0(
    qtbot, demo_store, salford, monkeypatch
):
    """Issue 19.6: a KPI whose source failed shows why, never '0 against …'."""
    import svdesk.services.measures as measures
    from svdesk.ui.dialogs.return_notes_dialog import ReturnNotesDialog

    real = measures.source_for

    def source_for(key):
        if key == "local_jobs_fte_years":

            def fail(_query):
                raise RuntimeError("the people table could not be read")

            return fail
        return real(key)

    monkeypatch.setattr(measures, "source_for", source_for)
    d = ReturnNotesDialog(demo_store, salford, today=TODAY)
    qtbot.addWidget(d)
    fte = next(c for c in list_commitments(demo_store, salford.id) if c.measure_key == "local_jobs_fte_years")
    box = d.boxes[fte.id]
    qtbot.waitUntil(lambda: box.figures.text() not in ("", "Reading the figures…"), timeout=20000)
    text = box.figures.text()
    assert "could not be computed" in text and "against" not in text, text
