"""Evidence rows are only ever turned into paths inside the evidence folder (issue #19.1).

A database can come from an archive, another PC or a hand edit: a row whose sha256 is
"../victim/precious" must not let svdesk delete, hash, copy or embed a file outside the folder.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from svdesk.exports import sources
from svdesk.safety import archive as arch
from svdesk.safety.errors import SafetyError
from svdesk.safety.evidence_names import BadEvidenceRow, stored_file, valid_row
from svdesk.safety.integrity import check_integrity
from svdesk.safety.restore import restore_archive
from svdesk.services import evidence

HOSTILE = "../victim/precious"


def _poison(store, tmp_path: Path, sha: str = HOSTILE, suffix: str = ".png") -> tuple[int, Path]:
    """A real evidence row, then its name rewritten as a hostile database would hold it."""
    src = tmp_path / "photo.png"
    src.write_bytes(b"\x89PNG\r\n\x1a\n pantry volunteers, August")
    ev = evidence.add_evidence(store, src, caption="Pantry volunteers", evidence_type="photo")
    victim = store.evidence_dir / (sha + suffix)
    victim.parent.mkdir(parents=True, exist_ok=True)
    victim.write_bytes(b"the finance director's precious spreadsheet")
    conn = sqlite3.connect(store.path)
    conn.execute("UPDATE evidence SET sha256=?, suffix=? WHERE id=?", (sha, suffix, ev.id))
    conn.commit()
    conn.close()
    return ev.id, victim.resolve()


@pytest.mark.parametrize(
    "sha,suffix,ok",
    [
        ("a" * 64, ".pdf", True),
        ("0123456789abcdef" * 4, "", True),
        ("A" * 64, ".pdf", False),
        ("a" * 63, ".pdf", False),
        (HOSTILE, "", False),
        ("a" * 64, "/../../x", False),
        ("a" * 64, ".PDF", False),
        ("a" * 64, ".p df", False),
        ("a" * 64 + "\n", ".pdf", False),
        ("a" * 64, ".pdf\n", False),
        (None, "", False),
    ],
)
def test_only_names_svdesk_gives_validate(sha, suffix, ok, tmp_path):
    assert valid_row(sha, suffix) is ok
    if ok:
        assert stored_file(tmp_path, sha, suffix).parent == tmp_path
    else:
        with pytest.raises(BadEvidenceRow):
            stored_file(tmp_path, sha, suffix)


def test_restore_refuses_an_archive_whose_evidence_points_outside(demo_store, tmp_path):
    _poison(demo_store, tmp_path)
    out = tmp_path / "poisoned.zip"
    arch.create_archive(demo_store.path, out)
    target = tmp_path / "new-pc"
    target.mkdir()
    with pytest.raises(SafetyError, match="outside the evidence folder"):
        restore_archive(out, target / "svdesk.svdesk")
    assert list(target.iterdir()) == []


def test_deleting_such_evidence_touches_no_file_outside_the_folder(demo_store, tmp_path):
    evidence_id, victim = _poison(demo_store, tmp_path)
    assert not victim.is_relative_to(demo_store.evidence_dir.resolve())
    row = evidence.get_evidence(demo_store, evidence_id)
    with pytest.raises(BadEvidenceRow):
        evidence.evidence_path(demo_store, row)
    with pytest.raises(BadEvidenceRow):
        evidence.export_copy(demo_store, row, tmp_path / "copy.png")
    evidence.delete_evidence(demo_store, evidence_id)
    assert victim.read_bytes() == b"the finance director's precious spreadsheet"
    assert evidence.get_evidence(demo_store, evidence_id) is None


def test_check_reports_the_row_and_never_hashes_the_outside_file(demo_store, tmp_path):
    _poison(demo_store, tmp_path)
    report = check_integrity(demo_store.path, store=demo_store)
    titles = [f.title for f in report.problems]
    assert any("outside the evidence folder" in t for t in titles), titles
    assert not any("changed" in t for t in titles), titles
    assert not report.ok and "No problems found" not in report.text()


def test_evidence_pack_never_embeds_a_file_from_outside(demo_store, tmp_path):
    evidence_id, _victim = _poison(demo_store, tmp_path)
    rows = [r for r in sources.evidence(demo_store) if r.sha256 == HOSTILE]
    assert rows and rows[0].path is None and not rows[0].is_image
    assert sources.evidence_file(demo_store, evidence_id) is None


def test_a_good_image_still_reaches_the_pack(demo_store, tmp_path):
    src = tmp_path / "certificate.PNG"
    src.write_bytes(b"\x89PNG\r\n\x1a\n apprenticeship certificate")
    ev = evidence.add_evidence(demo_store, src, evidence_type="certificate")
    assert ev.suffix == ".png"
    row = next(r for r in sources.evidence(demo_store) if r.sha256 == ev.sha256)
    assert row.is_image and row.path.read_bytes() == src.read_bytes()
    assert sources.evidence_file(demo_store, ev.id) == evidence.evidence_path(demo_store, ev)
