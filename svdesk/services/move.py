"""Move a firm's data from one store to another (issue #22.4): a database file to a PostgreSQL
database, back again, or file to file.

    move_store("firm.svdesk", "postgresql://anna@office-server/svdesk", progress=print)

Every table svdesk keeps (Base.metadata.sorted_tables, parents before children) is copied in
batches of plain rows, ids and all, and then every evidence file, each checked against its
SHA-256 on the way out of the source and written to the target's own kind of evidence store
(the -evidence folder beside a file, the evidence_blob table in PostgreSQL). The target must be
empty: a database that already holds records is refused, so nothing is ever overwritten.

All or nothing: a PostgreSQL target is written in one transaction (the evidence bytes in it
too), a file target is built under a temporary name beside it and renamed into place only when
complete, so a failure part-way leaves the target as it was. The source is only read.

Then the move checks itself: the figures `svdesk report --json` prints are worked out on both
stores and must be identical, and every evidence file in the target must match its SHA-256.
If they do not, the copy is taken out again and MoveFailed says what differed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text

from svdesk.db.location import Location
from svdesk.models import Base
from svdesk.safety.errors import SafetyError
from svdesk.safety.evidence_names import stored_file, valid_row
from svdesk.services import evidence_blobs
from svdesk.services.store import Store

BATCH = 1000
CHECKED = "Checked: every figure is the same in both"

Progress = Callable[[str], None]


class MoveFailed(SafetyError):
    """The move was refused or did not complete; the target is as it was. For the user."""


@dataclass(frozen=True)
class MoveResult:
    source: str  # labels, for messages
    target: str
    rows: int
    evidence_files: int


def _quiet(_message: str) -> None:
    pass


def tables():
    """The tables a move copies: every table svdesk's models declare, parents first."""
    return list(Base.metadata.sorted_tables)


# What svdesk writes by itself the first time a database is opened (the shipped proxy values,
# the note that they are loaded, and the audit of both): a database holding only these counts as
# empty, and a move replaces them with the source's.
SEEDED = ("proxy_value", "measure_setting", "audit_log")


def record_counts(store: Store) -> dict[str, int]:
    """Rows in each table a move copies (the tables with any)."""
    out = {}
    with store.engine.connect() as conn:
        for table in tables():
            n = conn.execute(select(func.count()).select_from(table)).scalar_one()
            if n:
                out[table.name] = n
    return out


def move_store(
    source: Path | str | Location,
    target: Path | str | Location,
    progress: Progress | None = None,
    *,
    check: bool = True,
) -> MoveResult:
    """Copy everything from source into the empty target, then check the copy (see above).
    check=False: no figures compared (an archive's own copy: its manifest hashes every entry,
    and the evidence files are checked as they leave the source all the same)."""
    say = progress or _quiet
    src_loc = source if isinstance(source, Location) else Location.parse(source)
    dst_loc = target if isinstance(target, Location) else Location.parse(target)
    if src_loc.safe_text == dst_loc.safe_text:
        raise MoveFailed("The source and the target are the same database: give another target.")
    if not src_loc.is_postgres and not (src_loc.path and src_loc.path.is_file()):
        raise MoveFailed(f"There is no svdesk database at {src_loc.safe_text} to move from.")
    src = Store.open_read_only(src_loc)
    try:
        if dst_loc.is_postgres:
            return _into_postgres(src, dst_loc, say, check)
        return _into_file(src, dst_loc, say, check)
    finally:
        src.close()


def _refuse_unless_empty(store: Store, label: str) -> None:
    counts = record_counts(store)
    if set(counts) - set(SEEDED):
        named = [(t, n) for t, n in counts.items() if t != "audit_log"] or list(counts.items())
        some = ", ".join(f"{n:,} in {name}" for name, n in named[:4])
        raise MoveFailed(
            f"{label} already holds records ({some}), so svdesk will not move anything into it: "
            "a move never overwrites or mixes data. Choose an empty database, or a new file name. "
            "Nothing has been changed."
        )


