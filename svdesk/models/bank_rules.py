"""A firm's own rules for bank lines that are, or are not, supplier spend.

The shipped rules live in resources/bank_rules/rules.csv; these are the firm's additions and
exceptions, tried first (svdesk.importers.bank_rules).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from svdesk.models.base import Base, utcnow


class BankRule(Base):
    __tablename__ = "bank_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    words: Mapped[str] = mapped_column(String(200))  # matched anywhere, case ignored
    category: Mapped[str] = mapped_column(String(20))  # a bank_rules.CATEGORIES key or "spend"
    note: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
