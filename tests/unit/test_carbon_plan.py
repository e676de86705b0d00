"""The Carbon Reduction Plan (PPN 006): footprints from the environment records, the checks that
name what would get a plan rejected, and the PDF/Word export from the command line."""

from datetime import date

import pytest

from svdesk.calc.periods import Period
from svdesk.services import activities
from svdesk.services.activity_kinds import default_values
from svdesk.services.carbon_plan import CATEGORIES, PlanData, crp_figures, footprint, get_plan, save_plan
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores

TODAY = date(2026, 12, 1)
BASELINE = Period("FY 2024/25", date(2024, 4, 1), date(2025, 3, 31))
CURRENT = Period("FY 2025/26", date(2025, 4, 1), date(2026, 3, 31))
KM_PER_MILE = 1.609344


@pytest.fixture
def firm(store):
    from svdesk.services.organisation import OrganisationData, save_organisation

    save_organisation(store, OrganisationData(name="Test Joinery Ltd", postcode="M5 4WT", year_start_month=4))
    return store


def emission(store, day, category, key, quantity):
    return activities.save_record(
        store,
        "emission_record",
        default_values("emission_record")
        | {"date": day, "category": category, "factor_key": key, "quantity": quantity},
    )


def waste(store, day, route, tonnes):
    return activities.save_record(
        store,
        "waste_record",
        default_values("waste_record")
        | {"date": day, "waste_stream": "Mixed waste", "route": route, "tonnes": tonnes},
    )


@pytest.fixture
def records(firm):
    # Baseline FY 2024/25, DESNZ 2024 factors unless dated 2025:
    emission(firm, date(2024, 6, 1), "energy", "electricity_uk", 10_000)  # 10,000 × 0.20705
    emission(firm, date(2024, 6, 1), "energy", "electricity_td", 10_000)  # 10,000 × 0.01830
    emission(firm, date(2024, 9, 1), "fuel", "diesel", 1_000)  # 1,000 × 2.51279
    emission(firm, date(2024, 10, 1), "travel", "rail", 100)  # 100 mi = 160.9344 pkm × 0.03546
    emission(firm, date(2024, 11, 1), "commuting", "car_average", 500)  # 500 × 0.26860
    waste(firm, date(2025, 1, 15), "landfill", 2)  # 2 t × 520.53270 (2025 edition)
    waste(firm, date(2025, 2, 15), "reused", 1)  # no DESNZ factor: named
    # Current FY 2025/26, DESNZ 2025 factors:
    emission(firm, date(2025, 6, 1), "energy", "electricity_uk", 8_000)  # 8,000 × 0.17700
    emission(firm, date(2025, 9, 1), "fuel", "diesel", 800)  # 800 × 2.57082
    return firm


def signed(**changes) -> PlanData:
    plan = PlanData(
        baseline_start=BASELINE.start,
        baseline_end=BASELINE.end,
        current_start=CURRENT.start,
        current_end=CURRENT.end,
        scope_notes={
            key: "Not measured yet: a survey is planned."
            for key in ("upstream", "downstream", "waste", "business_travel", "commuting")
        },
        target_year=2030,
        target_tonnes=3.0,
        signatory_name="A Director",
        signatory_role="Managing Director",
        signed_on=date(2026, 11, 20),
    )
    for key, value in changes.items():
        setattr(plan, key, value)
    return plan


def test_each_record_lands_in_its_scope_and_category(records):
    fp = footprint(records, BASELINE)
    assert fp.figure("scope2") == pytest.approx(10_000 * 0.20705 / 1000)  # 2.0705
    assert fp.figure("scope1") == pytest.approx(1_000 * 2.51279 / 1000)  # 2.51279
    assert fp.figure("business_travel") == pytest.approx(100 * KM_PER_MILE * 0.03546 / 1000)
    assert fp.figure("commuting") == pytest.approx(500 * 0.26860 / 1000)  # 0.1343
    assert fp.figure("waste") == pytest.approx(2 * 520.53270 / 1000)  # 1.0410654
    # no record: no figure, never a false 0
    assert fp.figure("upstream") is None and fp.figure("downstream") is None
    # transmission losses are scope 3 but not one of PPN 006's five categories: apart, not in
    # the total
    assert fp.other_scope3 == pytest.approx(10_000 * 0.01830 / 1000)
    assert fp.total == pytest.approx(
        2.0705 + 2.51279 + 100 * KM_PER_MILE * 0.03546 / 1000 + 0.1343 + 1.0410654
    )
    assert len(fp.not_counted) == 1 and "reused" in fp.not_counted[0]
    assert fp.editions == {2024, 2025}


def test_energy_fuel_and_travel_carbon_is_the_records_own_figure(records):
    """One computation: the plan's emission-record carbon is what the records table totals."""
    fp = footprint(records, BASELINE)
    from_records = activities.totals(records, "emission_record", start=BASELINE.start, end=BASELINE.end)[
        "tonnes_co2e"
    ]
    assert fp.total - fp.figure("waste") + fp.other_scope3 == pytest.approx(from_records)


def test_a_complete_plan_has_no_problems_and_shows_both_years(records):
    save_plan(records, signed())
    f = crp_figures(records, today=TODAY)
    assert f.problems == []
    assert f.current.figure("scope2") == pytest.approx(8_000 * 0.17700 / 1000)  # 1.416
    assert f.current.figure("scope1") == pytest.approx(800 * 2.57082 / 1000)  # 2.056656
    # target 3.0 t against a baseline of 5.7636... t: (5.76365 - 3) / 5.76365 = 47.9%
    assert f.target_reduction == pytest.approx((f.baseline.total - 3.0) / f.baseline.total)
    assert f.reduction_so_far == pytest.approx((f.baseline.total - 3.472656) / f.baseline.total)


