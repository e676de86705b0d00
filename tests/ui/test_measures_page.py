"""Figures & commitments page: drill-down from a figure to its records, and the commitment editor."""

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from svdesk.calc.counting import DatedRecord, hours_times_people
from svdesk.formatting import format_money
from svdesk.services import measure_sources as ms
from svdesk.services.commitments import list_commitments
from svdesk.services.contracts import find_contract
from svdesk.services.proxies import shipped_defaults
from svdesk.ui import tasks
from svdesk.ui.dialogs.commitment_dialog import CommitmentDialog
from svdesk.ui.pages.measures import MeasuresPage

VOLUNTEERING_PENCE = next(
    p.pence_per_unit for p in shipped_defaults() if p.measure_key == "volunteering_hours"
)


@pytest.fixture
def volunteering(demo_store):
    salford = find_contract(demo_store, "SCC-PR-2025-041")

    def source(q):
        recs = [
            DatedRecord("volunteering:1", salford.id, date(2025, 6, 14), 6, people=5),
            DatedRecord("volunteering:2", salford.id, date(2025, 9, 6), 5, people=2, additional=False),
        ]
        recs = [r for r in recs if q.contract_id in (None, r.contract_id)]
        count = hours_times_people(recs, q.period, q.terms)
        return ms.SourceResult(
            count.quantity, count.records, {}, [replace(c, evidenced=True) for c in count.contributions]
        )

    import svdesk.services.measure_plugins  # noqa: F401  (register first, then clear)

    saved = dict(ms._SOURCES)
    ms._SOURCES.clear()
    ms.register_source("volunteering_hours", source)
    yield salford
    ms._SOURCES.clear()
    ms._SOURCES.update(saved)


def test_figures_drill_down_to_their_records(qtbot, demo_store, volunteering):
    page = MeasuresPage(demo_store, today=date(2026, 2, 10), synchronous=True)
    qtbot.addWidget(page)
    assert page.contract.currentData() == volunteering.id  # the live contract first
    page.period.setCurrentIndex(page.period.findText("FY 2025/26"))
    rows = {page.measure_model.row(i).key: i for i in range(page.measure_model.rowCount())}
    vol = page.measure_model.row(rows["volunteering_hours"])
    assert vol.quantity == 30 and vol.value_pence == 30 * VOLUNTEERING_PENCE
    assert page.card_social.value_label.text() == format_money(30 * VOLUNTEERING_PENCE)
    # the £ total says what it covers and how well it is evidenced (issues 15.4, 16.5)
    # (sources cleared but volunteering: it is the one social measure with records)
    assert page.card_social.detail_label.text() == "1 of 1 measure valued · Verified"
    assert page.card_social.toolTip().startswith(
        f"{format_money(30 * VOLUNTEERING_PENCE)} from 1 of 1 measure valued"
    )
    assert page.card_local.value_label.text() == "—"  # nothing valued: never £0
    assert page.card_local.detail_label.text() == "No £ total: 0 of 1 measure valued"
    evidence = [c.title for c in page.measure_model.columns].index("Evidence")
    assert page.measure_model.index(rows["volunteering_hours"], evidence).data() == "Verified"
    # double-click the figure: the dialog lists every record, the excluded one with its reason
    proxy_index = page.measure_table.model().index(
        page.measure_table.model()
        .mapFromSource(page.measure_model.index(rows["volunteering_hours"], 0))
        .row(),
        0,
    )
    dialog = page.open_figure(proxy_index)
    qtbot.addWidget(dialog)
    rows_by_ref = {dialog.model.row(i).ref: dialog.model.row(i) for i in range(dialog.model.rowCount())}
    assert sorted(rows_by_ref) == ["volunteering:1", "volunteering:2"]
    assert "not additional" in rows_by_ref["volunteering:2"].reason
    assert dialog.model.index(0, 5).data() == "Yes"
    jobs = page.measure_model.row(rows["local_jobs_fte_years"])
    assert page.measure_model.index(rows["local_jobs_fte_years"], 4).data() == "no records"
    assert jobs.value_pence is None


def test_commitments_tab_shows_status_and_quarters(qtbot, demo_store, volunteering):
    page = MeasuresPage(demo_store, today=date(2026, 2, 10), synchronous=True)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    assert page.commit_stack.currentIndex() == 1  # the demo has commitments
    statuses = [page.commit_model.index(i, 4).data() for i in range(page.commit_model.rowCount())]
    assert "● Behind" in statuses
    page.commit_table.selectRow(2)  # volunteering
    assert page.quarter_model.rowCount() == 8
    assert page.quarter_model.index(0, 1).data() == "30.00"
    assert page.edit_button.isEnabled()


