"""People employed, and the contracts they work on.

Deliberately minimal (UK GDPR data minimisation): a pseudonymous reference, never a name, NI
number, birth date, address or bank details; there are no columns for them at all. Erasing a
person blanks the personal fields and keeps what anonymous counts need (dates, hours, the local
answer per contract, taken before the postcode is removed).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from svdesk.models.base import Base, TimestampMixin
from svdesk.models.versioned import Versioned


class Person(Versioned, TimestampMixin, Base):
    __tablename__ = "person"
    # The audit trail records that these changed, never their values (svdesk.models.audit).
    __audit_private__ = frozenset(
        {"reference", "postcode", "priority_group", "priority_group_other", "recruitment_programme", "notes"}
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    postcode: Mapped[str] = mapped_column(String(8), default="")
    # Where they work, for the London Living Wage test; blank means the organisation's postcode.
    workplace_postcode: Mapped[str] = mapped_column(String(8), default="")
    start_date: Mapped[date | None] = mapped_column(Date)
    leave_date: Mapped[date | None] = mapped_column(Date)
    weekly_hours: Mapped[float | None] = mapped_column(Float)
    hourly_rate_pence: Mapped[int | None] = mapped_column(Integer)
    annual_salary_pence: Mapped[int | None] = mapped_column(Integer)
    contract_type: Mapped[str] = mapped_column(String(20), default="permanent")
    job_status: Mapped[str] = mapped_column(String(20), default="new")  # new or retained
    priority_group: Mapped[str] = mapped_column(String(30), default="")  # one at most
    priority_group_other: Mapped[str] = mapped_column(String(100), default="")
    recruitment_programme: Mapped[str] = mapped_column(String(200), default="")
    consent_given: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_date: Mapped[date | None] = mapped_column(Date)
    erased_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class PersonContract(Versioned, TimestampMixin, Base):
    """A person's time on a contract: the share of their hours it takes, and when."""

    __tablename__ = "person_contract"
    __table_args__ = (UniqueConstraint("person_id", "contract_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"), index=True)
    time_share: Mapped[float] = mapped_column(Float, default=1.0)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    # Kept when the person is erased, so local counts survive without the postcode.
    local_at_erasure: Mapped[str | None] = mapped_column(String(12))
