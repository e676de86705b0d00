"""Restore an archive into a database, checking everything before anything is written in place.

Order of work, so that a bad or hostile archive changes nothing:
1. decrypt (if encrypted) into a private temporary folder beside the target;
2. read the zip's directory and the manifest, with limits on entry count, manifest size and total
   size, refusing absolute paths, "..", backslashes, links, duplicates and unlisted entries;
3. extract each entry while counting bytes (a zip can lie about sizes) and hashing, and compare
   with the manifest;
4. check the database: an SQLite file, passes quick_check, a schema this svdesk knows (an older
   one is upgraded; a newer one is refused);
5. only then back up the current database (if any), set its evidence folder aside and move the
   restored files into place with renames on the same disk.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from svdesk.safety import crypto
from svdesk.safety.archive import (
    DATABASE,
    EVIDENCE,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    evidence_dir_for,
    schema_revision,
)
from svdesk.safety.backup import rotate, take_backup
from svdesk.safety.errors import SafetyError, describe_os_error, remove_leftovers, remove_tree
from svdesk.safety.evidence_names import invalid_rows
from svdesk.safety.lock import DatabaseLock, check_not_in_use
from svdesk.safety.restore_journal import Swap, complete_swap, journal_path, write_journal

_WINDOWS_DEVICES = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ENVIRONMENT_ERRNOS = {
    errno.ENOSPC,
    errno.EROFS,
    errno.EACCES,
    errno.EPERM,
    errno.EIO,
    getattr(errno, "EDQUOT", -1),
}


class ArchiveInvalid(SafetyError):
    """The archive is damaged, incomplete or not an svdesk archive: nothing was written."""


class ErasedPeopleWouldReturn(SafetyError):
    """The archive was taken before people were erased: restoring brings them back.
    Nothing was written; restore again with allow_erased=True once the user agrees."""

    def __init__(self, message: str, count: int):
        super().__init__(message)
        self.count = count


@dataclass(frozen=True)
class RestoreLimits:
    max_entries: int = 200_000
    max_manifest_bytes: int = 32 * 1024 * 1024
    max_total_bytes: int = 64 * 1024**3
    # uncompressed / compressed, for entries over 1 MiB. Deflate tops out near 1032:1, so the
    # bound must sit below that to catch anything; real databases and files stay far under it.
    max_ratio: int = 500


@dataclass(frozen=True)
class RestoreResult:
    db_path: Path  # a PostgreSQL database's stand-in path on this PC (see where)
    evidence_files: int
    archive_revision: str
    migrated: bool
    previous_backup: Path | None
    previous_evidence: Path | None
    where: str = ""  # what a message calls the restored database (its path, or "db on server")


def restore_archive(
    archive: Path | str,
    db_path: Path | str,
    *,
    passphrase: str | None = None,
    limits: RestoreLimits = RestoreLimits(),
    allow_erased: bool = False,
) -> RestoreResult:
    """allow_erased: go ahead even though the archive holds people erased since it was made
    (otherwise ErasedPeopleWouldReturn, with nothing written). db_path may be a PostgreSQL URL:
    see restore_into_postgres."""
    from svdesk.db.location import is_url

    if isinstance(db_path, str) and is_url(db_path):
        return restore_into_postgres(archive, db_path, passphrase=passphrase, limits=limits)
    archive = Path(archive).expanduser().resolve()
    db_path = Path(db_path).expanduser().resolve()
    if not archive.is_file():
        raise SafetyError(f"There is no archive at {archive}.")
    check_not_in_use(db_path)  # before creating anything, so a refusal leaves no trace
    parent = db_path.parent
    created_parent = not parent.exists()
    lock = DatabaseLock(db_path)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()  # no window may open the database while it is being replaced
        remove_leftovers(parent, ".svdesk-restore-*", older_than_hours=1)
        tmp = Path(tempfile.mkdtemp(prefix=f".svdesk-restore-p{os.getpid()}-", dir=parent))
    except OSError as exc:
        lock.release()
        _remove_if_created(parent, created_parent, db_path)
        raise SafetyError(describe_os_error(exc, "restore the archive", parent)) from exc
    except BaseException:
        _remove_if_created(parent, created_parent, db_path)
        raise
    try:
        staged_db, staged_evidence, count, revision, migrated = _stage(archive, tmp, passphrase, limits)
        returning = erased_people_returning(db_path, staged_db)
        if returning and not allow_erased:
            people = "person" if returning == 1 else "people"
            raise ErasedPeopleWouldReturn(
                f"{archive.name} was made before {returning} {people} "
                f"{'was' if returning == 1 else 'were'} erased from "
                f"{db_path.name}. Restoring it brings back their personal data (references, "
                "postcodes, pay), which you erased on purpose. Nothing was restored. Restore "
                "only if you are sure, then erase them again.",
                returning,
            )
        result = _move_into_place(db_path, staged_db, staged_evidence, count, revision, migrated)
        return dataclasses.replace(result, where=str(db_path))
    except OSError as exc:
        if exc.errno in _ENVIRONMENT_ERRNOS:
            raise SafetyError(describe_os_error(exc, "restore the archive", parent)) from exc
        raise ArchiveInvalid(f"{archive.name} cannot be read as an svdesk archive ({exc}).") from exc
    finally:
        # A swap stopped part-way keeps its staged files: the next open completes it.
        if not journal_path(db_path).exists():
            remove_tree(tmp)
        lock.release()
        _remove_if_created(parent, created_parent, db_path)


def restore_into_postgres(
    archive: Path | str, url: str, *, passphrase: str | None = None, limits: RestoreLimits = RestoreLimits()
) -> RestoreResult:
    """An archive (which always holds an SQLite database) into an EMPTY PostgreSQL database:
    unpacked and checked exactly as for a file, in svdesk's private work folder, then moved in
    (svdesk.services.move: one transaction, then every figure compared). A database that already
    holds records is refused: restoring over a shared database would overwrite everyone's work."""
    from svdesk.db.location import Location
    from svdesk.safety.archive import work_dir
    from svdesk.services.move import move_store

    archive = Path(archive).expanduser().resolve()
    if not archive.is_file():
        raise SafetyError(f"There is no archive at {archive}.")
    loc = Location.parse(url)
    tmp = Path(tempfile.mkdtemp(prefix=f".svdesk-restore-p{os.getpid()}-", dir=work_dir()))
    try:
        os.chmod(tmp, 0o700)
        staged_db, staged_evidence, count, revision, migrated = _stage(archive, tmp, passphrase, limits)
        if staged_evidence.is_dir():  # where a store looks for a file's evidence: beside it
            os.replace(staged_evidence, evidence_dir_for(staged_db))
        move_store(staged_db, loc)
    except OSError as exc:
        if exc.errno in _ENVIRONMENT_ERRNOS:
            raise SafetyError(describe_os_error(exc, "restore the archive", tmp.parent)) from exc
        raise ArchiveInvalid(f"{archive.name} cannot be read as an svdesk archive ({exc}).") from exc
    finally:
        remove_tree(tmp)
    return RestoreResult(loc.stand_in_path(), count, revision, migrated, None, None, where=loc.label)


