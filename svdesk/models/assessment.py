"""Self-assessments: the checklist each was taken against, its answers and its action plan.

The checklist's YAML is stored in the database when first used, so an old assessment can still
be scored and compared after the file is edited, moved or replaced by a newer version.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from svdesk.models.base import Base, TimestampMixin


class AssessmentChecklist(TimestampMixin, Base):
    __tablename__ = "assessment_checklist"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80))  # the checklist file's id
    version: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(300), default="")  # file name it came from
    builtin: Mapped[bool] = mapped_column(default=False)
    content: Mapped[str] = mapped_column(Text)  # the YAML exactly as loaded


class Assessment(TimestampMixin, Base):
    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(primary_key=True)
    checklist_id: Mapped[int] = mapped_column(ForeignKey("assessment_checklist.id"))
    # in_progress while the wizard is open or paused; complete once results exist.
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    started_on: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    current_section: Mapped[int] = mapped_column(Integer, default=0)  # where to resume
    notes: Mapped[str] = mapped_column(Text, default="")

    checklist: Mapped[AssessmentChecklist] = relationship()
    answers: Mapped[list[AssessmentAnswer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )
    actions: Mapped[list[AssessmentAction]] = relationship(
        back_populates="assessment",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AssessmentAction.position",
    )


class AssessmentAnswer(TimestampMixin, Base):
    __tablename__ = "assessment_answer"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(80))
    answer: Mapped[str | None] = mapped_column(String(40))  # None = only a note so far
    note: Mapped[str] = mapped_column(Text, default="")
    # Prefilled from last year's assessment and not yet confirmed or changed (issue #20.6).
    carried_over: Mapped[bool] = mapped_column(default=False, server_default="0")

    assessment: Mapped[Assessment] = relationship(back_populates="answers")


class AssessmentAction(TimestampMixin, Base):
    __tablename__ = "assessment_action"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str | None] = mapped_column(String(80))  # None = added by the user
    title: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(120), default="")
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    notes: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[float] = mapped_column(Float, default=0.0)
    position: Mapped[int] = mapped_column(Integer, default=0)

    assessment: Mapped[Assessment] = relationship(back_populates="actions")