def _into_postgres(src: Store, loc: Location, say: Progress, check: bool) -> MoveResult:
    dst = Store.open(loc)  # creates svdesk's tables in an empty database
    try:
        _refuse_unless_empty(dst, f"The database {dst.label}")
        with dst.engine.begin() as conn:  # one transaction: all of it, or none
            for table in reversed(tables()):
                if table.name in SEEDED:  # a fresh database's own defaults give way to the source's
                    conn.execute(table.delete())
            rows = _copy_tables(src, conn, say)
            files = _copy_evidence(src, lambda sha, suffix, data: evidence_blobs.put(conn, sha, data), say)
            say("Setting the numbering past the copied records…")
            _advance_sequences(conn)
        if not check:
            return MoveResult(src.label, dst.label, rows, files)
        checker = Store.open_read_only(loc)  # the check itself must write nothing (no defaults)
        try:
            _check(src, checker, say)
        except BaseException:
            _empty_postgres(dst)
            raise
        finally:
            checker.close()
        return MoveResult(src.label, dst.label, rows, files)
    finally:
        dst.close()


def _into_file(src: Store, loc: Location, say: Progress, check: bool) -> MoveResult:
    assert loc.path is not None
    final = loc.path
    final_evidence = final.with_name(final.stem + "-evidence")
    if final.exists():
        _check_existing_file(final)
    if final_evidence.is_dir() and any(final_evidence.iterdir()):
        raise MoveFailed(
            f"There is already an evidence folder {final_evidence} with files in it, so svdesk will "
            "not move anything there. Choose a new file name. Nothing has been changed."
        )
    final.parent.mkdir(parents=True, exist_ok=True)
    part = final.with_name(f".{final.stem}.moving-{os.getpid()}.svdesk")
    part_evidence = part.with_name(part.stem + "-evidence")
    _remove_file_store(part)
    dst = None
    try:
        dst = Store.open(part)
        with dst.engine.begin() as conn:
            rows = _copy_tables(src, conn, say)
            files = _copy_evidence(
                src,
                lambda sha, suffix, data: evidence_blobs.write_file(part_evidence, sha, suffix, data),
                say,
            )
        dst.close()
        dst = None
        # Into place: the evidence folder first, so the database never names files not there.
        if final_evidence.is_dir():
            final_evidence.rmdir()  # empty (checked above)
        if part_evidence.is_dir():
            os.replace(part_evidence, final_evidence)
        os.replace(part, final)
        if not check:
            return MoveResult(src.label, final.name, rows, files)
        dst = Store.open_read_only(final)
        try:
            _check(src, dst, say)
        except BaseException:
            dst.close()
            dst = None
            _remove_file_store(final)
            raise
        return MoveResult(src.label, final.name, rows, files)
    except BaseException:
        if dst is not None:
            dst.close()
            dst = None
        _remove_file_store(part)
        raise
    finally:
        if dst is not None:
            dst.close()


def _check_existing_file(path: Path) -> None:
    """An existing target file must be an svdesk database with no records (it is replaced)."""
    if path.is_dir():
        raise MoveFailed(f"{path} is a folder: give a file name for the new database.")
    if path.stat().st_size == 0:
        return
    from svdesk.safety.lock import check_not_in_use

    check_not_in_use(path)
    existing = Store.open(path)
    try:
        _refuse_unless_empty(existing, str(path))
    finally:
        existing.close()


def _remove_file_store(path: Path) -> None:
    for extra in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    evidence = path.with_name(path.stem + "-evidence")
    if evidence.is_dir():
        for f in evidence.iterdir():
            os.chmod(f, 0o600)
        shutil.rmtree(evidence, ignore_errors=True)


def _copy_tables(src: Store, conn, say: Progress) -> int:
    """Every table's rows, in batches of plain rows (no model objects), ids kept."""
    total = 0
    with src.engine.connect() as sconn:
        for table in tables():
            n = sconn.execute(select(func.count()).select_from(table)).scalar_one()
            if not n:
                continue
            say(f"Copying {table.name} ({n:,} rows)…")
            order = list(table.primary_key.columns) or list(table.columns)
            result = sconn.execution_options(stream_results=True, yield_per=BATCH).execute(
                select(table).order_by(*order)
            )
            for batch in result.partitions(BATCH):
                conn.execute(table.insert(), [dict(row._mapping) for row in batch])
                total += len(batch)
    return total


