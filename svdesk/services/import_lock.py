"""One import of a kind at a time on a shared database, so "already imported" holds under
concurrency.

Two people importing the same bank statement at once on PostgreSQL would each look for an earlier
import of the file, find none, and both go ahead (the lines' unique fingerprint would still stop
doubled lines, but suppliers would be created twice and both would be told the file is new). An
import therefore takes a transaction-scoped advisory lock for its kind before it looks: the
second waits for the first to commit or roll back, then sees its batch, counts every line as
already imported and says who imported the file and when. The lock goes with the transaction.

On SQLite only one writer runs at a time anyway; nothing is taken here.
"""

from __future__ import annotations

import zlib
from datetime import UTC

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from svdesk.formatting import format_date
from svdesk.models import ImportBatch
from svdesk.models.audit import AuditLog, session_user

COUNTED = {
    "spend": "its lines are counted as already imported",
    "suppliers": "its suppliers are already known",
}


def lock_key(kind: str) -> int:
    """A stable 32-bit key per import kind (pg_advisory_xact_lock takes a bigint)."""
    return zlib.crc32(f"svdesk-import-{kind}".encode())


def lock_imports(session: Session, kind: str) -> None:
    """Wait until no other import of this kind is running on the database (PostgreSQL only)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(kind)})


def earlier_import(session: Session, sha: str, kind: str) -> str:
    """A note when this exact file was imported before ("" if not): who (when someone else did,
    on a shared database) and when."""
    row = session.execute(
        select(ImportBatch.id, ImportBatch.imported_at)
        .where(ImportBatch.file_sha256 == sha, ImportBatch.kind == kind)
        .order_by(ImportBatch.id)
    ).first()
    if row is None:
        return ""
    counted = COUNTED.get(kind, "its rows are counted as already imported")
    by = session.scalar(
        select(AuditLog.user)
        .where(AuditLog.table_name == "import_batch", AuditLog.record_id == str(row[0]))
        .order_by(AuditLog.id)
        .limit(1)
    )
    if by and by != session_user(session):  # another person on a shared database
        local = row[1].replace(tzinfo=UTC).astimezone()
        return (
            f"Someone else ({by}) imported this file at {local:%H:%M} on {format_date(local.date())} "
            f"(batch {row[0]}); {counted}"
        )
    return f"this exact file was imported before ({format_date(row[1].date())}, batch {row[0]}); {counted}"