def _remove_if_created(parent: Path, created: bool, db_path: Path) -> None:
    if created and not db_path.exists():
        shutil.rmtree(parent, ignore_errors=True)


def _stage(archive: Path, tmp: Path, passphrase: str | None, limits: RestoreLimits):
    zip_path = archive
    if crypto.is_encrypted(archive):
        if not passphrase:
            raise SafetyError(f"{archive.name} is encrypted: give the passphrase it was made with.")
        _need_space(tmp, archive.stat().st_size)
        zip_path = tmp / "archive.zip"
        with open(zip_path, "wb") as fh:
            crypto.decrypt_file(archive, fh, passphrase)
    staging = tmp / "staging"
    staging.mkdir()
    try:
        with zipfile.ZipFile(zip_path) as zf:
            manifest, infos = _read_directory(zf, archive.name, limits)
            _need_space(tmp, sum(e["size"] for e in manifest["entries"]))
            for entry in manifest["entries"]:
                _extract(zf, infos[entry["name"]], entry, staging, archive.name)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        EOFError,
        NotImplementedError,
        zlib.error,
        struct.error,
        ValueError,
        KeyError,
        RuntimeError,
        UnicodeError,
    ) as exc:
        if isinstance(exc, SafetyError):
            raise
        raise ArchiveInvalid(
            f"{archive.name} is damaged or not an svdesk archive ({exc}). Use another copy of the archive."
        ) from exc
    db = staging / DATABASE
    revision = _check_database(db, manifest, archive.name)
    _check_evidence_rows(db, archive.name)
    migrated = _upgrade(db, revision, tmp)
    evidence = staging / EVIDENCE.rstrip("/")
    return db, evidence, len(manifest["entries"]) - 1, revision, migrated


def _need_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed + 10_000_000:
        raise SafetyError(
            f"Could not restore: the disk holding {folder.parent} has too little space "
            f"({free // 1_000_000} MB free, about {needed // 1_000_000 + 10} MB needed). Free "
            "some space or restore to another drive."
        )


def _bad(name: str, why: str) -> ArchiveInvalid:
    return ArchiveInvalid(f"{name} is not a valid svdesk archive: {why}. Nothing was restored.")


