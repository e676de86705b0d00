"""Archives: one file holding the database, every evidence file and a manifest of their hashes.

An archive is what a user carries to a new PC or keeps on a USB stick. It is a zip with:

    manifest.json          format, schema revision, and the SHA-256 and size of every entry
    database.svdesk        the database, copied with the SQLite backup API
    evidence/<relative>    every file under the database's evidence folder

An archive always holds an SQLite database, whichever store it was made from: a PostgreSQL
database is first copied into a file in svdesk's private work folder (svdesk.services.move), its
evidence files with it, so an archive made from the server restores into a file on any PC, and
one made from a file restores into a PostgreSQL database (svdesk.safety.restore).

Optionally the whole zip is encrypted with a passphrase (svdesk.safety.crypto). The archive is
written to "<name>.part" and renamed only when complete, so a crash or a full disk never leaves a
file that looks like a good archive.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from svdesk import __version__
from svdesk.safety.backup import online_copy
from svdesk.safety.errors import SafetyError, describe_os_error, remove_leftovers

FORMAT = "svdesk-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.svdesk"
EVIDENCE = "evidence/"


@dataclass(frozen=True)
class ArchiveInfo:
    path: Path
    entries: int
    evidence_files: int
    total_bytes: int
    schema_revision: str | None
    encrypted: bool
    skipped: tuple[str, ...] = ()


def evidence_dir_for(db_path: Path) -> Path:
    """Mirrors Store.evidence_dir, for callers that have a path but no open store."""
    return db_path.with_name(db_path.stem + "-evidence")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def schema_revision(db_file: Path) -> str | None:
    conn = sqlite3.connect(f"file:{db_file.as_posix()}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.OperationalError:
        return None
    finally:
        conn.close()


def _evidence_files(evidence_dir: Path) -> tuple[list[tuple[str, Path]], list[str]]:
    """(archive name, file) for every regular file under evidence_dir; symlinks are skipped
    because they may point outside the folder (and would not exist on another PC anyway)."""
    files: list[tuple[str, Path]] = []
    skipped: list[str] = []
    if not evidence_dir.is_dir():
        return files, skipped
    for root, dirs, names in os.walk(evidence_dir, followlinks=False):
        root_path = Path(root)
        for d in list(dirs):
            if (root_path / d).is_symlink():
                skipped.append(str((root_path / d).relative_to(evidence_dir)))
                dirs.remove(d)
        for name in sorted(names):
            path = root_path / name
            rel = path.relative_to(evidence_dir).as_posix()
            if path.is_symlink() or not path.is_file():
                skipped.append(rel)
                continue
            files.append((EVIDENCE + rel, path))
    files.sort()
    return files, skipped


# Already compressed: deflating them again costs time and saves nothing.
STORED_SUFFIXES = {
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".heic",
    ".webp",
    ".pdf",
    ".zip",
    ".docx",
    ".xlsx",
    ".pptx",
    ".mp4",
    ".mov",
    ".mp3",
    ".m4a",
    ".gz",
    ".7z",
}


def _add_file(zf: zipfile.ZipFile, name: str, path: Path) -> dict:
    digest, size = hashlib.sha256(), 0
    stat = path.stat()
    info = zipfile.ZipInfo(
        name,
        datetime.fromtimestamp(stat.st_mtime).timetuple()[:6]
        if stat.st_mtime >= 315532800
        else (1980, 1, 1, 0, 0, 0),
    )
    info.compress_type = (
        zipfile.ZIP_STORED if path.suffix.lower() in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
    )
    info.external_attr = 0o100644 << 16  # a regular file (restore refuses anything else)
    with open(path, "rb") as src, zf.open(info, "w", force_zip64=stat.st_size > (1 << 30)) as dst:
        for block in iter(lambda: src.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
            dst.write(block)
    return {"name": name, "size": size, "sha256": digest.hexdigest()}


def work_dir() -> Path:
    """svdesk's own folder for temporary work (in its data folder), cleared of what killed
    backups left there (older than an hour, their process gone)."""
    from svdesk import paths

    folder = paths.data_dir() / "work"
    folder.mkdir(parents=True, exist_ok=True)
    remove_leftovers(folder, ".svdesk-archive-*", older_than_hours=1)
    return folder


def create_archive(
    db_path: Path | str, out: Path | str, *, passphrase: str | None = None, evidence_dir: Path | None = None
) -> ArchiveInfo:
    """db_path: a database file, or a PostgreSQL URL (copied into a file first, see above)."""
    from svdesk.db.location import is_url

    if isinstance(db_path, str) and is_url(db_path):
        return _archive_postgres(db_path, out, passphrase)
    db_path = Path(db_path).expanduser().resolve()
    out = Path(out).expanduser().resolve()
    if not db_path.is_file():
        raise SafetyError(f"There is no database at {db_path}.")
    if out == db_path:
        raise SafetyError("Choose a different file for the archive: it would replace the database.")
    evidence_dir = evidence_dir or evidence_dir_for(db_path)
    part = out.with_name(out.name + ".part")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (".svdesk-archive-*", "*.svdesk-archive.part", "*.zip.part"):
            remove_leftovers(out.parent, leftover)
        # The database copy and (when encrypting) the plain zip are built in a private folder
        # on this PC, never on the destination: a USB stick must only ever see encrypted bytes,
        # even when svdesk is killed half-way.
        private = work_dir()
        with tempfile.TemporaryDirectory(prefix=f".svdesk-archive-p{os.getpid()}-", dir=private) as tmp:
            os.chmod(tmp, 0o700)
            copy = Path(tmp) / DATABASE
            online_copy(db_path, copy)
            files, skipped = _evidence_files(evidence_dir)
            zip_target = Path(tmp) / "archive.zip" if passphrase else part
            with zipfile.ZipFile(zip_target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
                # Each file is hashed as it is written, so the manifest describes exactly the
                # bytes in the archive even if an evidence file changes while we work.
                entries = [_add_file(zf, name, path) for name, path in [(DATABASE, copy)] + files]
                revision = schema_revision(copy)
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created": datetime.now().isoformat(timespec="seconds"),
                    "svdesk_version": __version__,
                    "schema_revision": revision,
                    "database": DATABASE,
                    "entries": entries,
                }
                zf.writestr(MANIFEST, json.dumps(manifest, indent=2))
            if passphrase:
                # Imported here: cryptography (~6 MB) is for an encrypted archive only, and this
                # module is imported by every reader of evidence (sha256_file), the export
                # standby among them (issue #23 point 4).
                from svdesk.safety import crypto

                with open(part, "wb") as fh:
                    crypto.encrypt_file(zip_target, fh, passphrase)
                    fh.flush()
                    os.fsync(fh.fileno())
            else:
                with open(part, "rb+") as fh:
                    os.fsync(fh.fileno())
        part.replace(out)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise SafetyError(describe_os_error(exc, "write the archive", out.parent)) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    total = sum(e["size"] for e in entries)
    return ArchiveInfo(out, len(entries), len(files), total, revision, bool(passphrase), tuple(skipped))


def _archive_postgres(url: str, out: Path | str, passphrase: str | None) -> ArchiveInfo:
    """The PostgreSQL database copied into a file (with its evidence files, each checked against
    its SHA-256 on the way out) in a private folder, then archived as a file is."""
    from svdesk.services.move import move_store

    with tempfile.TemporaryDirectory(prefix=f".svdesk-archive-p{os.getpid()}-", dir=work_dir()) as tmp:
        os.chmod(tmp, 0o700)
        copy = Path(tmp) / DATABASE
        move_store(url, copy, check=False)
        return create_archive(copy, out, passphrase=passphrase)
