"""Bids and their questions in the store (#17.1): questions, answer versions, the audit trail,
the JSON drafts of earlier versions brought in, and a backup that keeps them all."""

from __future__ import annotations

import json

import pytest

from svdesk.services.audit import record_history
from svdesk.services.bids import (
    QuestionData,
    delete_question,
    find_question,
    list_bids,
    list_questions,
    list_versions,
    save_answer,
    save_question,
)
from svdesk.services.contracts import find_contract
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores


def _bid(store):
    return find_contract(store, "MCC-T-2026-118")


def test_a_bid_holds_numbered_questions_with_answer_versions(demo_store):
    bid = _bid(demo_store)
    q1 = save_question(demo_store, QuestionData(bid.id, "How many apprentices?", 50, "characters", 5.0))
    q2 = save_question(
        demo_store,
        QuestionData(bid.id, "Describe your fair work practice.", 300, "words", 10.0, targets="MAC 8.1"),
    )
    assert (q1.number, q2.number) == (1, 2)
    save_answer(demo_store, q2.id, "First words.", "drafted")
    save_answer(demo_store, q2.id, "First words.")  # unchanged: no new version
    save_answer(demo_store, q2.id, "Better words.")
    versions = list_versions(demo_store, q2.id)
    assert [(v.text, v.note) for v in versions] == [("Better words.", "edited"), ("First words.", "drafted")]
    assert find_question(demo_store, bid.id, 2).answer == "Better words."
    bids = {b.reference: b for b in list_bids(demo_store)}
    assert [q.number for q in bids["MCC-T-2026-118"].questions] == [1, 2]
    assert "SCC-PR-2025-041" not in bids  # active, no questions
    history = record_history(demo_store, "bid_question", q2.id)
    assert [h.action for h in history][:1] == ["insert"]
    assert any("Better words." in h.summary() for h in history)
    delete_question(demo_store, q2.id)
    assert [q.number for q in list_questions(demo_store, bid.id)] == [1]
    assert list_versions(demo_store, q2.id) == []


def test_question_is_checked(demo_store):
    with pytest.raises(ValidationError) as exc:
        save_question(demo_store, QuestionData(_bid(demo_store).id, " ", 0, "lines", 140.0))
    assert set(exc.value.errors) == {"text", "limit", "limit_unit", "weighting"}


def test_json_drafts_beside_the_database_are_brought_in(demo_store):
    if demo_store.is_postgres:
        pytest.skip("drafts were kept beside a database file only before 0098: never on PostgreSQL")
    from alembic import command

    from svdesk.db.migrate import alembic_config

    cfg = alembic_config(demo_store.engine)
    command.downgrade(cfg, "0095")
    folder = demo_store.path.with_name(demo_store.path.stem + "-tenders")
    folder.mkdir()
    (folder / "MCC-T-2026-118.json").write_text(
        json.dumps(
            {
                "contract_ref": "MCC-T-2026-118",
                "question": "Describe your social value.",
                "outcomes": "MAC 2.2",
                "limit": 750,
                "limit_unit": "words",
                "champion": "Operations manager",
                "commitments": [
                    {
                        "measure_key": "apprenticeship_weeks",
                        "measure_name": "Apprenticeship weeks",
                        "unit": "weeks",
                        "target": 52,
                    }
                ],
                "draft": "OUR COMMITMENTS\n\nTyped by hand.",
            }
        ),
        encoding="utf-8",
    )
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    command.upgrade(cfg, "head")
    q = find_question(demo_store, _bid(demo_store).id, 1)
    assert (q.text, q.limit, q.targets, q.champion) == (
        "Describe your social value.",
        750,
        "MAC 2.2",
        "Operations manager",
    )
    assert q.answer == "OUR COMMITMENTS\n\nTyped by hand."
    assert json.loads(q.offer)[0]["target"] == 52
    assert [v.note for v in list_versions(demo_store, q.id)] == ["brought in from MCC-T-2026-118.json"]


def test_backup_and_restore_keep_every_question_and_answer(demo_store, tmp_path):
    if demo_store.is_postgres:
        pytest.skip("an archive of the database file (svdesk.safety.archive): SQLite's")
    from svdesk.safety.archive import create_archive
    from svdesk.safety.restore import restore_archive
    from svdesk.services.store import Store

    bid = _bid(demo_store)
    for n in range(3):
        q = save_question(demo_store, QuestionData(bid.id, f"Question {n}?", 100 + n, "words"))
        save_answer(demo_store, q.id, f"Answer {n}, first.")
        save_answer(demo_store, q.id, f"Answer {n}, second.")
    before = [(q.number, q.text, q.answer) for q in list_questions(demo_store)]
    archive = tmp_path / "backup.zip"
    create_archive(demo_store.path, archive)
    target = tmp_path / "restored.svdesk"
    restore_archive(archive, target)
    restored = Store.open(target)
    try:
        after = [(q.number, q.text, q.answer) for q in list_questions(restored)]
        assert after == before and len(after) == 3
        assert [v.text for v in list_versions(restored, list_questions(restored)[0].id)] == [
            "Answer 0, second.",
            "Answer 0, first.",
        ]
    finally:
        restored.close()
