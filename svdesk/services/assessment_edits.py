"""Editing a completed assessment, when it was edited, and next year's from last year's answers.

A completed assessment can be reopened and its answers changed through
svdesk.services.assessment.save_answer like any other; the audit trail (svdesk.models.audit)
keeps each earlier answer and note, so the completed version is never lost. This module reads
that trail to say when the assessment was completed and when it was last edited after that.

Next year's assessment starts with last year's answers and notes, each marked carried over until
the user chooses an answer for it (the same one confirms it), so nothing is claimed again unseen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from svdesk.formatting import format_date
from svdesk.models import Assessment, AssessmentAnswer
from svdesk.models.audit import AuditLog
from svdesk.services.assessment import (
    AssessmentSummary,
    completed_assessments,
    get_assessment,
    start_assessment,
)
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError


@dataclass(frozen=True)
class EditInfo:
    completed_on: date | None
    edited_on: date | None  # the last change to an answer or note after completion
    changes: int  # answers and notes changed after completion

    def describe(self) -> str:
        if self.edited_on is None:
            return ""
        done = f"completed {format_date(self.completed_on)}, " if self.completed_on else ""
        return (
            f"Edited on {format_date(self.edited_on)} ({done}{self.changes} change(s) since; the earlier "
            "answers are kept in the Change history under Privacy & data)"
        )


def _completion_id(s, assessment_id: int) -> int | None:
    rows = s.scalars(
        select(AuditLog)
        .where(AuditLog.table_name == "assessment", AuditLog.record_id == str(assessment_id))
        .order_by(AuditLog.id)
    )
    for row in rows:
        try:
            changes = json.loads(row.changes or "{}")
        except ValueError:
            continue
        status = changes.get("status") if isinstance(changes, dict) else None
        if isinstance(status, list) and len(status) == 2 and status[1] == "complete":
            return row.id
    return None


def edit_info(store: Store, assessment_id: int, completed_on: date | None) -> EditInfo:
    with store.read() as s:
        done = _completion_id(s, assessment_id)
        if done is None:
            return EditInfo(completed_on, None, 0)
        answer_ids = [
            str(i)
            for i in s.scalars(
                select(AssessmentAnswer.id).where(AssessmentAnswer.assessment_id == assessment_id)
            )
        ]
        rows = list(
            s.scalars(
                select(AuditLog)
                .where(
                    AuditLog.table_name == "assessment_answer",
                    AuditLog.record_id.in_(answer_ids),
                    AuditLog.id > done,
                )
                .order_by(AuditLog.id)
            )
        )
        if not rows:
            return EditInfo(completed_on, None, 0)
        return EditInfo(completed_on, rows[-1].at.date(), len(rows))


def start_next_year(store: Store, started_on: date | None = None) -> AssessmentSummary:
    """Start an assessment prefilled from the latest completed one, its answers marked carried over."""
    done = completed_assessments(store)
    if not done:
        raise ValidationError(
            {"assessment": "There is no completed assessment to start from yet. Start a new one instead."}
        )
    last = max(done, key=lambda a: (a.date, a.id))
    new = start_assessment(store, last.checklist_id, started_on)
    with store.write() as s:
        before = s.scalars(select(AssessmentAnswer).where(AssessmentAnswer.assessment_id == last.id))
        for row in before:
            if not row.answer:
                continue
            s.add(
                AssessmentAnswer(
                    assessment_id=new.id,
                    question_id=row.question_id,
                    answer=row.answer,
                    note=row.note,
                    carried_over=True,
                )
            )
        started = s.get(Assessment, new.id)
        if started is not None:
            started.notes = f"Started from the assessment of {format_date(last.date)}."
    return get_assessment(store, new.id).summary
