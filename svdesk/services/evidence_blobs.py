"""Evidence files kept inside a PostgreSQL database, with a cache folder on each PC (issue #22.3).

On a shared database every PC must see every file with nothing to set up, so the bytes live in
the table evidence_blob (sha256, size_bytes, content), written in the same transaction as the
evidence row. Previews, exports and "Open file" still want a path: each PC keeps the files it
has used in store.evidence_dir (inside the Location's local folder), fetched on first use and
checked against their SHA-256 on the way in and on the way out. An SQLite store keeps its files
in the -evidence folder beside it and never comes here.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from pathlib import Path

from sqlalchemy import BigInteger, Column, LargeBinary, MetaData, String, Table, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from svdesk.safety.errors import SafetyError
from svdesk.safety.evidence_names import stored_file

# Not in Base.metadata: the table exists on PostgreSQL only (migration 0104_pg_move), and a
# move between stores copies evidence as files, never as rows of this table.
blob_metadata = MetaData()
evidence_blob = Table(
    "evidence_blob",
    blob_metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size_bytes", BigInteger, nullable=False),
    Column("content", LargeBinary, nullable=False),
)


class EvidenceDamaged(SafetyError):
    """An evidence file whose bytes no longer match the SHA-256 it was filed under, or that is
    missing from the database; the message says which file and where."""


def uses_blobs(store) -> bool:
    """Whether this store keeps evidence files in the database (PostgreSQL) rather than a folder."""
    return bool(store.is_postgres)


def read_checked(path: Path, sha256: str) -> bytes:
    """A file's bytes, refused (EvidenceDamaged) unless they hash to sha256."""
    data = Path(path).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise EvidenceDamaged(
            f"The evidence file {Path(path).name} in {Path(path).parent} has changed since it was "
            "added (its SHA-256 no longer matches), so svdesk did not use it. Put back the original "
            "file from a backup or archive."
        )
    return data


def put(session, sha256: str, data: bytes) -> None:
    """Store a file's bytes in the session's transaction (the evidence row's), once per content."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise EvidenceDamaged("An evidence file changed while svdesk was adding it. Add it again.")
    session.execute(
        pg_insert(evidence_blob)
        .values(sha256=sha256, size_bytes=len(data), content=data)
        .on_conflict_do_nothing(index_elements=["sha256"])
    )


def forget(session, sha256: str) -> None:
    session.execute(delete(evidence_blob).where(evidence_blob.c.sha256 == sha256))


def blob_bytes(conn, sha256: str) -> bytes | None:
    """The stored bytes of one file (unchecked), or None when the database has none."""
    row = conn.execute(select(evidence_blob.c.content).where(evidence_blob.c.sha256 == sha256)).first()
    return None if row is None else bytes(row[0])


def checked_bytes(conn, sha256: str, name: str, where: str) -> bytes:
    """The stored bytes of one file, checked against its SHA-256; EvidenceDamaged says which
    file (name) and where (the database's label) when they are missing or do not match."""
    data = blob_bytes(conn, sha256)
    if data is None:
        raise EvidenceDamaged(
            f"The evidence file “{name}” is missing from the database {where} (SHA-256 "
            f"{sha256[:12]}…). Restore it from an archive, or add the file again."
        )
    if hashlib.sha256(data).hexdigest() != sha256:
        raise EvidenceDamaged(
            f"The evidence file “{name}” stored in the database {where} is damaged: its contents "
            f"no longer match the SHA-256 recorded when it was added ({sha256[:12]}…). Restore it "
            "from an archive, or delete it and add the original file again."
        )
    return data


def write_file(folder: Path, sha256: str, suffix: str, data: bytes) -> Path:
    """The file in folder under its stored name: written to a temporary name, made read-only
    and renamed into place, so a crash never leaves a half-written file under a real name."""
    target = stored_file(folder, sha256, suffix)
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # read-only: never altered
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def cached(store, sha256: str, suffix: str, name: str = "") -> Path:
    """The file in this PC's cache folder, fetched from the database on first use and checked
    against its SHA-256 then (the cache keeps it read-only); EvidenceDamaged when the database's
    copy is missing or does not match, naming the file and the database."""
    target = stored_file(store.evidence_dir, sha256, suffix)
    if target.is_file():
        return target
    with store.engine.connect() as conn:
        data = checked_bytes(conn, sha256, name or sha256 + suffix, store.label)
    return write_file(store.evidence_dir, sha256, suffix, data)
