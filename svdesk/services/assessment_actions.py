"""The action plan that comes out of a self-assessment: one action per gap, then the user's own.

Drafted actions take the checklist's suggested action (or, when the previous assessment had an
open action for the same gap, its wording, owner, status and notes), and a due date that depends
on how much buyers weigh the gap: priority 4 or more in 3 months, 2 or more in 6 months, the rest
in 12 months (priority = buyer weight × question weight × shortfall; see svdesk.assessment.scoring).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select

from svdesk.assessment.scoring import Results
from svdesk.models import Assessment, AssessmentAction
from svdesk.services.store import Store
from svdesk.services.validation import ValidationError

ACTION_STATUSES = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}


@dataclass(frozen=True)
class ActionData:
    title: str = ""
    owner: str = ""
    due_date: date | None = None
    status: str = "not_started"
    notes: str = ""
    question_id: str | None = None
    priority: float = 0.0
    id: int | None = None
    assessment_id: int | None = None

    @property
    def status_label(self) -> str:
        return ACTION_STATUSES.get(self.status, self.status)

    def is_overdue(self, today: date | None = None) -> bool:
        return (
            self.due_date is not None
            and self.status in ("not_started", "in_progress")
            and self.due_date < (today or date.today())
        )


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_for_priority(priority: float) -> int:
    if priority >= 4:
        return 3
    if priority >= 2:
        return 6
    return 12


def _carried_over(session, assessment: Assessment) -> dict[str, AssessmentAction]:
    """Open actions from the latest earlier assessment, by question: the owner and notes carry
    over when the same gap is found again, so a plan in progress is not started afresh."""
    earlier = session.scalar(
        select(Assessment)
        .where(
            Assessment.status == "complete",
            Assessment.id != assessment.id,
            Assessment.completed_on <= (assessment.completed_on or date.today()),
        )
        .order_by(Assessment.completed_on.desc(), Assessment.id.desc())
    )
    if earlier is None:
        return {}
    return {
        a.question_id: a
        for a in earlier.actions
        if a.question_id and a.status in ("not_started", "in_progress")
    }


def draft_actions(session, assessment: Assessment, results: Results) -> None:
    """Add an action for each gap that has none yet (safe to call twice)."""
    have = {a.question_id for a in assessment.actions if a.question_id}
    carried = _carried_over(session, assessment)
    start = assessment.completed_on or date.today()
    position = max((a.position for a in assessment.actions), default=-1) + 1
    for gap in results.gaps:
        if gap.question.id in have:
            continue
        before = carried.get(gap.question.id)
        assessment.actions.append(
            AssessmentAction(
                question_id=gap.question.id,
                title=before.title if before else gap.question.action,
                owner=before.owner if before else "",
                due_date=add_months(start, months_for_priority(gap.priority)),
                status=before.status if before else "not_started",
                notes=before.notes if before else "",
                priority=gap.priority,
                position=position,
            )
        )
        position += 1
    session.flush()


def _data(row: AssessmentAction) -> ActionData:
    return ActionData(
        row.title,
        row.owner,
        row.due_date,
        row.status,
        row.notes,
        row.question_id,
        row.priority,
        row.id,
        row.assessment_id,
    )


def validate_action(data: ActionData) -> dict[str, str]:
    errors = {}
    if not data.title.strip():
        errors["title"] = "Describe the action in a few words."
    if data.status not in ACTION_STATUSES:
        errors["status"] = "Choose a status: Not started, In progress, Done or Dropped."
    if len(data.owner) > 120:
        errors["owner"] = "Keep the owner to a name or a role (120 characters at most)."
    return errors


def list_actions(store: Store, assessment_id: int) -> list[ActionData]:
    with store.read() as s:
        rows = s.scalars(
            select(AssessmentAction)
            .where(AssessmentAction.assessment_id == assessment_id)
            .order_by(AssessmentAction.position, AssessmentAction.id)
        ).all()
        return [_data(r) for r in rows]


def add_action(store: Store, assessment_id: int, data: ActionData) -> ActionData:
    errors = validate_action(data)
    if errors:
        raise ValidationError(errors)
    with store.write() as s:
        a = s.get(Assessment, assessment_id)
        if a is None:
            raise ValidationError({"assessment": "That assessment is no longer in the database."})
        position = max((x.position for x in a.actions), default=-1) + 1
        row = AssessmentAction(
            assessment_id=assessment_id,
            question_id=data.question_id,
            title=data.title.strip(),
            owner=data.owner.strip(),
            due_date=data.due_date,
            status=data.status,
            notes=data.notes.strip(),
            priority=data.priority,
            position=position,
        )
        s.add(row)
        s.flush()
        return _data(row)


def update_action(store: Store, data: ActionData) -> ActionData:
    errors = validate_action(data)
    if errors:
        raise ValidationError(errors)
    with store.write() as s:
        row = s.get(AssessmentAction, data.id)
        if row is None:
            raise ValidationError({"action": "That action is no longer in the database."})
        row.title, row.owner = data.title.strip(), data.owner.strip()
        row.due_date, row.status, row.notes = data.due_date, data.status, data.notes.strip()
        s.flush()
        return _data(row)


def update_action_fields(store: Store, action_id: int, **changes) -> ActionData:
    """Change some fields of one action (what a table cell edit does)."""
    with store.read() as s:
        row = s.get(AssessmentAction, action_id)
        if row is None:
            raise ValidationError({"action": "That action is no longer in the database."})
        current = _data(row)
    return update_action(store, replace(current, **changes))


def delete_action(store: Store, action_id: int) -> None:
    with store.write() as s:
        row = s.get(AssessmentAction, action_id)
        if row is not None:
            s.delete(row)


def open_actions_due(store: Store, by: date) -> list[ActionData]:
    """Actions not done or dropped that are due on or before a date (for the dashboard)."""
    with store.read() as s:
        rows = s.scalars(
            select(AssessmentAction)
            .where(
                AssessmentAction.status.in_(("not_started", "in_progress")),
                AssessmentAction.due_date.is_not(None),
                AssessmentAction.due_date <= by,
            )
            .order_by(AssessmentAction.due_date)
        ).all()
        return [_data(r) for r in rows]