def _safe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name:
        return False
    parts = PurePosixPath(name).parts
    if any(p in ("", ".", "..") for p in name.split("/")):
        return False
    # Names Windows treats as devices ("CON", "nul.txt") or silently alters ("a. ").
    if any(p.split(".")[0].upper() in _WINDOWS_DEVICES or p.endswith((" ", ".")) for p in parts):
        return False
    return name == DATABASE or (name.startswith(EVIDENCE) and len(parts) >= 2)


def _read_directory(zf: zipfile.ZipFile, label: str, limits: RestoreLimits):
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise _bad(label, f"it has {len(infos)} entries (at most {limits.max_entries} allowed)")
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        if info.filename in by_name:
            raise _bad(label, f"“{info.filename}” appears twice")
        by_name[info.filename] = info
    if MANIFEST not in by_name:
        raise _bad(label, "it has no manifest.json")
    minfo = by_name.pop(MANIFEST)
    if minfo.file_size > limits.max_manifest_bytes:
        raise _bad(label, "its manifest is too large")
    with zf.open(minfo) as fh:
        raw = fh.read(limits.max_manifest_bytes + 1)
    if len(raw) > limits.max_manifest_bytes:
        raise _bad(label, "its manifest is too large")
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise _bad(label, "its manifest is not valid JSON") from None
    _check_manifest(manifest, label)
    listed = {e["name"] for e in manifest["entries"]}
    if len(listed) != len(manifest["entries"]):
        raise _bad(label, "its manifest lists a file twice")
    unlisted = sorted(set(by_name) - listed)
    missing = sorted(listed - set(by_name))
    if unlisted:
        raise _bad(label, f"it holds files its manifest does not list ({unlisted[0]!r})")
    if missing:
        raise _bad(label, f"files listed in its manifest are missing ({missing[0]!r})")
    total = 0
    for entry in manifest["entries"]:
        info = by_name[entry["name"]]
        kind = (info.external_attr >> 16) & 0o170000
        if kind not in (0, stat.S_IFREG) or info.is_dir():
            raise _bad(label, f"“{info.filename}” is a link or folder, not a file")
        if info.flag_bits & 0x1:
            raise _bad(label, f"“{info.filename}” is password-protected inside the zip")
        if info.file_size != entry["size"]:
            raise _bad(label, f"“{info.filename}” does not have the size its manifest states")
        if info.file_size > (1 << 20) and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise _bad(label, f"“{info.filename}” expands suspiciously (a zip bomb?)")
        total += info.file_size
    if total > limits.max_total_bytes:
        raise _bad(label, f"it would unpack to {total // 1_000_000} MB, more than allowed")
    packed = sum(by_name[e["name"]].compress_size for e in manifest["entries"])
    if total > (1 << 20) and total > limits.max_ratio * max(packed, 1):
        raise _bad(
            label, f"it would unpack to {total // 1_000_000} MB from {packed // 1_000 + 1} KB (a zip bomb?)"
        )
    return manifest, by_name


