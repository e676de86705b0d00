"""Volunteering, expert pro-bono time, donations and in-kind support, community partners."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from svdesk.models.activity_base import ActivityMixin
from svdesk.models.base import Base, TimestampMixin
from svdesk.models.versioned import Versioned


class CommunityPartner(Versioned, TimestampMixin, Base):
    __tablename__ = "community_partner"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    partner_type: Mapped[str] = mapped_column(String(20), default="vcse")
    postcode: Mapped[str] = mapped_column(String(8), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class Volunteering(Versioned, ActivityMixin, Base):
    __tablename__ = "volunteering"

    hours: Mapped[float] = mapped_column(Float)
    volunteers: Mapped[int] = mapped_column(Integer, default=1)
    organisation_helped: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(300), default="")


class ProBono(Versioned, ActivityMixin, Base):
    __tablename__ = "pro_bono"

    hours: Mapped[float] = mapped_column(Float)
    expertise: Mapped[str] = mapped_column(String(200), default="")
    organisation_helped: Mapped[str] = mapped_column(String(200))


class Donation(Versioned, ActivityMixin, Base):
    __tablename__ = "donation"

    amount_pence: Mapped[int] = mapped_column(Integer)
    in_kind: Mapped[bool] = mapped_column(Boolean, default=False)
    recipient: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(300), default="")
