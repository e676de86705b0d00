"""Suppliers, the spend lines bought from them, and the import batches those lines came in.

Spend is analysed at up to a million lines, so the questions asked of it (per contract and
month, per supplier, per batch) each have an index. Every line belongs to exactly one import
batch, so a whole import can be undone by deleting its batch; a line's source fingerprint is
unique, which is what makes re-importing the same file add nothing.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from svdesk.models.base import Base, TimestampMixin, utcnow
from svdesk.models.versioned import Versioned

SIZE_BANDS = ("micro", "small", "medium", "large", "unknown")


class Supplier(Versioned, TimestampMixin, Base):
    __tablename__ = "supplier"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Normalised name ("travis perkins trading co") used to recognise the supplier across files.
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    postcode: Mapped[str] = mapped_column(String(8), default="", index=True)
    company_number: Mapped[str] = mapped_column(String(20), default="")
    charity_number: Mapped[str] = mapped_column(String(20), default="")
    size_band: Mapped[str] = mapped_column(String(10), default="unknown")
    vcse_type: Mapped[str] = mapped_column(String(40), default="none")
    social_enterprise: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The import that created this supplier (None when typed in): undoing that import removes
    # the supplier again if nothing else refers to it.
    created_by_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL")
    )


class SupplierAlias(Base):
    """Every normalised name that means this supplier (its own, plus those merged into it)."""

    __tablename__ = "supplier_alias"

    name_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id", ondelete="CASCADE"), index=True)


class SupplierFill(Base):
    """A blank supplier field that an import filled in, so that undoing the import can put
    the blank back (unless someone has changed the value since)."""

    __tablename__ = "supplier_fill"
    __audit__ = False  # bookkeeping for undo; the supplier's own change is audited

    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"), primary_key=True)
    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("supplier.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    field: Mapped[str] = mapped_column(String(20), primary_key=True)  # postcode, company_number
    old_value: Mapped[str] = mapped_column(String(20))
    new_value: Mapped[str] = mapped_column(String(20))


class ImportBatch(Base):
    __tablename__ = "import_batch"
    # One row per import and per undo, with the counts, is written by
    # svdesk.services.import_audit (its insert and count updates here would only be noise).
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # "spend" or "suppliers"
    file_name: Mapped[str] = mapped_column(String(400))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    format: Mapped[str] = mapped_column(String(40))
    basis: Mapped[str] = mapped_column(String(10), default="net")  # how one amount was read
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id", ondelete="SET NULL"))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    rows_imported: Mapped[int] = mapped_column(Integer, default=0)
    rows_duplicate: Mapped[int] = mapped_column(Integer, default=0)
    rows_rejected: Mapped[int] = mapped_column(Integer, default=0)
    rows_skipped: Mapped[int] = mapped_column(Integer, default=0)


class SpendLine(Base):
    __tablename__ = "spend_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("supplier.id", ondelete="RESTRICT"))
    # The date the spend counts on: the invoice date, or the payment date for bank data.
    spend_date: Mapped[date] = mapped_column(Date)
    invoice_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    paid_date: Mapped[date | None] = mapped_column(Date)
    # Either may be unknown (a bank line has one amount); analysis falls back to the other.
    net_pence: Mapped[int | None] = mapped_column(Integer)
    gross_pence: Mapped[int | None] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str] = mapped_column(String(100), default="")
    contract_id: Mapped[int | None] = mapped_column(ForeignKey("contract.id", ondelete="SET NULL"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"))
    source_row: Mapped[int] = mapped_column(Integer, default=0)
    fingerprint: Mapped[str] = mapped_column(String(32))

    __table_args__ = (
        Index("ix_spend_line_fingerprint", "fingerprint", unique=True),
        # supplier_id rides along so date-ordered pages filtered by supplier facts (local,
        # SME, VCSE) can be read from the index alone.
        Index("ix_spend_line_contract_date", "contract_id", "spend_date", "supplier_id"),
        Index("ix_spend_line_supplier_date", "supplier_id", "spend_date"),
        Index("ix_spend_line_date", "spend_date", "supplier_id"),
        Index("ix_spend_line_batch", "batch_id"),
    )


class ImportMapping(Base):
    """A saved column mapping for a generic CSV or spreadsheet, reused by name."""

    __tablename__ = "import_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    mapping_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
