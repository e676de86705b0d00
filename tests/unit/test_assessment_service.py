"""Taking, resuming, completing and comparing assessments, and the action plan, in a real DB."""

from datetime import date

import pytest

from svdesk.services import assessment as svc
from svdesk.services.assessment_actions import (
    ActionData,
    add_action,
    delete_action,
    list_actions,
    open_actions_due,
    update_action_fields,
)
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

pytestmark = pytest.mark.both_stores


def _answer_all(store, assessment_id, answer="partly"):
    detail = svc.get_assessment(store, assessment_id)
    for q in detail.checklist.questions:
        svc.save_answer(store, assessment_id, q.id, answer)


def test_answers_are_saved_at_once_and_survive_reopening(store, tmp_path):
    started = svc.start_assessment(store, started_on=date(2026, 3, 2))
    svc.save_answer(store, started.id, "fw-01", "yes")
    svc.save_answer(store, started.id, "fw-01", note="All 14 staff at £13.45 or more")
    svc.save_answer(store, started.id, "emp-03", note="Looking for an apprentice")  # note only
    svc.set_position(store, started.id, 2)
    store.close()

    reopened = Store.open(store.where)
    try:
        resumed = svc.in_progress_assessment(reopened)
        assert resumed.id == started.id and resumed.current_section == 2
        assert resumed.answered == 1 and resumed.total == 55
        detail = svc.get_assessment(reopened, started.id)
        assert detail.answers == {"fw-01": "yes"}
        assert detail.notes["fw-01"] == "All 14 staff at £13.45 or more"
        assert detail.notes["emp-03"] == "Looking for an apprentice"
    finally:
        reopened.close()


def test_one_assessment_in_progress_at_a_time(store):
    svc.start_assessment(store)
    with pytest.raises(ValidationError, match="already in progress"):
        svc.start_assessment(store)


def test_bad_answers_are_refused(store):
    a = svc.start_assessment(store)
    with pytest.raises(ValidationError, match="not a question"):
        svc.save_answer(store, a.id, "xx-99", "yes")
    with pytest.raises(ValidationError, match="use one of yes, partly, no, na"):
        svc.save_answer(store, a.id, "fw-01", "maybe")


def test_complete_needs_every_answer_then_drafts_the_action_plan(store):
    a = svc.start_assessment(store, started_on=date(2026, 3, 2))
    svc.save_answer(store, a.id, "emp-01", "yes")
    with pytest.raises(ValidationError, match="54 question"):
        svc.complete_assessment(store, a.id)
    _answer_all(store, a.id, "yes")
    svc.save_answer(store, a.id, "env-02", "no")  # buyer weight 5 -> due in 3 months
    svc.save_answer(store, a.id, "sup-07", "partly")  # 2 x 0.5 = 1 -> due in 12 months
    svc.save_answer(store, a.id, "wb-04", "na")
    results = svc.complete_assessment(store, a.id, date(2026, 3, 31))
    assert results.score == pytest.approx(52.5 / 54)
    summary = svc.list_assessments(store)[0]
    assert (summary.status, summary.completed_on) == ("complete", date(2026, 3, 31))
    actions = list_actions(store, a.id)
    assert [x.question_id for x in actions] == ["env-02", "sup-07"]
    assert actions[0].due_date == date(2026, 6, 30)
    assert actions[1].due_date == date(2027, 3, 31)
    assert actions[0].title.startswith("Write a carbon reduction plan")
    assert svc.in_progress_assessment(store) is None


def test_action_plan_edit_add_delete(store):
    a = svc.start_assessment(store)
    _answer_all(store, a.id, "no")
    svc.complete_assessment(store, a.id, date(2026, 1, 15))
    first = list_actions(store, a.id)[0]
    changed = update_action_fields(
        store, first.id, owner="Office manager", status="in_progress", due_date=date(2026, 2, 1)
    )
    assert (changed.owner, changed.status_label) == ("Office manager", "In progress")
    with pytest.raises(ValidationError):
        update_action_fields(store, first.id, status="finished")
    with pytest.raises(ValidationError, match="Describe the action"):
        add_action(store, a.id, ActionData(title="  "))
    own = add_action(
        store,
        a.id,
        ActionData(
            title="Join the local chamber's social value group", owner="Director", due_date=date(2026, 9, 1)
        ),
    )
    assert list_actions(store, a.id)[-1].id == own.id and own.question_id is None
    due = open_actions_due(store, date(2026, 2, 28))
    assert first.id in {x.id for x in due} and own.id not in {x.id for x in due}
    delete_action(store, own.id)
    assert own.id not in {x.id for x in list_actions(store, a.id)}


def test_history_and_comparison_order_by_date(store):
    checklist = svc.ensure_builtin_checklist(store)
    base = {q.id: "partly" for q in svc.checklist_by_id(store, checklist.id).questions}
    svc.record_assessment(store, checklist.id, base, {}, date(2025, 11, 12))
    later = dict(base, **{"env-01": "yes", "fw-04": "no"})
    svc.record_assessment(store, checklist.id, later, {}, date(2026, 11, 10))
    old, new = sorted(svc.completed_assessments(store), key=lambda s: s.date)
    # Given in either order, the earlier one is "before".
    for pair in ((old.id, new.id), (new.id, old.id)):
        change = svc.compare_assessments(store, *pair)
        by_q = {c.key: c.direction for c in change.questions}
        assert by_q["env-01"] == "improved" and by_q["fw-04"] == "slipped"
    assert [s.date for s in svc.list_assessments(store)] == [date(2026, 11, 10), date(2025, 11, 12)]


