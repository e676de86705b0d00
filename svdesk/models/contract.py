"""Contracts and bids, each with the buyer's framework and its own definition of "local"."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from svdesk.models.base import Base, TimestampMixin
from svdesk.models.versioned import Versioned


class Contract(Versioned, TimestampMixin, Base):
    __tablename__ = "contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    buyer: Mapped[str] = mapped_column(String(200))
    value_pence: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="opportunity")
    framework: Mapped[str] = mapped_column(String(20), default="ppn_06_20")
    framework_note: Mapped[str] = mapped_column(String(200), default="")
    site_postcode: Mapped[str] = mapped_column(String(8), default="")
    # "authorities" (ONS local authority codes), "districts" (postcode districts such as M5) or
    # "radius" (miles from the site postcode). The values live in local_area_codes as a
    # comma-separated list, or in local_radius_miles.
    local_area_kind: Mapped[str] = mapped_column(String(20), default="authorities")
    local_area_codes: Mapped[str] = mapped_column(Text, default="")
    local_radius_miles: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str] = mapped_column(Text, default="")
