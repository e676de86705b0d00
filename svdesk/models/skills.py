"""Apprenticeships, training courses, work placements and learning interventions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from svdesk.models.activity_base import ActivityMixin
from svdesk.models.base import Base
from svdesk.models.versioned import Versioned


class Apprenticeship(Versioned, ActivityMixin, Base):
    """date = start date. weeks_on_contract counts toward the contract (52 = one year)."""

    __tablename__ = "apprenticeship"

    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    standard: Mapped[str] = mapped_column(String(200))
    level: Mapped[int] = mapped_column(Integer)
    planned_end_date: Mapped[date | None] = mapped_column(Date)
    actual_end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="on_programme")
    weeks_on_contract: Mapped[float | None] = mapped_column(Float)


class TrainingCourse(Versioned, ActivityMixin, Base):
    __tablename__ = "training_course"

    course: Mapped[str] = mapped_column(String(200))
    qualification: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[int | None] = mapped_column(Integer)
    weeks: Mapped[float] = mapped_column(Float, default=0)
    learners: Mapped[int] = mapped_column(Integer, default=1)
    # learners who gained the qualification (None: not known yet); counted on the course's end
    qualified: Mapped[int | None] = mapped_column(Integer)


class WorkPlacement(Versioned, ActivityMixin, Base):
    """Work experience or student placements, counted in days or in hours."""

    __tablename__ = "work_placement"

    placement_type: Mapped[str] = mapped_column(String(30), default="work_experience")
    participants: Mapped[int] = mapped_column(Integer, default=1)
    days: Mapped[float | None] = mapped_column(Float)
    hours: Mapped[float | None] = mapped_column(Float)
    provider: Mapped[str] = mapped_column(String(200), default="")


class LearningIntervention(Versioned, ActivityMixin, Base):
    """Counted as hours × attendees (a 2-hour careers talk to 8 pupils = 16 hours)."""

    __tablename__ = "learning_intervention"

    intervention_type: Mapped[str] = mapped_column(String(30))
    hours: Mapped[float] = mapped_column(Float)
    attendees: Mapped[int] = mapped_column(Integer, default=1)
    venue: Mapped[str] = mapped_column(String(200), default="")