def test_add_a_commitment_through_the_dialog(qtbot, demo_store, volunteering):
    dialog = CommitmentDialog(demo_store, None, None, volunteering.id)
    qtbot.addWidget(dialog)
    dialog.measure.setCurrentIndex(dialog.measure.findData("expert_hours"))
    assert not dialog.save_button.isEnabled()  # no target, no owner
    dialog.target.setValue(60)
    qtbot.keyClicks(dialog.milestones, "Q4 30")
    assert "should look like Q2: 40" in dialog.form.errors["milestones"].text()
    dialog.milestones.clear()
    qtbot.keyClicks(dialog.milestones, "Q4: 30")
    qtbot.keyClicks(dialog.owner, "Dawn Okafor")
    qtbot.keyClicks(dialog.owner_role, "Operations manager")
    assert not dialog.owner_named.isChecked()  # names stay out of documents by default
    assert dialog.save_button.isEnabled()
    assert "expert" in dialog.rule.text().lower()
    qtbot.mouseClick(dialog.save_button, Qt.LeftButton)
    saved = [c for c in list_commitments(demo_store, volunteering.id) if c.measure_key == "expert_hours"]
    assert saved and saved[0].milestones == {4: 30.0} and saved[0].target == 60
    assert saved[0].owner_shown == "Operations manager" and not saved[0].owner_named
    # Editing it: the tick is stored and shown again
    again = CommitmentDialog(demo_store, saved[0], None, volunteering.id)
    qtbot.addWidget(again)
    assert again.owner_role.text() == "Operations manager"
    again.owner_named.setChecked(True)
    qtbot.mouseClick(again.save_button, Qt.LeftButton)
    saved = [c for c in list_commitments(demo_store, volunteering.id) if c.measure_key == "expert_hours"]
    assert saved[0].owner_named and saved[0].owner_shown == "Dawn Okafor, operations manager"
    assert saved[0].milestones == {4: 30.0}  # saved again without a clash


SHEET = """Salford City Council social value proxy values
Ref,Description,Proxy value (£),Currency year
SAL1,Local people employed (FTE),"£28,520.00",2024
SAL3,Volunteering time,17.20,2024
SAL9,Carbon saved,245,2024
"""


def test_import_a_buyers_proxy_sheet_through_the_mapping_step(qtbot, demo_store, tmp_path):
    from svdesk.services.proxies import list_proxies
    from svdesk.ui.dialogs.proxy_dialogs import ProxyImportDialog

    salford = find_contract(demo_store, "SCC-PR-2025-041")
    path = tmp_path / "salford.csv"
    path.write_text(SHEET, encoding="utf-8")
    dialog = ProxyImportDialog(demo_store, salford.id)
    qtbot.addWidget(dialog)
    dialog.load(path)
    assert dialog.column_boxes["value"].currentText() == "Proxy value (£)"
    assert dialog.match.rowCount() == 3
    # nothing matched yet: every row has a problem and Import stays disabled
    assert dialog.preview.error_count == 3 and not dialog.import_button.isEnabled()
    qtbot.keyClicks(dialog.default_source, "Salford tender pack proxy sheet")
    boxes = [dialog.match.cellWidget(i, 2) for i in range(3)]
    assert dialog.match.item(0, 1).text() == "Local people employed (FTE) · 2024"
    boxes[0].setCurrentIndex(boxes[0].findData("local_jobs_fte_years"))
    boxes[1].setCurrentIndex(boxes[1].findData("volunteering_hours"))
    assert dialog.preview.error_count == 1 and not dialog.import_button.isEnabled()
    assert boxes[2].findData("co2e_tonnes") < 0  # emissions are never valued in £
    boxes[2].setCurrentIndex(boxes[2].findData(dialog.SKIP))
    assert dialog.import_button.isEnabled()
    assert dialog.summary.text() == "2 values ready."
    qtbot.mouseClick(dialog.import_button, Qt.LeftButton)
    own = {
        p.measure_key: p.pence_per_unit
        for p in list_proxies(demo_store, salford.id)
        if p.contract_id == salford.id
    }
    assert own == {"local_jobs_fte_years": 2_852_000, "volunteering_hours": 1720}


