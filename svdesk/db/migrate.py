"""Bring a database file to the current schema with Alembic, safely.

- A new file is created at the latest schema.
- An older file is first copied (SQLite backup API) beside itself, then upgraded.
- A file written by a newer svdesk, or one that is not an svdesk database, is refused with a
  message that says what to do; it is never touched.

Alembic (with Mako) costs about a tenth of a second to import, so it is imported only when a file
is new or needs upgrading: a file already at the newest schema is recognised by comparing its
alembic_version row with the head read straight from the version files (see _quick_head).
"""

from __future__ import annotations

import ast
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from svdesk.db.engine import backup_sqlite, make_engine

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


class DatabaseError(Exception):
    """A database file svdesk cannot open; the message is meant for the user."""


class DatabaseTooNew(DatabaseError):
    pass


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "svdesk/migrations/versions holds the migrations, so there is a head"
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


class _NotSimple(Exception):
    """A version file whose revision values are not plain literals."""


def _literal(node: ast.AST):
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise _NotSimple from None


def _quick_head() -> str | None:
    """The single head revision, read from the version files without importing Alembic.

    Returns None whenever the files are not a plain set of revisions with one head (a value that
    is not a literal, branch labels, dependencies, a merge still open, a missing file): Alembic
    then decides, as it always did.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    try:
        for file in (MIGRATIONS_DIR / "versions").glob("*.py"):
            if file.name.startswith("__"):
                continue
            found = {}
            for node in ast.parse(file.read_text(encoding="utf-8")).body:
                targets: list[ast.expr]
                value: ast.expr | None
                if isinstance(node, ast.Assign):
                    targets, value = node.targets, node.value
                elif isinstance(node, ast.AnnAssign):
                    targets, value = [node.target], node.value
                else:
                    continue
                for target in targets:
                    if isinstance(target, ast.Name) and value is not None:
                        found[target.id] = value
            if "revision" not in found or "down_revision" not in found:
                return None
            if any(_literal(found[k]) for k in ("branch_labels", "depends_on") if k in found):
                return None
            revisions.add(_literal(found["revision"]))
            down = _literal(found["down_revision"])
            parents.update([down] if isinstance(down, str) else (down or ()))
    except (OSError, SyntaxError, _NotSimple, TypeError):
        return None
    heads = revisions - parents
    if len(heads) != 1 or not parents <= revisions:
        return None
    return heads.pop()


def _stored_revision(path: Path) -> str | None:
    """The schema revision recorded in the file, read with plain sqlite3 (None if absent)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return row[0] if row else None


def _check_is_sqlite(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise DatabaseError(f"svdesk cannot read {path}: {exc.strerror}.") from exc
    if header and header != b"SQLite format 3\x00":
        raise DatabaseError(
            f"{path.name} is not an svdesk database (it is not an SQLite file). "
            "Choose another file, or restore one from a backup."
        )
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"{path.name} is damaged and cannot be opened ({exc}). Restore it from a backup."
        ) from exc
    if tables and "alembic_version" not in tables:
        raise DatabaseError(f"{path.name} is an SQLite file but not an svdesk database. Choose another file.")


def open_database(path: Path | str, *, backup_dir: Path | None = None) -> Engine:
    """Open (creating or upgrading as needed) the database at path and return its engine."""
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        _check_is_sqlite(path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    if existed:
        stored = _stored_revision(path)
        if stored is not None and stored == _quick_head():
            return make_engine(path)  # already at the newest schema: no Alembic needed
    from alembic import command
    from alembic.script import ScriptDirectory

    engine = make_engine(path)
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    current = current_revision(engine) if existed else None
    if current == head:
        return engine
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:
            engine.dispose()
            raise DatabaseTooNew(
                f"{path.name} was written by a newer version of svdesk (schema {current}). "
                "Install the latest svdesk to open it; this version has not changed the file."
            ) from None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target_dir = backup_dir or path.parent
        backup_sqlite(path, target_dir / f"{path.stem}.before-upgrade-{current}-{stamp}{path.suffix}")
    command.upgrade(alembic_config(engine), "head")
    return engine