def _copy_evidence(src: Store, write: Callable[[str, str, bytes], object], say: Progress) -> int:
    """Every evidence file, checked against its SHA-256 as it leaves the source."""
    from svdesk.models import Evidence

    with src.engine.connect() as sconn:
        rows = sconn.execute(
            select(Evidence.sha256, Evidence.suffix, Evidence.original_name).order_by(Evidence.id)
        ).all()
    rows = [r for r in rows if valid_row(r.sha256, r.suffix)]
    if rows:
        say(f"Copying {len(rows):,} evidence files…")
    for sha, suffix, name in rows:
        write(sha, suffix, _source_bytes(src, sha, suffix, name))
    return len(rows)


def _source_bytes(src: Store, sha: str, suffix: str, name: str) -> bytes:
    if evidence_blobs.uses_blobs(src):
        with src.engine.connect() as sconn:
            return evidence_blobs.checked_bytes(sconn, sha, name, src.label)
    path = stored_file(src.evidence_dir, sha, suffix)
    if not path.is_file():
        raise evidence_blobs.EvidenceDamaged(
            f"The evidence file “{name}” is missing from {src.evidence_dir} (it should be there as "
            f"{path.name}). Put it back from a backup or archive, then move again. Nothing has been "
            "changed."
        )
    return evidence_blobs.read_checked(path, sha)


def _advance_sequences(conn) -> None:
    """PostgreSQL hands out ids from sequences: set each past the ids just copied."""
    for table in tables():
        for column in table.primary_key.columns:
            try:
                integer = column.type.python_type is int
            except NotImplementedError:
                integer = False
            if not integer or column.autoincrement is False:
                continue
            conn.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence(:t, :c), "
                    f'(SELECT COALESCE(MAX("{column.name}"), 0) + 1 FROM "{table.name}"), false)'
                ),
                {"t": table.name, "c": column.name},
            )


def _empty_postgres(store: Store) -> None:
    """Take a move's copy out of a PostgreSQL target again (it was empty before)."""
    names = ", ".join(f'"{t.name}"' for t in tables())
    with store.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names}, evidence_blob RESTART IDENTITY CASCADE"))


def report_figures(store: Store) -> dict:
    """What `svdesk report --json` prints for the whole firm, less where the database is."""
    from svdesk.services.report_data import build_report

    report = build_report(store, None, None, None)
    report.pop("database", None)
    return report


def _first_difference(a, b, where: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            if a.get(key) != b.get(key):
                return _first_difference(a.get(key), b.get(key), f"{where}.{key}" if where else str(key))
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{where}[{i}]")
    return f"{where or 'the report'}: {a!r} in the source, {b!r} in the copy"


def _check(src: Store, dst: Store, say: Progress) -> None:
    say("Checking the copy: working out every figure on both…")
    from sqlalchemy.exc import SQLAlchemyError

    try:
        before, after = report_figures(src), report_figures(dst)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise MoveFailed(
            f"The copy could not be checked: svdesk could not work out the figures ({reason}). The "
            "copy has been taken out again and the source is unchanged. Please report this to "
            "whoever supports svdesk."
        ) from exc
    if before != after:
        raise MoveFailed(
            "The copy's figures differ from the source's ("
            + _first_difference(before, after)
            + "), so the copy has been taken out again and the source is unchanged. Please report "
            "this to whoever supports svdesk."
        )
    say("Checking every evidence file's SHA-256 in the copy…")
    from svdesk.models import Evidence

    with dst.engine.connect() as conn:
        rows = conn.execute(select(Evidence.sha256, Evidence.suffix, Evidence.original_name)).all()
    for sha, suffix, name in rows:
        if valid_row(sha, suffix):
            try:
                _source_bytes(dst, sha, suffix, name)
            except evidence_blobs.EvidenceDamaged as exc:
                raise MoveFailed(f"The copy failed its check: {exc}") from exc