def test_a_scope_with_no_figure_and_no_explanation_is_named(records):
    save_plan(records, signed(scope_notes={"upstream": "Suppliers deliver; not reported."}))
    problems = crp_figures(records, today=TODAY).problems
    # current year has no waste, travel or commuting records and now no explanation either;
    # downstream has neither in both years; upstream is explained
    named = [p for p in problems if "no figure" in p]
    assert any("downstream" in p and "baseline" in p for p in named)
    assert any("employee commuting" in p and "current period" in p for p in named)
    assert not any("employee commuting" in p and "baseline" in p for p in named)
    assert not any("upstream" in p for p in named)
    assert len(named) == 5  # downstream × 2, waste, business travel, commuting (current)


@pytest.mark.parametrize(
    "changes, words",
    [
        ({"baseline_start": date(2024, 1, 1), "baseline_end": date(2024, 12, 31)}, "cover different months"),
        ({"baseline_start": date(2024, 4, 1), "baseline_end": date(2024, 9, 30)}, "different lengths"),
        ({"signatory_name": ""}, "No one has signed the plan off"),
        ({"signed_on": None}, "date the plan was signed off"),
        ({"net_zero_year": 2055}, "net zero by 2050 at the latest"),
        ({"baseline_start": None, "baseline_end": None}, "no baseline period"),
    ],
)
def test_what_would_get_the_plan_rejected_is_named(records, changes, words):
    save_plan(records, signed(**changes))
    problems = crp_figures(records, today=TODAY).problems
    assert any(words in p for p in problems), problems


def test_a_current_period_older_than_12_months_is_named(records):
    save_plan(records, signed())
    assert crp_figures(records, today=date(2027, 3, 31)).problems == []
    problems = crp_figures(records, today=date(2027, 4, 2)).problems
    assert any("ended more than 12 months ago" in p for p in problems)
    # --year for a year still running
    problems = crp_figures(records, date(2026, 4, 1), date(2027, 3, 31), today=TODAY).problems
    assert any("has not ended yet" in p for p in problems)


def test_the_form_is_stored_and_validated(firm):
    assert get_plan(firm).net_zero_year == 2050
    saved = save_plan(firm, signed(planned_projects="  Heat pump  "))
    assert saved.planned_projects == "Heat pump"
    assert saved.scope_notes["commuting"] == "Not measured yet: a survey is planned."
    with pytest.raises(ValidationError) as exc:
        save_plan(firm, signed(current_end=date(2025, 1, 1)))
    assert "current_end" in exc.value.errors
    with pytest.raises(ValidationError):
        save_plan(firm, signed(scope_notes={"scope4": "?"}))


def test_export_refuses_naming_the_problems_then_writes_pdf_and_word(records, tmp_path, capsys):
    from docx import Document

    from svdesk.cli import main

    out = tmp_path / "crp.pdf"
    assert main(["export", "crp", "--db", records.where, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "No one has signed the plan off" in err and "no baseline period" in err
    assert not out.exists()
    save_plan(records, signed())
    assert main(["export", "crp", "--db", records.where, "--year", "2025", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    word = tmp_path / "crp.docx"
    assert main(["export", "crp", "--db", records.where, "--year", "2025", "--out", str(word)]) == 0
    text = "\n".join(p.text for p in Document(word).paragraphs)
    cells = [c.text for t in Document(word).tables for row in t.rows for c in row.cells]
    assert "committed to achieving Net Zero emissions by 2050" in text
    assert "A Director" in cells and "Managing Director" in cells
    assert "1.42" in cells and "2.06" in cells  # current scope 2 and scope 1, tCO2e
    assert cells.count("Not reported") >= 2


def test_document_follows_the_template_order(records):
    from svdesk.exports.build_common import ExportRequest
    from svdesk.exports.runner import build, context

    save_plan(records, signed())
    req = ExportRequest("crp", year=2025, today=TODAY)
    doc = build(records, req, context(records, req))
    assert [s.heading for s in doc.sections] == [
        "Commitment to achieving net zero",
        "Baseline emissions footprint",
        "Current emissions reporting",
        "Emissions reduction targets",
        "Carbon reduction projects",
        "Declaration and sign off",
    ]
    from svdesk.exports import model as m

    table = next(b for b in doc.sections[1].blocks if isinstance(b, m.Table))
    assert [r[0] for r in table.rows] == [label for _s, label in CATEGORIES.values()]
    assert table.totals()[1] == pytest.approx(crp_figures(records, today=TODAY).baseline.total)


def test_demo_plan_exports_once_signed(demo_store, tmp_path):
    from svdesk.exports.build_common import ExportRequest
    from svdesk.exports.runner import export_now

    with pytest.raises(ValidationError):
        export_now(demo_store, ExportRequest("crp", today=TODAY), tmp_path / "x.pdf")
    fy = Period("FY 2025/26", date(2025, 4, 1), date(2026, 3, 31))
    save_plan(
        demo_store,
        signed(baseline_start=fy.start, baseline_end=fy.end, current_start=fy.start, current_end=fy.end),
    )
    result = export_now(demo_store, ExportRequest("crp", today=TODAY), tmp_path / "demo.pdf")
    assert result.path.stat().st_size > 0
    f = crp_figures(demo_store, today=TODAY)
    # the demo's vans are company vans (scope 1), its workshop electricity scope 2
    assert f.current.figure("scope1") > f.current.figure("scope2") > 0
    assert f.current.figure("waste") > 0
