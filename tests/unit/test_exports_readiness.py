"""Issue 15 point 7: before any export svdesk says what is not ready to send, each problem with
its fix; a blocker for placeholder text or nothing to show, warnings for empty sections, claims
without evidence, suppliers without postcodes, part periods, unvalued measures and records not
claimed. The command line prints them, and with --strict writes nothing and exits 3."""

from __future__ import annotations

from datetime import date

import pytest

from svdesk.cli import main
from svdesk.exports.build_common import ExportRequest
from svdesk.exports.readiness import BLOCKER, WARNING, check
from svdesk.services.commitments import list_commitments
from svdesk.services.contracts import find_contract

pytestmark = pytest.mark.both_stores

SALFORD, MANCHESTER = "SCC-PR-2025-041", "MCC-T-2026-118"
TODAY = date(2026, 12, 5)


def _codes(readiness) -> dict[str, str]:
    return {i.code: i.level for i in readiness.issues}


def test_a_tender_with_no_commitments_is_blocked_with_its_fix(demo_store):
    assert list_commitments(demo_store, find_contract(demo_store, MANCHESTER).id) == []
    r = check(demo_store, ExportRequest("tender", contract_ref=MANCHESTER, today=TODAY), suffix=".pdf")
    assert _codes(r)["placeholder"] == BLOCKER
    blocker = r.blockers[0]
    assert "No commitments chosen yet" in blocker.message and "Choose the commitments" in blocker.fix
    assert _codes(r)["empty_section"] == WARNING
    assert "Our commitments" in r.warnings[0].message
    assert r.issues[0].is_blocker  # blockers come first
    assert "1 blocker" in r.summary()


def test_the_salford_pack_warns_of_each_gap_and_says_how_to_fix_it(demo_store):
    r = check(demo_store, ExportRequest("pack", contract_ref=SALFORD, today=TODAY))
    codes = _codes(r)
    assert not r.blockers
    for code in ("part_period", "no_evidence", "unvalued", "no_postcode"):
        assert codes[code] == WARNING, code
    by_code = {i.code: i for i in r.issues}
    assert "5 Dec 2026" in by_code["part_period"].message
    assert "2 suppliers" in by_code["no_postcode"].message
    assert "Spend > Suppliers" in by_code["no_postcode"].fix
    assert all(i.fix for i in r.issues)


def test_records_not_confirmed_as_additional_are_flagged(demo_store):
    # FY 2025/26 organisation-wide: donations, pro-bono and volunteering not yet confirmed
    r = check(demo_store, ExportRequest("statement", year=2025, today=TODAY))
    issue = next(i for i in r.issues if i.code == "not_claimed")
    assert "donation: 2" in issue.message and "volunteering: 1" in issue.message
    assert "Extra to the contract?" in issue.fix
    assert "part_period" not in _codes(r)  # a whole year, over


def test_a_period_that_has_ended_on_a_quarter_is_not_a_part_period(demo_store):
    r = check(
        demo_store,
        ExportRequest(
            "pack", contract_ref=SALFORD, start=date(2026, 7, 1), end=date(2026, 9, 30), today=TODAY
        ),
    )
    assert "part_period" not in _codes(r)
    r = check(
        demo_store,
        ExportRequest(
            "pack", contract_ref=SALFORD, start=date(2026, 10, 1), end=date(2026, 12, 31), today=TODAY
        ),
    )
    assert _codes(r)["part_period"] == WARNING


def test_an_empty_organisation_has_nothing_to_show(store):
    from svdesk.services.organisation import OrganisationData, save_organisation

    save_organisation(store, OrganisationData(name="New Firm Ltd"))
    for kind in ("pack", "statement", "workbook"):
        r = check(store, ExportRequest(kind, today=TODAY))
        assert _codes(r)["nothing_to_show"] == BLOCKER, kind
        assert "every figure would be nil" in r.blockers[0].message


def test_the_assessment_report_of_the_demo_is_ready(demo_store):
    r = check(demo_store, ExportRequest("assessment", today=TODAY))
    assert r.ready and "ready to send" in r.summary()


def test_the_command_line_prints_the_check_and_strict_refuses(demo_store, tmp_path, capsys):
    db = demo_store.where
    out = tmp_path / "answer.pdf"
    code = main(["export", "tender", "--db", db, "--contract", MANCHESTER, "--out", str(out), "--strict"])
    text = capsys.readouterr().out
    assert code == 3 and not out.exists()
    assert "Blocker: The document says “No commitments chosen yet”" in text
    assert "Fix: Choose the commitments" in text and "Not written: --strict" in text
    # without --strict the problems are printed and the file is written
    assert main(["export", "tender", "--db", db, "--contract", MANCHESTER, "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Blocker:" in text and out.is_file()
    # a document with nothing to fix passes --strict
    report = tmp_path / "assessment.pdf"
    assert main(["export", "assessment", "--db", db, "--out", str(report), "--strict"]) == 0
    assert "ready to send" in capsys.readouterr().out and report.is_file()
