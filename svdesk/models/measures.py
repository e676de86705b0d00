"""Measures the user adds, proxy values, SROI assumptions, commitments and manual entries.

svdesk's own measures and the public frameworks are shipped as data files (resources/frameworks);
only what the user adds or edits lives here. Measures are referred to by their stable key
(a string), not by a foreign key, because most of them are not rows in this database.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from svdesk.models.base import Base, TimestampMixin
from svdesk.models.versioned import Versioned


class MeasureDefinition(TimestampMixin, Base):
    """A buyer's own measure (e.g. a council's list), alongside svdesk's shipped ones."""

    __tablename__ = "measure_definition"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20), default="social")
    description: Mapped[str] = mapped_column(Text, default="")
    counting_rule: Mapped[str] = mapped_column(Text, default="")
    valued: Mapped[bool] = mapped_column(Boolean, default=True)
    in_totals: Mapped[bool] = mapped_column(Boolean, default=True)
    buyer: Mapped[str] = mapped_column(String(200), default="")


class MeasureMapping(TimestampMixin, Base):
    """Maps a measure (shipped or the user's) to a framework outcome. For a shipped framework
    outcome names a known outcome key; for a buyer's own framework it is free text."""

    __tablename__ = "measure_mapping"
    __table_args__ = (
        UniqueConstraint(
            "measure_key", "framework", "outcome", name="uq_measure_mapping_key_framework_outcome"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_key: Mapped[str] = mapped_column(String(60), index=True)
    framework: Mapped[str] = mapped_column(String(60))
    outcome: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")


class ProxyValue(TimestampMixin, Base):
    """£ per unit of a measure. contract_id None = the organisation's default; a row for a
    contract (from that buyer's proxy sheet) overrides it for that contract only."""

    __tablename__ = "proxy_value"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_key: Mapped[str] = mapped_column(String(60), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"), index=True)
    pence_per_unit: Mapped[int] = mapped_column(Integer)
    edition: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    currency_year: Mapped[int | None] = mapped_column(Integer)
    checked_by: Mapped[str] = mapped_column(Text, default="")
    shipped: Mapped[bool] = mapped_column(Boolean, default=False)
    published: Mapped[str] = mapped_column(String(40), default="")  # "29 Oct 2024"
    licence: Mapped[str] = mapped_column(String(200), default="")


class SroiAssumption(TimestampMixin, Base):
    __tablename__ = "sroi_assumption"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_key: Mapped[str] = mapped_column(String(60), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"), index=True)
    deadweight: Mapped[float] = mapped_column(Float, default=0.0)
    displacement: Mapped[float] = mapped_column(Float, default=0.0)
    attribution: Mapped[float] = mapped_column(Float, default=0.0)
    drop_off: Mapped[float] = mapped_column(Float, default=0.0)
    years: Mapped[int] = mapped_column(Integer, default=1)


class MeasureSetting(Base):
    """Settings of the measures area, e.g. sroi_discount_rate (kept editable: under review)."""

    __tablename__ = "measure_setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Commitment(Versioned, TimestampMixin, Base):
    __tablename__ = "commitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"), index=True)
    measure_key: Mapped[str] = mapped_column(String(60))
    target: Mapped[float] = mapped_column(Float)
    basis: Mapped[str] = mapped_column(String(20), default="term")  # per_year | term
    direction: Mapped[str] = mapped_column(String(20), default="at_least")  # | at_most
    owner: Mapped[str] = mapped_column(String(200), default="")
    # What documents print unless owner_named: the named person agreed to be named in them.
    owner_role: Mapped[str] = mapped_column(String(200), default="")
    owner_named: Mapped[bool] = mapped_column(Boolean, default=False)
    method: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    milestones: Mapped[list[CommitmentMilestone]] = relationship(
        cascade="all, delete-orphan", order_by="CommitmentMilestone.quarter"
    )


class CommitmentMilestone(Base):
    """Cumulative quantity due by the end of a contract quarter (1 = the first)."""

    __tablename__ = "commitment_milestone"
    __table_args__ = (UniqueConstraint("commitment_id", "quarter", name="uq_commitment_milestone_quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"))
    quarter: Mapped[int] = mapped_column(Integer)
    due: Mapped[float] = mapped_column(Float)


class MeasureEntry(Versioned, TimestampMixin, Base):
    """A quantity entered by hand for a measure no other area records (a buyer's own measure)."""

    __tablename__ = "measure_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_key: Mapped[str] = mapped_column(String(60), index=True)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    quantity: Mapped[float] = mapped_column(Float)
    additional: Mapped[bool] = mapped_column(Boolean, default=True)
    attribution: Mapped[float] = mapped_column(Float, default=1.0)
    description: Mapped[str] = mapped_column(Text, default="")
    evidence_ref: Mapped[str] = mapped_column(String(200), default="")
