"""What the user writes for a contract return: the buyer's own name and code for each KPI
(commitment), and per KPI and contract quarter the commentary, the corrective action and the
user's confirmation that the row relates only to this contract.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from svdesk.models.base import Base, TimestampMixin


class BuyerKpi(TimestampMixin, Base):
    """The buyer's own KPI code and name for one commitment (as printed in their template)."""

    __tablename__ = "buyer_kpi"

    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(60), default="")
    name: Mapped[str] = mapped_column(String(300), default="")


class ReturnNote(TimestampMixin, Base):
    """The user's words for one KPI in one contract quarter (1 = the first)."""

    __tablename__ = "return_note"
    __table_args__ = (UniqueConstraint("commitment_id", "quarter", name="uq_return_note_quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    quarter: Mapped[int] = mapped_column(Integer)
    commentary: Mapped[str] = mapped_column(Text, default="")
    corrective_action: Mapped[str] = mapped_column(Text, default="")
    relates_only: Mapped[bool] = mapped_column(Boolean, default=False)
