"""The evidence store: content-addressed, de-duplicated, never altered; records lacking evidence."""

import hashlib
import os
import stat
from datetime import date

from svdesk.services import activities, case_studies, evidence
from svdesk.services.activity_kinds import default_values
from tests.unit.people_helpers import firm_store  # noqa: F401


def _volunteering(store):
    return activities.save_record(
        store,
        "volunteering",
        default_values("volunteering")
        | {
            "date": date(2025, 7, 4),
            "organisation_helped": "Ordsall Community Café",
            "hours": 7,
            "volunteers": 3,
        },
    )


def test_file_stored_under_its_sha256_and_read_only(store, tmp_path):
    photo = tmp_path / "Café day.JPG"
    photo.write_bytes(b"\xff\xd8\xff fake jpeg bytes")
    rec = _volunteering(store)
    ev = evidence.add_evidence(
        store,
        photo,
        caption="Painting the café",
        evidence_type="photo",
        evidence_date=date(2025, 7, 4),
        links=[("volunteering", rec.id)],
    )
    expected = hashlib.sha256(photo.read_bytes()).hexdigest()
    stored = evidence.evidence_path(store, ev)
    assert ev.sha256 == expected and stored.name == expected + ".jpg"
    assert stored.parent == store.evidence_dir and stored.read_bytes() == photo.read_bytes()
    assert not stat.S_IMODE(os.stat(stored).st_mode) & stat.S_IWUSR
    assert ev.original_name == "Café day.JPG" and ev.is_image
    assert not list(store.evidence_dir.glob(".incoming-*"))
    assert activities.get_record(store, "volunteering", rec.id).evidence_count == 1


def test_same_content_twice_is_stored_once_and_linked_to_both(store, tmp_path):
    a = tmp_path / "timesheet.pdf"
    b = tmp_path / "copy of timesheet.PDF"
    a.write_bytes(b"%PDF-1.4 timesheet week 27")
    b.write_bytes(a.read_bytes())
    r1, r2 = _volunteering(store), _volunteering(store)
    first = evidence.add_evidence(store, a, evidence_type="timesheet", links=[("volunteering", r1.id)])
    second = evidence.add_evidence(store, b, links=[("volunteering", r2.id), ("volunteering", r1.id)])
    assert first.created and not second.created and first.id == second.id
    assert len(list(store.evidence_dir.iterdir())) == 1
    assert sorted(evidence.links_of(store, first.id)) == [("volunteering", r1.id), ("volunteering", r2.id)]
    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4 a different file")
    assert evidence.add_evidence(store, other).id != first.id


def test_records_without_evidence_are_listed(firm_store, tmp_path):
    with_ev, without = _volunteering(firm_store), _volunteering(firm_store)
    f = tmp_path / "letter.pdf"
    f.write_bytes(b"%PDF-1.4 thank you letter")
    evidence.add_evidence(firm_store, f, evidence_type="letter", links=[("volunteering", with_ev.id)])
    missing = evidence.records_without_evidence(firm_store, ["volunteering"])
    assert [(m.record_type, m.record_id) for m in missing] == [("volunteering", without.id)]
    assert activities.count_records(firm_store, "volunteering", without_evidence=True) == 1
    # Deleting a record removes its links; the file stays for the other records.
    activities.delete_record(firm_store, "volunteering", with_ev.id)
    assert evidence.list_evidence(firm_store)[0].link_count == 0


def test_delete_evidence_removes_file(store, tmp_path):
    f = tmp_path / "meter.png"
    f.write_bytes(b"\x89PNG meter photo")
    ev = evidence.add_evidence(store, f, evidence_type="meter_reading")
    evidence.delete_evidence(store, ev.id)
    assert not evidence.evidence_path(store, ev).exists()
    assert evidence.get_evidence(store, ev.id) is None


def test_case_study_needs_consent_date(store):
    import pytest

    from svdesk.services.validation import ValidationError

    with pytest.raises(ValidationError) as exc:
        case_studies.save_case_study(
            store,
            case_studies.CaseStudyData(
                title="From NEET to joiner", story="Jay joined us at 17…", consent_given=True
            ),
        )
    assert "date consent" in exc.value.errors["consent_date"]
    saved = case_studies.save_case_study(
        store,
        case_studies.CaseStudyData(
            title="From NEET to joiner",
            story="Jay joined us at 17…",
            consent_given=True,
            consent_date=date(2025, 9, 1),
        ),
    )
    assert saved.usable and case_studies.list_case_studies(store)[0].id == saved.id
