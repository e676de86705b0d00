"""Columns every activity record shares: when, which contract, is it extra, what share counts.

A record with no contract (contract_id NULL) is organisation-wide. `additional` answers "is this
extra to the contract's core deliverables?" (None until the user answers). `attribution_share`
(0 to 1) is the part of the activity that counts for this contract when it serves several.
"""

from __future__ import annotations

import datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from svdesk.models.base import TimestampMixin


class ActivityMixin(TimestampMixin):
    id: Mapped[int] = mapped_column(primary_key=True)
    # datetime.date: inside the class body the name date is this column
    date: Mapped[datetime.date] = mapped_column(Date, index=True)
    end_date: Mapped[datetime.date | None] = mapped_column(Date)
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("contract.id", ondelete="SET NULL"), index=True
    )
    additional: Mapped[bool | None] = mapped_column(Boolean)
    attribution_share: Mapped[float] = mapped_column(Float, default=1.0)
    notes: Mapped[str] = mapped_column(Text, default="")
