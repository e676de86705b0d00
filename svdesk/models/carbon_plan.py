"""The Carbon Reduction Plan's own answers (PPN 006): what the records cannot give.

One row per database (the organisation's plan): the net zero year, the baseline and current
reporting periods, why a scope has no figure, targets, projects, and the director's sign-off.
The emissions themselves are never stored here: they are counted from the environment records
when the plan is read, so an edited record or factor table shows at once.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from svdesk.models.base import Base, TimestampMixin


class CarbonPlan(TimestampMixin, Base):
    __tablename__ = "carbon_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    net_zero_year: Mapped[int] = mapped_column(Integer, default=2050)
    baseline_start: Mapped[date | None] = mapped_column(Date)
    baseline_end: Mapped[date | None] = mapped_column(Date)
    current_start: Mapped[date | None] = mapped_column(Date)
    current_end: Mapped[date | None] = mapped_column(Date)
    baseline_notes: Mapped[str] = mapped_column(Text, default="")
    # {"scope1": "...", "commuting": "..."}: why a scope or scope 3 category has no figure
    scope_notes: Mapped[str] = mapped_column(Text, default="{}")
    target_year: Mapped[int | None] = mapped_column(Integer)
    target_tonnes: Mapped[float | None] = mapped_column(Float)
    targets_text: Mapped[str] = mapped_column(Text, default="")
    completed_projects: Mapped[str] = mapped_column(Text, default="")
    planned_projects: Mapped[str] = mapped_column(Text, default="")
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_role: Mapped[str] = mapped_column(String(200), default="")
    signed_on: Mapped[date | None] = mapped_column(Date)