def test_record_assessment_saves_nothing_when_incomplete(store):
    checklist = svc.ensure_builtin_checklist(store)
    with pytest.raises(ValidationError):
        svc.record_assessment(store, checklist.id, {"emp-01": "yes"}, {}, date(2026, 1, 1))
    assert svc.list_assessments(store) == []


def test_loading_another_checklist_keeps_a_copy(store, tmp_path):
    from tests.unit.test_assessment_checklist import MINI

    path = tmp_path / "charter.yaml"
    path.write_text(MINI, encoding="utf-8")
    info = svc.add_checklist_file(store, path)
    assert (info.key, info.questions, info.builtin) == ("charter_mini", 1, False)
    assert svc.add_checklist_file(store, path).id == info.id  # same file again: same row
    path.unlink()  # the copy in the DB is used
    a = svc.start_assessment(store, info.id)
    svc.save_answer(store, a.id, "pay-1", "yes")
    assert svc.complete_assessment(store, a.id).maturity.label == "Leading"
    changed = tmp_path / "charter2.yaml"
    changed.write_text(MINI.replace("Pay\n", "Fair pay\n"), encoding="utf-8")
    with pytest.raises(ValidationError, match="new version number"):
        svc.add_checklist_file(store, changed)
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI.replace("buyer_weight: 5", "buyer_weight: high"), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"broken.yaml, line 19: buyer_weight must be"):
        svc.add_checklist_file(store, broken)


def test_demo_has_two_assessments_a_year_apart(demo_store):
    done = svc.completed_assessments(demo_store)
    assert [a.date for a in done] == [date(2026, 11, 10), date(2025, 11, 12)]
    change = svc.compare_assessments(demo_store, done[1].id, done[0].id)
    assert change.overall.direction == "improved"
    assert {c.key for c in change.questions if c.direction == "slipped"} == {"fw-06"}
    first_plan = list_actions(demo_store, done[1].id)
    assert any(a.status == "done" and a.owner == "Director" for a in first_plan)


def test_open_actions_carry_over_to_the_next_assessment(store):
    checklist = svc.ensure_builtin_checklist(store)
    answers = {q.id: "yes" for q in svc.checklist_by_id(store, checklist.id).questions}
    answers.update({"env-02": "no", "ld-01": "no"})
    svc.record_assessment(store, checklist.id, answers, {}, date(2025, 11, 12))
    first = svc.completed_assessments(store)[0]
    plan = {a.question_id: a for a in list_actions(store, first.id)}
    update_action_fields(
        store,
        plan["env-02"].id,
        owner="Director",
        status="in_progress",
        notes="Baseline year chosen: 2024-25",
    )
    update_action_fields(store, plan["ld-01"].id, owner="Office manager", status="done")
    answers["ld-01"] = "partly"  # done, but still short of Yes: starts afresh
    svc.record_assessment(store, checklist.id, answers, {}, date(2026, 11, 10))
    second = svc.completed_assessments(store)[0]
    plan2 = {a.question_id: a for a in list_actions(store, second.id)}
    assert (plan2["env-02"].owner, plan2["env-02"].status, plan2["env-02"].notes) == (
        "Director",
        "in_progress",
        "Baseline year chosen: 2024-25",
    )
    assert plan2["env-02"].due_date == date(2027, 2, 10)
    assert (plan2["ld-01"].owner, plan2["ld-01"].status) == ("", "not_started")


def test_shipped_checklist_edited_without_a_new_version(store):
    from sqlalchemy import select

    from svdesk.models import AssessmentChecklist

    info = svc.ensure_builtin_checklist(store)
    with store.write() as s:  # as if an older svdesk had stored slightly different text
        s.get(AssessmentChecklist, info.id).content += "\n# older wording\n"
    assert svc.ensure_builtin_checklist(store).id == info.id  # unused: refreshed
    with store.read() as s:
        assert "older wording" not in s.get(AssessmentChecklist, info.id).content
    a = svc.start_assessment(store)
    with store.write() as s:
        s.get(AssessmentChecklist, info.id).content += "\n# older wording\n"
    assert svc.ensure_builtin_checklist(store).id == info.id  # in use: kept as it was
    with store.read() as s:
        rows = s.scalars(select(AssessmentChecklist)).all()
        assert len(rows) == 1 and "older wording" in rows[0].content
    assert svc.get_assessment(store, a.id).summary.total == 55


def test_listing_checklists_once_stored_opens_no_write(store, monkeypatch):
    """The Self-assessment page lists the checklists on the GUI thread each time it opens: once
    the shipped one is stored (and unchanged), that is a read, not a write transaction."""
    first = svc.list_checklists(store)  # stores the shipped checklist: a write, once
    writes = []
    real = type(store).write
    monkeypatch.setattr(type(store), "write", lambda self: writes.append(1) or real(self))
    assert svc.list_checklists(store) == first
    assert svc.ensure_builtin_checklist(store).id == first[0].id
    assert writes == []


def test_the_shipped_checklist_is_stored_once_when_asked_for_at_the_same_time(tmp_path):
    """The Self-assessment page lists its checklists from a worker while the user may already
    press Start: both store the shipped checklist on a fresh file; neither may fail."""
    import threading

    for attempt in range(4):
        store = Store.open(tmp_path / f"firm{attempt}.svdesk")
        barrier = threading.Barrier(4)
        answers, failures = [], []

        def ask(store=store, barrier=barrier, answers=answers, failures=failures):
            barrier.wait()
            try:
                answers.append(svc.ensure_builtin_checklist(store).id)
            except Exception as exc:  # noqa: BLE001 (the failure is what this test looks for)
                failures.append(exc)

        threads = [threading.Thread(target=ask) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert failures == [] and len(set(answers)) == 1 and len(svc.list_checklists(store)) == 1
        store.close()
