"""Environmental records. Carbon is worked out when read, from the dated factor table, so the
edition used is always shown and an edited table applies everywhere."""

from __future__ import annotations

from sqlalchemy import Float, String
from sqlalchemy.orm import Mapped, mapped_column

from svdesk.models.activity_base import ActivityMixin
from svdesk.models.base import Base
from svdesk.models.versioned import Versioned


class EmissionRecord(Versioned, ActivityMixin, Base):
    """Energy (kWh), fuel (litres) or business travel (miles by mode): factor_key names the row
    of resources/rates/ghg_factors.csv."""

    __tablename__ = "emission_record"

    category: Mapped[str] = mapped_column(String(20))  # energy, fuel, travel, water
    factor_key: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(300), default="")


class WasteRecord(Versioned, ActivityMixin, Base):
    __tablename__ = "waste_record"

    waste_stream: Mapped[str] = mapped_column(String(100))
    route: Mapped[str] = mapped_column(String(20))  # diverted, reused, recycled, landfill
    tonnes: Mapped[float] = mapped_column(Float)


class EnvironmentAction(Versioned, ActivityMixin, Base):
    __tablename__ = "environment_action"

    action: Mapped[str] = mapped_column(String(300))
    measure_value: Mapped[float | None] = mapped_column(Float)
    measure_unit: Mapped[str] = mapped_column(String(40), default="")
