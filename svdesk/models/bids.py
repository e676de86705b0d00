"""A bid's tender questions: the buyer's wording, weighting, limit, answer type, the outcomes or
MACs targeted, and the answer with every version the user saved.

A bid is a contract at bid stage (svdesk.models.contract); it holds any number of questions,
numbered 1, 2, 3 … within the contract. Everything lives in the database, so backups, archives
and the audit trail hold it like any other record.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from svdesk.models.base import Base, TimestampMixin, utcnow
from svdesk.models.versioned import Versioned


class BidQuestion(Versioned, TimestampMixin, Base):
    __tablename__ = "bid_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … within the contract
    text: Mapped[str] = mapped_column(Text, default="")  # the buyer's question, as given
    weighting: Mapped[float | None] = mapped_column(Float)  # % of the total score
    limit: Mapped[int | None] = mapped_column(Integer)
    limit_unit: Mapped[str] = mapped_column(String(20), default="words")  # | characters
    answer_type: Mapped[str] = mapped_column(String(30), default="auto")  # see tender_kinds
    targets: Mapped[str] = mapped_column(Text, default="")  # outcomes or MACs, e.g. "MAC 2.2"
    champion: Mapped[str] = mapped_column(String(200), default="")
    answer: Mapped[str] = mapped_column(Text, default="")  # the current answer, as typed
    # The commitments chosen for this answer in the tender builder (JSON list), if any.
    offer: Mapped[str] = mapped_column(Text, default="")

    versions: Mapped[list[BidAnswerVersion]] = relationship(
        cascade="all, delete-orphan", order_by="BidAnswerVersion.id"
    )

    __table_args__ = (UniqueConstraint("contract_id", "number", name="uq_bid_question_contract_number"),)


class BidAnswerVersion(Base):
    """One saved version of an answer (kept whenever the answer is saved with new words)."""

    __tablename__ = "bid_answer_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("bid_question.id", ondelete="CASCADE"), index=True)
    saved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    text: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(String(200), default="")  # "drafted", "edited" …
