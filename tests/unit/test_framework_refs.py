"""Issue 15.5: each measure in every document carries the codes a buyer scores against (PPN 06/20
MAC, PPN 002 outcome, the buyer's own framework or KPI names); frameworks are versioned data,
and wording that is not verified never reaches a document a buyer receives."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from svdesk.calc.framework_refs import BUYER_COLUMN, measure_refs, refs_text
from svdesk.calc.frameworks import (
    FrameworkFileError,
    builtin_measure,
    load_frameworks,
    parse_framework,
    parse_measures,
)
from svdesk.exports import model as m
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import build, context
from svdesk.resources import resource_path
from svdesk.services.measure_library import add_mapping

pytestmark = pytest.mark.both_stores

SALFORD, MANCHESTER = "SCC-PR-2025-041", "MCC-T-2026-118"
TODAY = date(2026, 12, 5)


def test_the_app_sees_every_reference_and_a_buyer_only_verified_ones():
    jobs = builtin_measure("local_jobs_fte_years")
    mine = measure_refs(jobs)
    assert refs_text(mine["PPN 06/20"], buyer=False) == (
        "MAC 2.2 Employment and training opportunities for people facing barriers or in "
        "deprived areas (not verified)"
    )
    assert refs_text(mine["PPN 002"]) == "Outcome 1 Fair work; Outcome 6 Employment and training"
    # a buyer sees the verified policy outcome the unverified MAC belongs to
    theirs = measure_refs(jobs, buyer=True)
    assert refs_text(theirs["PPN 06/20"]) == "Policy outcome 2 Create new businesses, new jobs and new skills"
    for key in ("priority_group_hires", "co2e_tonnes", "real_living_wage_share", "sme_spend_gbp"):
        refs = measure_refs(builtin_measure(key), buyer=True)
        assert all(r.verified for col in refs.values() for r in col)
        assert refs["PPN 06/20"] and refs["PPN 002"]


def test_a_verified_criterion_is_cited_as_itself(tmp_path):
    fw = load_frameworks()["ppn_06_20"]
    assert fw.criterion("MAC 2.1").verified and fw.cite == "criteria"
    yaml_text = (
        resource_path("frameworks", "svdesk_measures.yaml")
        .read_text(encoding="utf-8")
        .replace('criteria: ["ppn_06_20:MAC 2.2", "ppn_002:MAC 1a"]', 'criteria: ["ppn_06_20:MAC 2.1"]')
    )
    path = tmp_path / "measures.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    jobs = next(x for x in parse_measures(path, load_frameworks()) if x.key == "local_jobs_fte_years")
    assert refs_text(measure_refs(jobs, buyer=True)["PPN 06/20"]).startswith(
        "MAC 2.1 Create opportunities for entrepreneurship"
    )


def test_a_successor_model_is_a_data_file_not_code(tmp_path):
    path = tmp_path / "ppn_next.yaml"
    path.write_text(
        """key: ppn_next
name: A successor social value model
short_name: PPN 0XX
cite: criteria
outcome_label: Outcome
groups: [{key: g, name: Growth}]
outcomes: [{key: "1", group: g, name: Good jobs}]
criteria:
  - {key: A1, outcome: "1", name: Create good local jobs}
  - {key: A2, outcome: "1", name: Wording not yet checked, verified: false}
