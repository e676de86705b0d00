"""The demo firm gets a believable year of people, skills, community and environment records."""

from datetime import date

import pytest

from svdesk.geo.local_area import Locality
from svdesk.services import activities, case_studies, evidence, people

pytestmark = pytest.mark.both_stores


def test_demo_records_people_and_activity(demo_store):
    views = people.list_people(demo_store, on=date(2026, 11, 23))
    assert len(views) == 14
    la_codes = {}
    from svdesk.geo import postcodes

    for v in views:
        la_codes.setdefault(postcodes.lookup(v.person.postcode).la_code, 0)
        la_codes[postcodes.lookup(v.person.postcode).la_code] += 1
    assert set(la_codes) == {"E08000006", "E08000003", "E08000009"}  # Salford, Manchester, Trafford
    local = [v for v in views if v.localities[0].result.status is Locality.LOCAL]
    assert len(local) == la_codes["E08000006"]
    assert all(v.pay.status == "rlw" for v in views)  # the demo firm is RLW-accredited
    assert activities.count_records(demo_store, "apprenticeship") == 2
    talks = activities.list_records(demo_store, "learning_intervention", search="Oasis")
    assert talks[0]["intervention_type"] == "careers_talk" and talks[0].evidence_count == 2
    assert activities.totals(demo_store, "volunteering")["total_hours"] > 0
    energy = activities.totals(demo_store, "emission_record")
    assert 20 < energy["tonnes_co2e"] < 80
    assert case_studies.list_case_studies(demo_store)[0].usable


def test_demo_evidence_files_exist_and_some_records_lack_evidence(demo_store):
    files = evidence.list_evidence(demo_store)
    assert len(files) >= 6
    for ev in files:
        path = evidence.evidence_path(demo_store, ev)
        assert path.is_file() and path.stat().st_size > 100
    assert any(ev.is_image for ev in files) and any(ev.is_pdf for ev in files)
    missing = evidence.records_without_evidence(demo_store)
    kinds = {m.record_type for m in missing}
    assert "person" not in kinds and {"volunteering", "apprenticeship"} <= kinds


def test_demo_apprentices_are_linked_to_people(demo_store):
    rows = activities.list_records(demo_store, "apprenticeship", order_by="date")
    assert [r["person_reference"] for r in rows] == ["IJ-013", "IJ-014"]
    assert rows[0]["level"] == 2 and rows[0].contract_reference == "SCC-PR-2025-041"