def test_add_a_buyers_measure_map_it_and_record_a_quantity(qtbot, demo_store):
    from svdesk.services.measures import compute_measures
    from svdesk.ui.dialogs.measure_library import (
        OWN_FRAMEWORK,
        CustomMeasureDialog,
        EntryDialog,
        MappingDialog,
        MeasureLibraryDialog,
    )

    library = MeasureLibraryDialog(demo_store)
    qtbot.addWidget(library)
    assert library.model.rowCount() == 23
    library.table.selectRow(0)
    assert "PPN 06/20 outcome 2" in library.mappings.item(0).text()
    assert not library.entry_button.isEnabled()  # svdesk's measures come from records

    measure = CustomMeasureDialog(demo_store)
    qtbot.addWidget(measure)
    qtbot.keyClicks(measure.name, "Visits to Salford schools")
    assert measure.key.text() == "visits_to_salford_schools"
    assert not measure.save_button.isEnabled()  # no unit yet
    qtbot.keyClicks(measure.unit, "visits")
    qtbot.mouseClick(measure.save_button, Qt.LeftButton)
    key = measure.saved.key

    mapping = MappingDialog(demo_store, key)
    qtbot.addWidget(mapping)
    mapping.framework.setCurrentIndex(mapping.framework.findData(OWN_FRAMEWORK))
    assert not mapping.save_button.isEnabled()
    qtbot.keyClicks(mapping.own_name, "Salford commitments")
    qtbot.keyClicks(mapping.own_outcome, "Putting Salford first")
    qtbot.mouseClick(mapping.save_button, Qt.LeftButton)

    library.refresh(key)
    assert library.selected().key == key and library.entry_button.isEnabled()
    assert "Putting Salford first" in library.mappings.item(0).text()

    salford = find_contract(demo_store, "SCC-PR-2025-041")
    entry = EntryDialog(demo_store, library.selected())
    qtbot.addWidget(entry)
    entry.contract.setCurrentIndex(entry.contract.findData(salford.id))
    entry.day.set_value(date(2025, 10, 8))
    entry.quantity.setValue(3)
    assert entry.save_button.isEnabled()
    qtbot.mouseClick(entry.save_button, Qt.LeftButton)
    figure = next(f for f in compute_measures(demo_store, salford.id) if f.key == key)
    assert figure.quantity == 3 and figure.records == 1


def test_sroi_tab_applies_assumptions_and_the_rate(qtbot, demo_store, volunteering):
    from svdesk.services.sroi import AssumptionData
    from svdesk.ui.pages.measures_sroi import AssumptionDialog

    page = MeasuresPage(demo_store, today=date(2026, 2, 10), synchronous=True)
    qtbot.addWidget(page)
    page.period.setCurrentIndex(page.period.findText("FY 2025/26"))
    panel = page.sroi
    assert panel.rate.value() == 3.5
    [line] = panel.view.result.lines  # volunteering only: the one valued figure
    assert line.gross_pence == 30 * VOLUNTEERING_PENCE
    qtbot.keyClicks(panel.inputs, "250")
    pv = 30 * VOLUNTEERING_PENCE / 1.035  # discounted one year at 3.5%
    assert panel.result.text() == (
        f"Present value {format_money(round(pv))} · £{pv / 100 / 250:.2f} of value for every £1 of inputs"
    )
    panel.table.selectRow(0)
    dialog = AssumptionDialog(
        demo_store, AssumptionData("volunteering_hours", volunteering.id), "Volunteering"
    )
    qtbot.addWidget(dialog)
    dialog.spins["deadweight"].setValue(50)
    dialog.accept()
    panel.rate.setValue(0)
    panel.recompute()
    assert panel.view.result.present_value_pence == pytest.approx(30 * VOLUNTEERING_PENCE * 0.5)
    assert "deadweight 50%" in panel.model.index(0, 5).data()


def test_a_page_with_nothing_recorded_says_where_figures_come_from(qtbot, demo_store):
    import svdesk.services.measure_plugins  # noqa: F401  (register first, then clear)
    from svdesk.services.measure_entries import delete_entry, list_entries

    for entry in list_entries(demo_store):  # the demo's hand entries are records too
        delete_entry(demo_store, entry.id)
    saved, spend = dict(ms._SOURCES), list(ms._SPEND)
    ms._SOURCES.clear()
    ms._SPEND.clear()
    try:
        page = MeasuresPage(demo_store, today=date(2026, 2, 10), synchronous=True)
        qtbot.addWidget(page)
        assert page.nothing_yet.isVisibleTo(page)
        assert "People & skills" in page.nothing_yet.text()
    finally:
        ms._SOURCES.update(saved)
        ms._SPEND[:] = spend


def test_figures_are_counted_off_the_gui_thread(qtbot, demo_store, volunteering):
    page = MeasuresPage(demo_store, today=date(2026, 2, 10))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.overview is not None, timeout=10_000)
    assert page.overview.contract.id == volunteering.id
    page.period.setCurrentIndex(page.period.findText("FY 2025/26"))
    qtbot.waitUntil(lambda: page.overview.period.start == date(2025, 4, 1), timeout=10_000)
    vol = next(f for f in page.overview.figures if f.key == "volunteering_hours")
    assert vol.quantity == 30
    qtbot.waitUntil(lambda: not tasks.busy(page, "counts"), timeout=10_000)