def _check_manifest(manifest, label: str) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _bad(label, "its manifest is not an svdesk manifest")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _bad(label, "its manifest has no valid format version")
    if version > FORMAT_VERSION:
        raise ArchiveInvalid(
            f"{label} was made by a newer svdesk (archive format {version}). "
            "Install the latest svdesk to restore it."
        )
    entries = manifest.get("entries")
    if not isinstance(entries, list) or not entries:
        raise _bad(label, "its manifest lists no files")
    for entry in entries:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("name"), str)
            and isinstance(entry.get("size"), int)
            and not isinstance(entry["size"], bool)
            and entry["size"] >= 0
            and isinstance(entry.get("sha256"), str)
            and _HEX64.match(entry["sha256"])
        ):
            raise _bad(label, "its manifest has an entry without a name, size and SHA-256")
        if not _safe_name(entry["name"]):
            raise _bad(label, f"it holds a file with an unsafe name ({entry['name'][:80]!r})")
    if DATABASE not in {e["name"] for e in entries}:
        raise _bad(label, "it holds no database")
    if not isinstance(manifest.get("schema_revision"), str):
        raise _bad(label, "its manifest does not say which schema the database has")


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, entry: dict, staging: Path, label: str) -> None:
    target = staging.joinpath(*PurePosixPath(entry["name"]).parts)
    if not target.resolve().is_relative_to(staging.resolve()):
        raise _bad(label, f"“{entry['name']}” would be written outside the restore folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, written = hashlib.sha256(), 0
    with zf.open(info) as src, open(target, "xb") as dst:
        while block := src.read(1 << 20):
            written += len(block)
            if written > entry["size"]:
                raise _bad(label, f"“{entry['name']}” is larger than its manifest states")
            digest.update(block)
            dst.write(block)
    if written != entry["size"] or digest.hexdigest() != entry["sha256"]:
        raise _bad(
            label, f"“{entry['name']}” does not match its SHA-256 in the manifest (the archive is damaged)"
        )
    if entry["name"] != DATABASE:
        os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # as the app keeps them


def _check_database(db: Path, manifest: dict, label: str) -> str:
    with open(db, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise _bad(label, "its database is not an SQLite file")
    try:
        conn = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _bad(label, f"its database is damaged ({exc})") from exc
    if result != "ok":
        raise _bad(label, f"its database is damaged ({result})")
    revision = schema_revision(db)
    if revision is None:
        raise _bad(label, "its database is not an svdesk database")
    if revision != manifest["schema_revision"]:
        raise _bad(label, "its database does not have the schema its manifest states")
    return revision


def _check_evidence_rows(db: Path, label: str) -> None:
    """Refuse a database whose evidence rows name files outside the evidence folder."""
    conn = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)
    try:
        bad = invalid_rows(conn, limit=1)
    finally:
        conn.close()
    if bad:
        row_id, sha, suffix = bad[0]
        raise _bad(
            label,
            f"its evidence record {row_id} names the file "
            f"{(str(sha) + str(suffix or ''))[:80]!r}, which could be outside the "
            "evidence folder (svdesk only names files by their SHA-256)",
        )


def erased_people_returning(current_db: Path, restored_db: Path) -> int:
    """How many people erased in the current database are not erased in the restored one:
    restoring would bring their personal data back."""
    if not current_db.is_file():
        return 0
    try:
        conn = sqlite3.connect(f"file:{restored_db.as_posix()}?mode=ro", uri=True)
        try:
            conn.execute("ATTACH DATABASE ? AS cur", (f"file:{current_db.as_posix()}?mode=ro",))
            tables = {
                r[0]
                for r in conn.execute(
                    "SELECT name FROM main.sqlite_master WHERE type='table' AND name='person' "
                    "UNION ALL SELECT 'cur.' || name FROM cur.sqlite_master "
                    "WHERE type='table' AND name='person'"
                )
            }
            if tables != {"person", "cur.person"}:
                return 0
            return conn.execute(
                "SELECT count(*) FROM main.person AS old JOIN cur.person AS now ON "
                "now.id = old.id WHERE now.erased_on IS NOT NULL AND old.erased_on IS NULL"
            ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return 0  # a damaged current database: nothing can be compared


def _upgrade(db: Path, revision: str, tmp: Path) -> bool:
    from alembic.script import ScriptDirectory

    from svdesk.db.migrate import DatabaseTooNew, alembic_config, open_database

    script = ScriptDirectory.from_config(alembic_config())
    try:
        script.get_revision(revision)
    except Exception:
        raise DatabaseTooNew(
            f"The archive was made by a newer version of svdesk (schema {revision}). Install "
            "the latest svdesk to restore it; nothing was restored."
        ) from None
    if revision == script.get_current_head():
        return False
    engine = open_database(db, backup_dir=tmp)
    engine.dispose()
    # Leave one self-contained file (no -wal beside it) to move into place.
    conn = sqlite3.connect(str(db))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    return True


def _readable(db_path: Path) -> bool:
    try:
        conn = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


def _keep_current(db_path: Path, stamp: str) -> Path:
    """Keep the database about to be replaced: a verified backup, or, when it is too damaged to
    back up (the usual reason to restore), the file itself moved aside untouched."""
    try:
        path = take_backup(db_path, label="before-restore")
        rotate(db_path)
        return path
    except SafetyError:
        if _readable(db_path):
            raise  # a good database that could not be backed up (disk full): stop here
    aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    for suffix in ("-wal", "-shm"):  # the -wal may hold the last changes: keep it with the file
        extra = db_path.with_name(db_path.name + suffix)
        if extra.exists():
            os.replace(extra, aside.with_name(aside.name + suffix))
    os.replace(db_path, aside)
    return aside


def _move_into_place(
    db_path: Path, staged_db: Path, staged_evidence: Path, count: int, revision: str, migrated: bool
) -> RestoreResult:
    previous_backup = None
    evidence_dir = evidence_dir_for(db_path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if db_path.exists():
        previous_backup = _keep_current(db_path, stamp)
    previous_evidence = (
        evidence_dir.with_name(f"{evidence_dir.name}.before-restore-{stamp}")
        if evidence_dir.exists()
        else None
    )
    # From here on every rename is named in a journal first, so a crash part-way is completed
    # at the next open instead of pairing this database with the wrong evidence folder.
    swap = Swap(
        str(db_path),
        str(staged_db),
        str(evidence_dir),
        str(staged_evidence) if staged_evidence.is_dir() else None,
        str(previous_evidence) if previous_evidence else None,
    )
    write_journal(swap)
    complete_swap(swap)
    return RestoreResult(db_path, count, revision, migrated, previous_backup, previous_evidence)
