"""Editing a completed assessment, and when it was edited (read from the audit trail).

A completed assessment can be reopened and its answers changed through
svdesk.services.assessment.save_answer like any other; the audit trail (svdesk.models.audit)
keeps each earlier answer and note, so the completed version is never lost. This module reads
that trail to say when the assessment was completed and when it was last edited after that.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from svdesk.models import AssessmentAnswer
from svdesk.models.audit import AuditLog
from svdesk.services.store import Store


@dataclass(frozen=True)
class EditInfo:
    completed_on: date | None
    edited_on: date | None  # the last change to an answer or note after completion
    changes: int  # answers and notes changed after completion

    def describe(self) -> str:
        if self.edited_on is None:
            return ""
        done = f"completed {self.completed_on:%-d %b %Y}, " if self.completed_on else ""
        return (
            f"Edited on {self.edited_on:%-d %b %Y} ({done}{self.changes} change(s) since; the earlier "
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
