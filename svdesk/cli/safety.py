"""Command line for data safety: backup (archive), restore, check, history.

svdesk backup --db PATH --out FILE [--passphrase-file F]
svdesk restore FILE --db PATH [--passphrase-file F] [--yes]
svdesk check --db PATH
svdesk history --db PATH TABLE ID
"""

from __future__ import annotations

from pathlib import Path

from svdesk.cli import EXIT_FAILURE, EXIT_INVALID, CliError, db_argument


def _file_only(args, what: str) -> None:
    """check works on a database file; a PostgreSQL database is the server's to check (its
    administrator's monitoring), so say so plainly. backup and restore work on both: an archive
    always holds a database file, so it restores into either store."""
    from svdesk.db.location import is_url

    if is_url(args.db):
        raise CliError(
            f"`svdesk {what}` works on a database file. A shared PostgreSQL database is checked "
            "on its server: ask whoever manages the server. To check a copy here, make one with "
            "`svdesk move --from <address> --to copy.svdesk` and check that. Nothing has been changed.",
            EXIT_INVALID,
        )


def _passphrase(args) -> str | None:
    path = getattr(args, "passphrase_file", None)
    if path is None:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read the passphrase file {path}: {exc.strerror}", EXIT_INVALID) from exc
    except UnicodeDecodeError:
        raise CliError(f"the passphrase file {path} is not text", EXIT_INVALID) from None
    phrase = text.splitlines()[0] if text.splitlines() else ""
    if len(phrase) < 8:
        raise CliError("the passphrase must be at least 8 characters (first line of the file)", EXIT_INVALID)
    return phrase


def _passphrase_argument(parser) -> None:
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="F",
        help="file whose first line is the passphrase (encrypts / decrypts)",
    )


def _add_backup(sub):
    p = sub.add_parser("backup", help="write an archive: database, evidence files and manifest")
    db_argument(p)
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="the archive to write")
    _passphrase_argument(p)


def _run_backup(args) -> int:
    from svdesk.safety.archive import create_archive
    from svdesk.safety.errors import SafetyError

    try:
        info = create_archive(args.db, args.out, passphrase=_passphrase(args))
    except SafetyError as exc:
        raise CliError(str(exc)) from exc
    size = info.total_bytes / 1_000_000
    print(
        f"Wrote {info.path}: the database and {info.evidence_files} evidence file(s), "
        f"{size:.1f} MB, {'encrypted' if info.encrypted else 'not encrypted'}."
    )
    for name in info.skipped:
        print(f"  skipped {name} (a link, not a file)")
    return 0


def _add_restore(sub):
    p = sub.add_parser("restore", help="restore an archive into a database (checks it first)")
    p.add_argument("archive", type=Path, metavar="FILE")
    db_argument(p)
    _passphrase_argument(p)
    p.add_argument(
        "--yes", action="store_true", help="restore even if the archive holds people erased since it was made"
    )


def _run_restore(args) -> int:
    from svdesk.safety.errors import SafetyError
    from svdesk.safety.restore import ErasedPeopleWouldReturn, restore_archive

    try:
        result = restore_archive(args.archive, args.db, passphrase=_passphrase(args), allow_erased=args.yes)
    except ErasedPeopleWouldReturn as exc:
        raise CliError(f"{exc} To restore anyway, run the command again with --yes.") from exc
    except SafetyError as exc:
        raise CliError(str(exc)) from exc
    print(
        f"Restored {result.where or result.db_path} with {result.evidence_files} evidence file(s)"
        + (" and upgraded it to this version of svdesk." if result.migrated else ".")
    )
    if result.previous_backup:
        print(f"The database it replaced was backed up to {result.previous_backup}")
    if result.previous_evidence:
        print(f"The evidence folder it replaced was kept as {result.previous_evidence}")
    return 0


def _add_check(sub):
    p = sub.add_parser("check", help="check the database and evidence files for damage")
    db_argument(p)


def _run_check(args) -> int:
    _file_only(args, "check")
    from svdesk.safety.integrity import check_integrity

    report = check_integrity(args.db)
    print(report.text())
    return 0 if report.ok else EXIT_FAILURE


def _add_history(sub):
    p = sub.add_parser(
        "history",
        help="show who changed a record, when, and what (with no "
        "record: the latest changes, imports and undos)",
    )
    db_argument(p)
    p.add_argument("table", nargs="?", help="e.g. contract, organisation, supplier, import")
    p.add_argument("record_id", nargs="?", help="the record's id (an import: its batch number)")
    p.add_argument("--limit", type=int, default=50, help="with no record: how many changes")


def _run_history(args) -> int:
    from svdesk.cli import EXIT_INVALID, CliError, open_store
    from svdesk.formatting import format_date
    from svdesk.services.audit import recent_changes, record_history

    table = {"import": "import_batch", "imports": "import_batch"}.get(args.table, args.table)
    if table is not None and args.record_id is None and table != "import_batch":
        raise CliError("Give the record's id too, e.g. `svdesk history supplier 12`.", EXIT_INVALID)
    store = open_store(args)
    try:
        if args.record_id is not None:
            entries = record_history(store, table, args.record_id)
        else:  # newest first: the latest changes anywhere, or every import and undo
            entries = recent_changes(store, args.limit, table)
    finally:
        store.close()
    if not entries:
        what = f"{args.table} {args.record_id}" if args.record_id else (args.table or "")
        print(f"No recorded changes{' to ' + what if what else ''}.")
    for e in entries:
        record = "" if args.record_id is not None else f"{e.table} {e.record_id}".strip()
        print(
            f"{format_date(e.at.date())} {e.at:%H:%M} UTC  {e.user:12} {e.action_label:8} "
            + (f"{record:18} " if args.record_id is None else "")
            + e.summary()
        )
    return 0
