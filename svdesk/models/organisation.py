"""The organisation whose social value svdesk records (one per database)."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from svdesk.models.base import Base, TimestampMixin
from svdesk.models.versioned import Versioned


class Organisation(Versioned, TimestampMixin, Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(8), default="")
    headcount: Mapped[int | None] = mapped_column(Integer)
    turnover_pence: Mapped[int | None] = mapped_column(Integer)
    balance_sheet_pence: Mapped[int | None] = mapped_column(Integer)
    legal_form: Mapped[str] = mapped_column(String(40), default="private_limited")
    vcse_type: Mapped[str] = mapped_column(String(40), default="none")
    social_enterprise: Mapped[bool] = mapped_column(Boolean, default=False)
    real_living_wage_accredited: Mapped[bool] = mapped_column(Boolean, default=False)
    cyber_essentials: Mapped[str] = mapped_column(String(20), default="none")
    carbon_reduction_plan: Mapped[bool] = mapped_column(Boolean, default=False)
    certifications: Mapped[str] = mapped_column(Text, default="")
    year_start_month: Mapped[int] = mapped_column(Integer, default=4)
    full_time_hours: Mapped[float] = mapped_column(Float, default=37.5)