def test_drill_down_opens_the_record_in_its_own_area(qtbot):
    from svdesk.calc.counting import Contribution
    from svdesk.services.measures import MeasureFigure
    from svdesk.ui.dialogs.figure_detail import FigureDetailDialog
    from svdesk.ui.record_links import _OPENERS, open_record, register_opener

    opened = []
    before = _OPENERS.get("volunteering")
    register_opener("volunteering", lambda parent, record_id: opened.append(record_id))
    try:
        figure = MeasureFigure(
            "volunteering_hours",
            "Staff volunteering hours",
            "hours",
            "social",
            30,
            1693,
            50_790,
            1,
            contributions=[
                Contribution(
                    "volunteering:7", 30, True, "6 hours x 5 people", label="Litter pick, Ordsall Park"
                )
            ],
        )
        dialog = FigureDetailDialog(figure)
        qtbot.addWidget(dialog)
        assert dialog.model.index(0, 0).data() == "Litter pick, Ordsall Park"
        index = dialog.table.model().index(0, 0)
        dialog.table.doubleClicked.emit(index)
        assert opened == ["7"]
        assert not open_record(dialog, "spend_line:3")  # no area opens it yet
    finally:
        register_opener("volunteering", before) if before else _OPENERS.pop("volunteering", None)


def test_money_figures_and_quarters_are_shown_as_money(qtbot, demo_store):
    page = MeasuresPage(demo_store, today=date(2026, 2, 10), synchronous=True)
    qtbot.addWidget(page)
    page.period.setCurrentIndex(page.period.findText("FY 2025/26"))
    rows = {page.measure_model.row(i).key: i for i in range(page.measure_model.rowCount())}
    spend = page.measure_model.row(rows["local_spend_gbp"])
    dialog = page.open_figure(
        page.measure_table.model().index(
            page.measure_table.model()
            .mapFromSource(page.measure_model.index(rows["local_spend_gbp"], 0))
            .row(),
            0,
        )
    )
    qtbot.addWidget(dialog)
    claimed = next(i for i in range(dialog.model.rowCount()) if dialog.model.row(i).claimed)
    supplier = dialog.model.row(claimed)
    assert dialog.model.index(claimed, 1).data() == f"£{supplier.quantity:,.2f}"
    assert sum(c.quantity for c in spend.contributions) == pytest.approx(spend.quantity)
    page.tabs.setCurrentIndex(1)
    row = next(
        i
        for i in range(page.commit_model.rowCount())
        if page.commit_model.row(i).commitment.measure_key == "local_spend_gbp"
    )
    page.commit_table.selectRow(row)
    first = page.quarter_model.row(0)
    assert page.quarter_model.index(0, 1).data() == f"£{first.actual:,.2f}"
    assert page.quarter_model.index(0, 3).data().startswith("£")
    page.commit_table.selectRow(
        next(
            i for i in range(page.commit_model.rowCount()) if page.commit_model.row(i).measure.unit == "hours"
        )
    )
    assert not page.quarter_model.index(0, 2).data().startswith("£")


def test_a_commitments_delivery_opens_the_records_behind_it(qtbot, demo_store):
    page = MeasuresPage(demo_store, today=date(2026, 2, 10), synchronous=True)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    for key in ("local_jobs_fte_years", "volunteering_hours", "local_spend_gbp", "real_living_wage_share"):
        row = next(
            i
            for i in range(page.commit_model.rowCount())
            if page.commit_model.row(i).commitment.measure_key == key
        )
        page.commit_table.selectRow(row)
        report = page.selected_commitment()
        quarter = next(r for r in report.delivery.rows if r.quarter.number == 2)
        page.quarter_table.doubleClicked.emit(page.quarter_model.index(1, 1))
        qtbot.addWidget(page.detail)
        assert page.detail.figure.key == key
        assert page.detail.figure.quantity == pytest.approx(quarter.actual)
        assert page.detail.figure.contributions  # the records, with their evidence
        assert "Q2: 1 Jul 2025 to 30 Sep 2025" in page.detail.scope.text()
        assert page.records_button.isEnabled()
        page.records_button.click()
        qtbot.addWidget(page.detail)
        assert page.detail.figure.quantity == pytest.approx(report.delivery.delivered)


def test_the_evidence_card_opens_the_figures_with_their_evidence(qtbot, demo_store):
    page = MeasuresPage(demo_store, today=date(2026, 2, 10), synchronous=True)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(2)
    qtbot.mouseClick(page.card_evidence, Qt.LeftButton)
    assert page.tabs.tabText(page.tabs.currentIndex()) == "Measures"
    titles = [
        page.measure_model.headerData(i, Qt.Horizontal) for i in range(page.measure_model.columnCount())
    ]
    assert "Evidence" in titles
