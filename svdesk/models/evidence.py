"""Evidence files (stored by SHA-256 beside the database), their links to records, case studies.

The link table is generic (record_type, record_id) because evidence attaches to many kinds of
record; the service removes a record's links when it deletes the record.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from svdesk.models.base import Base, TimestampMixin
from svdesk.models.versioned import Versioned


class Evidence(Versioned, TimestampMixin, Base):
    __tablename__ = "evidence"
    __audit_private__ = frozenset({"original_name", "caption"})  # file names may name people

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    suffix: Mapped[str] = mapped_column(String(16), default="")
    size_bytes: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str] = mapped_column(String(300), default="")
    evidence_date: Mapped[date | None] = mapped_column(Date)
    evidence_type: Mapped[str] = mapped_column(String(30), default="other")


class EvidenceLink(Base):
    __tablename__ = "evidence_link"
    __table_args__ = (
        UniqueConstraint("evidence_id", "record_type", "record_id"),
        Index("ix_evidence_link_record", "record_type", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"))
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)


class CaseStudy(Versioned, TimestampMixin, Base):
    __tablename__ = "case_study"
    __audit_private__ = frozenset({"title", "story", "quote"})  # about a person, with consent

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    story: Mapped[str] = mapped_column(Text, default="")
    quote: Mapped[str] = mapped_column(Text, default="")
    photo_evidence_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id", ondelete="SET NULL"))
    consent_given: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_date: Mapped[date | None] = mapped_column(Date)
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id", ondelete="SET NULL"))
    date: Mapped[date | None] = mapped_column(Date)
