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

from sqlalchemy import text
from sqlalchemy.orm import Session


def lock_key(kind: str) -> int:
    """A stable 32-bit key per import kind (pg_advisory_xact_lock takes a bigint)."""
    return zlib.crc32(f"svdesk-import-{kind}".encode())


def lock_imports(session: Session, kind: str) -> None:
    """Wait until no other import of this kind is running on the database (PostgreSQL only)."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(kind)})