""",
        encoding="utf-8",
    )
    frameworks = dict(load_frameworks()) | {"ppn_next": parse_framework(path)}
    measure = builtin_measure("local_jobs_fte_years")
    measure = type(measure)(
        **{
            **measure.__dict__,
            "maps_to": measure.maps_to + ("ppn_next:1",),
            "criteria": measure.criteria + ("ppn_next:A1", "ppn_next:A2"),
        }
    )
    refs = measure_refs(measure, buyer=True, frameworks=frameworks)
    assert list(refs) == ["PPN 06/20", "PPN 002", "PPN 0XX", BUYER_COLUMN]
    # A2 is unverified: the buyer sees its (verified) outcome instead
    assert refs_text(refs["PPN 0XX"]) == "A1 Create good local jobs; Outcome 1 Good jobs"
    bad = tmp_path / "bad.yaml"
    bad.write_text(path.read_text(encoding="utf-8").replace("cite: criteria", "cite: macs"), encoding="utf-8")
    with pytest.raises(FrameworkFileError, match="cite"):
        parse_framework(bad)


def test_a_measure_naming_an_unknown_criterion_is_refused(tmp_path):
    text = resource_path("frameworks", "svdesk_measures.yaml").read_text(encoding="utf-8")
    path = tmp_path / "measures.yaml"
    path.write_text(text.replace('"ppn_06_20:MAC 4.1"', '"ppn_06_20:MAC 9.9"'), encoding="utf-8")
    with pytest.raises(FrameworkFileError, match="MAC 9.9"):
        parse_measures(path, load_frameworks())


def test_buyer_kpi_names_and_the_buyers_own_framework_are_cited():
    jobs = builtin_measure("local_jobs_fte_years")
    refs = measure_refs(jobs, buyer=True, buyer_kpis=["SV3 Local people employed"])
    assert refs_text(refs[BUYER_COLUMN]) == "SV3 Local people employed"


def _codes(doc: m.Document) -> dict[str, dict[str, str]]:
    def tables(blocks):
        for b in blocks:
            if isinstance(b, m.Section):
                yield from tables(b.blocks)
            elif isinstance(b, m.Table) and "PPN 002" in [c.title for c in b.columns]:
                yield b

    table = next(t for s in doc.sections for t in tables(s.blocks))
    titles = [c.title for c in table.columns]
    return {r[0]: dict(zip(titles[1:], r[1:], strict=True)) for r in table.rows}


@pytest.mark.parametrize("kind", ["pack", "statement", "workbook"])
def test_buyer_documents_carry_the_codes_and_never_not_verified(demo_store, kind):
    req = ExportRequest(kind, contract_ref=SALFORD, today=TODAY)
    ctx = context(demo_store, req)
    doc = build(demo_store, req, ctx)
    text = " ".join(m.walk_text(doc))
    assert "not verified" not in text.lower()
    jobs = builtin_measure("local_jobs_fte_years")
    expected = measure_refs(jobs, buyer=True)
    if kind == "workbook":
        sheet = next(s for s in doc.sheets if s.name == "Measures")
        titles = [c.title for c in sheet.table.columns]
        row = next(r for r in sheet.table.rows if r[0] == jobs.name)
        got = {t: row[titles.index(t)] for t in ("PPN 06/20", "PPN 002")}
    else:
        got = _codes(doc)[jobs.name]
    assert got["PPN 06/20"] == refs_text(expected["PPN 06/20"])
    assert got["PPN 002"] == refs_text(expected["PPN 002"])


def test_a_buyers_own_framework_is_printed_only_for_that_buyer(demo_store):
    add_mapping(demo_store, "local_spend_gbp", "Salford", "Buying in Salford")
    salford = _codes(build(demo_store, ExportRequest("pack", contract_ref=SALFORD, today=TODAY)))
    assert salford["Spend with local suppliers"][BUYER_COLUMN] == "Salford: Buying in Salford"
    manchester = build(demo_store, ExportRequest("pack", contract_ref=MANCHESTER, today=TODAY))
    assert "Buying in Salford" not in " ".join(m.walk_text(manchester))
    codes = _codes(manchester)["Spend with local suppliers"]
    assert codes["PPN 002"] and BUYER_COLUMN not in codes  # no empty buyer column either


def test_shipped_framework_files_say_what_they_cite():
    frameworks = load_frameworks()
    assert frameworks["ppn_06_20"].cite == "criteria"
    assert frameworks["ppn_002"].cite == "outcomes"
    assert Path(resource_path("frameworks", "ppn_002.yaml")).is_file()


def test_the_contract_return_carries_codes_and_each_rows_evidence_tier(demo_store):
    req = ExportRequest("return", contract_ref=SALFORD, today=TODAY)
    book = build(demo_store, req)
    codes = next(s for s in book.sheets if s.name == "Codes")
    rows = {r[0]: r for r in codes.table.rows}
    jobs = builtin_measure("local_jobs_fte_years")
    titles = [c.title for c in codes.table.columns]
    assert rows[jobs.name][titles.index("PPN 002")] == refs_text(measure_refs(jobs, buyer=True)["PPN 002"])
    ret = next(s for s in book.sheets if s.name == "Return")
    col = [c.title for c in ret.table.columns].index("Evidence tier and references")
    tiers = ("Verified", "Partly evidenced", "Not evidenced")
    cells = [r[col] for r in ret.table.rows if r[col]]
    assert cells and all(c.startswith(tiers) for c in cells)  # each KPI row leads with its tier
    assert "not verified" not in " ".join(m.walk_text(book)).lower()


def test_the_tender_schedule_lists_the_codes_of_each_commitment(demo_store):
    from svdesk.exports.build_tender import build_tender
    from svdesk.exports.tender_spec import TenderCommitment, TenderSpec

    spec = TenderSpec(
        MANCHESTER,
        "Describe the social value you will deliver.",
        "",
        "",
        750,
        "words",
        "Operations manager",
        [
            TenderCommitment("local_jobs_fte_years", "Local jobs", "FTE-years", 5),
            TenderCommitment("co2e_tonnes", "Emissions", "tCO2e", 20),
        ],
    )
    ctx = context(demo_store, ExportRequest("tender", contract_ref=MANCHESTER, today=TODAY))
    _doc, book = build_tender(ctx, spec)
    sheet = next(s for s in book.sheets if s.name == "Codes")
    titles = [c.title for c in sheet.table.columns]
    rows = {r[0]: dict(zip(titles, r, strict=True)) for r in sheet.table.rows}
    co2 = builtin_measure("co2e_tonnes")
    assert set(rows) == {builtin_measure("local_jobs_fte_years").name, co2.name}
    assert rows[co2.name]["PPN 06/20"] == "Policy outcome 4 Effective stewardship of the environment"
    assert rows[co2.name]["PPN 002"] == "Outcome 4 Sustainable procurement practices"


def test_the_buyers_own_kpi_code_given_for_a_return_reaches_the_codes(demo_store):
    """#15.5: the KPI code and name the user keeps with the contract return (buyer_kpi) are the
    buyer's own reference in every document's codes, for that contract only."""
    from svdesk.services.commitments import list_commitments
    from svdesk.services.contract_return import save_buyer_kpi
    from svdesk.services.contracts import find_contract

    salford = find_contract(demo_store, SALFORD)
    jobs = next(
        c for c in list_commitments(demo_store, salford.id) if c.measure_key == "local_jobs_fte_years"
    )
    save_buyer_kpi(demo_store, jobs.id, "SV3", "Local people employed")
    for kind in ("pack", "statement"):
        codes = _codes(build(demo_store, ExportRequest(kind, contract_ref=SALFORD, today=TODAY)))
        name = builtin_measure("local_jobs_fte_years").name
        assert "SV3 Local people employed" in codes[name][BUYER_COLUMN]
    manchester = build(demo_store, ExportRequest("pack", contract_ref=MANCHESTER, today=TODAY))
    assert "SV3" not in " ".join(m.walk_text(manchester))
