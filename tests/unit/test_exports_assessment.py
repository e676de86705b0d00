"""The self-assessment report carries the scores the assessment service computes."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from svdesk.exports.build_common import ExportRequest
from svdesk.exports.runner import export_now
from svdesk.formatting import format_percent
from svdesk.services import assessment as svc

pytestmark = pytest.mark.both_stores


def test_report_matches_the_latest_completed_assessment(demo_store, tmp_path):
    done = svc.completed_assessments(demo_store)
    assert len(done) >= 2, "the demo has two assessments a year apart"
    results = svc.assessment_results(demo_store, done[0].id)
    out = tmp_path / "assessment.pdf"
    export_now(demo_store, ExportRequest("assessment"), out)
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert format_percent(results.score) in text
    for section in results.sections:
        assert section.title in text
        assert format_percent(section.score) in text
    assert "Compared with the previous assessment" in text
    assert "Action plan" in text


def test_without_an_assessment_the_report_says_so(store, tmp_path):
    from svdesk.services.organisation import OrganisationData, save_organisation

    save_organisation(store, OrganisationData(name="Mersey Cleaning CIC", postcode="M5 4WT"))
    out = tmp_path / "assessment.pdf"
    export_now(store, ExportRequest("assessment"), out)
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "No completed self-assessment yet" in text
    assert "M5 4WT" not in text and "M5" in text
