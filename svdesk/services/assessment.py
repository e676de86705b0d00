"""Self-assessment use-cases: checklists, taking an assessment, results and comparison.

Each answer is saved the moment it is given (save_answer), so closing the window loses nothing;
resuming is opening the one assessment still in progress. Completing it scores it and turns every
gap into an action (services/assessment_actions.py).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from svdesk.assessment.checklist import (
    Checklist,
    ChecklistError,
    builtin_checklist,
    cached_checklist,
    load_checklist,
)
from svdesk.assessment.scoring import Comparison, Results, compare, score
from svdesk.models import Assessment, AssessmentAnswer, AssessmentChecklist
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

STATUS_LABELS = {"in_progress": "In progress", "complete": "Complete"}


@dataclass(frozen=True)
class ChecklistInfo:
    id: int
    key: str
    version: str
    title: str
    source: str
    builtin: bool
    questions: int
    minutes: int


@dataclass(frozen=True)
class AssessmentSummary:
    id: int
    checklist_id: int
    checklist_title: str
    checklist_version: str
    status: str
    started_on: date
    completed_on: date | None
    answered: int
    total: int
    current_section: int
    score: float | None = None  # overall, for a completed assessment
    maturity: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def date(self) -> date:
        return self.completed_on or self.started_on


@dataclass(frozen=True)
class AssessmentDetail:
    summary: AssessmentSummary
    checklist: Checklist
    answers: dict[str, str]  # question id -> answer id
    notes: dict[str, str]  # question id -> evidence note
    carried: frozenset[str] = frozenset()  # answers carried over from last year, not yet confirmed


# --- checklists --------------------------------------------------------------------------------


def _info(row: AssessmentChecklist) -> ChecklistInfo:
    c = cached_checklist(row.content, row.source)
    return ChecklistInfo(
        row.id, row.key, row.version, row.title, row.source, row.builtin, len(c.questions), c.minutes
    )


def _register(s, checklist: Checklist, builtin: bool) -> AssessmentChecklist:
    row = s.scalar(
        select(AssessmentChecklist).where(
            AssessmentChecklist.key == checklist.id, AssessmentChecklist.version == checklist.version
        )
    )
    if row is not None:
        if row.content != checklist.text:
            raise ValidationError(
                {
                    "checklist": (
                        f"A different checklist “{checklist.title}” with id {checklist.id} and version "
                        f"{checklist.version} is already loaded. If the file has changed, give it a new "
                        "version number and load it again."
                    )
                }
            )
        return row
    row = AssessmentChecklist(
        key=checklist.id,
        version=checklist.version,
        title=checklist.title,
        source=checklist.source,
        builtin=builtin,
        content=checklist.text,
    )
    s.add(row)
    s.flush()
    return row


_BUILTIN_LOCK = threading.Lock()  # see ensure_builtin_checklist


def ensure_builtin_checklist(store: Store) -> ChecklistInfo:
    """The shipped checklist's stored copy, added on first use.

    A shipped file edited without a new version number replaces the stored copy only while no
    assessment uses it; otherwise the stored copy stays, so old results never change under the
    user (edit the version to ship changed questions).
    """
    checklist = builtin_checklist()
    stored = select(AssessmentChecklist).where(
        AssessmentChecklist.key == checklist.id, AssessmentChecklist.version == checklist.version
    )
    # Nearly always stored and unchanged: a read then, not a write transaction each time the
    # Self-assessment page lists its checklists (on the GUI thread; issue #23 point 5).
    with store.read() as s:
        row = s.scalar(stored)
        if row is not None and row.content == checklist.text:
            return _info(row)
    # The page reads its checklists from a worker while the user may already press Start on
    # the GUI thread: one store at a time in this process; another process (or a store that
    # does not share this lock) storing it first leaves its copy, which is then read.
    with _BUILTIN_LOCK:
        try:
            with store.write() as s:
                row = s.scalar(stored)
                if row is not None and row.content != checklist.text:
                    used = s.scalar(
                        select(func.count()).select_from(Assessment).where(Assessment.checklist_id == row.id)
                    )
                    if not used:
                        row.content, row.title = checklist.text, checklist.title
                        row.source, row.builtin = checklist.source, True
                    return _info(row)
                return _info(_register(s, checklist, builtin=True))
        except IntegrityError:
            with store.read() as s:
                row = s.scalar(stored)
                if row is None:
                    raise
                return _info(row)


def add_checklist_file(store: Store, path: Path | str) -> ChecklistInfo:
    """Load another checklist (a council's, a charter's) and keep a copy in the database."""
    try:
        checklist = load_checklist(path)
    except ChecklistError as exc:
        raise ValidationError({"checklist": str(exc)}) from exc
    with store.write() as s:
        return _info(_register(s, checklist, builtin=False))


def list_checklists(store: Store) -> list[ChecklistInfo]:
    ensure_builtin_checklist(store)
    with store.read() as s:
        rows = s.scalars(
            select(AssessmentChecklist).order_by(
                AssessmentChecklist.builtin.desc(), AssessmentChecklist.title, AssessmentChecklist.version
            )
        ).all()
        return [_info(r) for r in rows]


def find_checklist(store: Store, key: str | None) -> ChecklistInfo:
    """The newest stored checklist with this id (the built-in one when key is None)."""
    builtin = ensure_builtin_checklist(store)
    if not key:
        return builtin
    matches = [c for c in list_checklists(store) if c.key == key]
    if not matches:
        known = ", ".join(sorted({c.key for c in list_checklists(store)}))
        raise ValidationError(
            {
                "checklist": f"No checklist with the id “{key}” is loaded "
                f"(loaded: {known}). Load its file first."
            }
        )
    return max(matches, key=lambda c: c.id)


def checklist_by_id(store: Store, checklist_id: int) -> Checklist:
    with store.read() as s:
        row = s.get(AssessmentChecklist, checklist_id)
        if row is None:
            raise ValidationError({"checklist": "That checklist is no longer in the database."})
        return cached_checklist(row.content, row.source)


# --- taking an assessment ----------------------------------------------------------------------


def _summary(s, a: Assessment) -> AssessmentSummary:
    checklist = cached_checklist(a.checklist.content, a.checklist.source)
    answered = (
        s.scalar(
            select(func.count())
            .select_from(AssessmentAnswer)
            .where(AssessmentAnswer.assessment_id == a.id, AssessmentAnswer.answer.is_not(None))
        )
        or 0
    )
    overall, level = None, ""
    if a.status == "complete":
        res = score(checklist, {x.question_id: x.answer for x in a.answers if x.answer})
        overall = res.score
        level = res.maturity.label if res.maturity else ""
    return AssessmentSummary(
        a.id,
        a.checklist_id,
        a.checklist.title,
        a.checklist.version,
        a.status,
        a.started_on,
        a.completed_on,
        answered,
        len(checklist.questions),
        a.current_section,
        overall,
        level,
    )


def _get(s, assessment_id: int) -> Assessment:
    a = s.get(Assessment, assessment_id)
    if a is None:
        raise ValidationError({"assessment": "That assessment is no longer in the database."})
    return a


def in_progress_assessment(store: Store) -> AssessmentSummary | None:
    with store.read() as s:
        a = s.scalar(
            select(Assessment).where(Assessment.status == "in_progress").order_by(Assessment.id.desc())
        )
        return _summary(s, a) if a else None


def start_assessment(
    store: Store, checklist_id: int | None = None, started_on: date | None = None
) -> AssessmentSummary:
    if in_progress_assessment(store) is not None:
        raise ValidationError(
            {
                "assessment": "An assessment is already in progress. Resume it, "
                "or discard it before starting another."
            }
        )
    if checklist_id is None:
        checklist_id = ensure_builtin_checklist(store).id
    with store.write() as s:
        a = Assessment(
            checklist_id=checklist_id,
            started_on=started_on or date.today(),
            status="in_progress",
            current_section=0,
        )
        s.add(a)
        s.flush()
        return _summary(s, a)


def get_assessment(store: Store, assessment_id: int) -> AssessmentDetail:
    with store.read() as s:
        a = _get(s, assessment_id)
        checklist = cached_checklist(a.checklist.content, a.checklist.source)
        answers = {x.question_id: x.answer for x in a.answers if x.answer}
        notes = {x.question_id: x.note for x in a.answers if x.note}
        carried = frozenset(x.question_id for x in a.answers if x.answer and x.carried_over)
        return AssessmentDetail(_summary(s, a), checklist, answers, notes, carried)


def save_answer(
    store: Store, assessment_id: int, question_id: str, answer: str | None = None, note: str | None = None
) -> None:
    """Save one answer and/or evidence note at once. None leaves that part as it was."""
    with store.write() as s:
        a = _get(s, assessment_id)
        checklist = cached_checklist(a.checklist.content, a.checklist.source)
        question = checklist.question(question_id)
        if question is None:
            raise ValidationError({"question": f"“{question_id}” is not a question in {checklist.title}."})
        if answer is not None and question.option(answer) is None:
            allowed = ", ".join(o.id for o in question.scale)
            raise ValidationError(
                {"answer": f"“{answer}” is not an answer to {question_id}; use one of {allowed}."}
            )
        row = s.scalar(
            select(AssessmentAnswer).where(
                AssessmentAnswer.assessment_id == assessment_id, AssessmentAnswer.question_id == question_id
            )
        )
        if row is None:
            row = AssessmentAnswer(assessment_id=assessment_id, question_id=question_id, note="")
            s.add(row)
        if answer is not None:
            row.answer = answer
            row.carried_over = False  # choosing an answer (even the same one) confirms it
        if note is not None:
            row.note = note.strip()


def set_position(store: Store, assessment_id: int, section_index: int) -> None:
    """Remember the section on screen, so Resume opens where the user left off."""
    with store.write() as s:
        _get(s, assessment_id).current_section = max(0, section_index)


def discard_assessment(store: Store, assessment_id: int) -> None:
    with store.write() as s:
        s.delete(_get(s, assessment_id))


def complete_assessment(store: Store, assessment_id: int, completed_on: date | None = None) -> Results:
    """Score a finished assessment and draft its action plan (one action per gap)."""
    from svdesk.services.assessment_actions import draft_actions

    detail = get_assessment(store, assessment_id)
    results = score(detail.checklist, detail.answers, detail.notes)
    if results.unanswered:
        first = results.unanswered[0]
        section = detail.checklist.section(first.section_id)
        assert section is not None  # an unanswered question is one of this checklist's own
        raise ValidationError(
            {
                "answers": (
                    f"{len(results.unanswered)} question(s) have no answer yet, the first in "
                    f"“{section.title}”. Answer them (Not applicable is an answer) before finishing."
                )
            }
        )
    when = completed_on or date.today()
    if when < detail.summary.started_on:
        when = detail.summary.started_on
    with store.write() as s:
        a = _get(s, assessment_id)
        if a.status == "complete" and a.completed_on is not None and completed_on is None:
            when = a.completed_on  # finishing an edit: it stays the assessment of that date
        a.status = "complete"
        a.completed_on = when
        draft_actions(s, a, results)
    return results


def record_assessment(
    store: Store, checklist_id: int, answers: dict[str, str], notes: dict[str, str], on: date
) -> Results:
    """Record a whole completed assessment at once (the command line, imports, the demo)."""
    started = start_assessment(store, checklist_id, on)
    try:
        for qid, answer in answers.items():
            save_answer(store, started.id, qid, answer, notes.get(qid))
        return complete_assessment(store, started.id, on)
    except ValidationError:
        discard_assessment(store, started.id)
        raise


# --- results and history -----------------------------------------------------------------------


def list_assessments(store: Store) -> list[AssessmentSummary]:
    """Every assessment, newest first."""
    with store.read() as s:
        rows = s.scalars(
            select(Assessment).order_by(
                func.coalesce(Assessment.completed_on, Assessment.started_on).desc(), Assessment.id.desc()
            )
        ).all()
        return [_summary(s, a) for a in rows]


def completed_assessments(store: Store) -> list[AssessmentSummary]:
    return [a for a in list_assessments(store) if a.status == "complete"]


def assessment_results(store: Store, assessment_id: int) -> Results:
    detail = get_assessment(store, assessment_id)
    return score(detail.checklist, detail.answers, detail.notes)


def compare_assessments(store: Store, first_id: int, second_id: int) -> Comparison:
    """Compare two assessments, the earlier one as "before" whatever order they are given in."""
    a, b = get_assessment(store, first_id), get_assessment(store, second_id)
    if (a.summary.date, a.summary.id) > (b.summary.date, b.summary.id):
        a, b = b, a
    return compare(score(a.checklist, a.answers, a.notes), score(b.checklist, b.answers, b.notes))
