"""The audit trail: who changed which record, when, and what each changed field was before.

Written automatically for every model by a session event, in the same transaction as the change
(so a rolled-back change leaves no audit row, and a committed one always has its row). A buyer's
auditor can then see how a reported figure came about.

Per model, a class attribute tunes what is kept:
    __audit__ = "full"       (default) one row per record change with old -> new values
    __audit__ = "summary"    one row per table per save with the count (bulk imports)
    __audit__ = False        not audited
    __audit_private__ = {"postcode", ...}  fields recorded as changed, but not their values,
                                           so erasing a person leaves no copy here.
"""

from __future__ import annotations

import getpass
import json
import socket
import weakref
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import DateTime, Index, String, Table, Text, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from svdesk.models.base import Base, utcnow

NOT_RECORDED = "(personal data: not recorded)"
# noise: the audit row has its own time, and a save's row_version always goes up by one
SKIP_COLUMNS = frozenset({"created_at", "updated_at", "row_version"})
SAVING_OVER = "svdesk_saving_over"  # session.info: this save replaces someone else's (conflicts)


class AuditLog(Base):
    __tablename__ = "audit_log"
    __audit__ = False

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user: Mapped[str] = mapped_column(String(100), default="")
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[str] = mapped_column(String(60), default="")
    action: Mapped[str] = mapped_column(String(10))  # insert, update, delete
    changes: Mapped[str] = mapped_column(Text, default="{}")  # {field: [old, new]} as JSON

    __table_args__ = (Index("ix_audit_log_record", "table_name", "record_id"),)


def audit_table() -> Table:
    """audit_log as a Core Table: for statements that must not pass through the ORM's auditing."""
    table = AuditLog.__table__
    assert isinstance(table, Table)  # a declarative class with columns maps exactly one Table
    return table


_user: str | None = None


def audit_user() -> str:
    global _user
    if _user is None:
        try:
            _user = getpass.getuser()
        except Exception:  # no login name available (a service account without one)
            _user = "unknown"
    return _user


def signed_in(db_user: str, login: str | None = None, host: str | None = None) -> str:
    """Who a shared (PostgreSQL) database records: its user, and the PC's login and name,
    "anna (on OFFICE-PC2)", or "office (anna on OFFICE-PC2)" when they differ."""
    login = audit_user() if login is None else login
    if host is None:
        try:
            host = socket.gethostname().split(".")[0] or "this PC"
        except OSError:
            host = "this PC"
    who = f"{db_user} (on {host})" if login.lower() == db_user.lower() else f"{db_user} ({login} on {host})"
    return who[:100]


def session_user(session: Session) -> str:
    """The user the audit trail records for this session: on SQLite the PC's login, on
    PostgreSQL the signed-in database user too (asked once per connection)."""
    return connection_user(session.connection())


def connection_user(conn) -> str:
    """session_user for a SQLAlchemy Connection (an import's plain SQL runs on one)."""
    if conn.dialect.name == "sqlite":
        return audit_user()
    info = conn.connection.info
    if "svdesk_user" not in info:
        db_user = conn.exec_driver_sql("SELECT current_user").scalar()
        info["svdesk_user"] = signed_in(str(db_user or "unknown"))
    return str(info["svdesk_user"])


# --- which audit rows this process wrote, per engine (svdesk.ui.outside_changes) -----------------
# A window that looks for others' changes must tell its own rows from theirs, even when both are
# saved under the same user (two windows of one person). Only engines someone watches are kept.
_WRITTEN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_PENDING_IDS = "svdesk_audit_ids"


def watch_written(engine) -> set[int]:
    """Start keeping the ids of the audit rows committed through engine; the live set."""
    return _WRITTEN.setdefault(engine, set())


def _note_ids(session: Session, result) -> None:
    if _WRITTEN:
        session.info.setdefault(_PENDING_IDS, []).extend(result.scalars().all())


@event.listens_for(Session, "after_commit")
def _keep_written(session: Session) -> None:
    ids = session.info.pop(_PENDING_IDS, None)
    if ids:
        bind = session.get_bind()
        written = _WRITTEN.get(getattr(bind, "engine", bind))
        if written is not None:
            written.update(ids)


@event.listens_for(Session, "after_rollback")
def _forget_written(session: Session) -> None:
    session.info.pop(_PENDING_IDS, None)


def _insert_rows(session: Session, rows: list[dict[str, object]]) -> None:
    """Insert audit rows (noting their ids when a window watches this database)."""
    table = audit_table()
    if _WRITTEN:
        _note_ids(session, session.connection().execute(table.insert().returning(table.c.id), rows))
    else:
        session.connection().execute(table.insert(), rows)


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value)


def _record_id(state) -> str:
    identity = state.identity or state.mapper.primary_key_from_instance(state.obj())
    return ",".join("" if v is None else str(v) for v in identity)


def _changes(state, action: str) -> dict:
    private = getattr(state.class_, "__audit_private__", ())
    out = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in SKIP_COLUMNS:
            continue
        if action == "update":
            hist = state.attrs[key].history
            if not hist.has_changes():
                continue
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
        elif action == "insert":
            old, new = None, state.dict.get(key)
        else:
            old, new = state.dict.get(key), None
        if key in private:
            old = NOT_RECORDED if old is not None else None
            new = NOT_RECORDED if new is not None else None
        out[key] = [_jsonable(old), _jsonable(new)]
    return out


@event.listens_for(Session, "after_flush")
def _write_audit_rows(session: Session, _flush_context) -> None:
    # In after_flush the session still shows what the flush wrote (new / dirty / deleted and
    # each attribute's history), and new records now have their ids.
    now = utcnow()
    rows: list[dict[str, object]] = []
    summaries: dict[tuple[str, str], int] = {}
    for action, objects in (("insert", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            state = inspect(obj)
            mode = getattr(state.class_, "__audit__", "full")
            if not mode:
                continue
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            table = state.mapper.persist_selectable.name
            if mode == "summary":
                summaries[(table, action)] = summaries.get((table, action), 0) + 1
                continue
            changes = _changes(state, action)
            if action == "update" and not changes:
                continue  # only updated_at moved
            if action == "update" and session.info.get(SAVING_OVER):
                changes["saved_over"] = [None, session.info[SAVING_OVER]]
            rows.append(
                {
                    "at": now,
                    "table_name": table,
                    "record_id": _record_id(state),
                    "action": action,
                    "changes": json.dumps(changes, ensure_ascii=False),
                }
            )
    for (table, action), count in summaries.items():
        rows.append(
            {
                "at": now,
                "table_name": table,
                "record_id": "",
                "action": action,
                "changes": json.dumps({"rows": count}),
            }
        )
    if rows:
        user = session_user(session)
        for row in rows:
            row["user"] = user
        _insert_rows(session, rows)


@event.listens_for(Session, "do_orm_execute")
def _audit_bulk_statements(state) -> object:
    """insert(Model).values(...) / update(Model) / delete(Model) run through a session skip the
    flush; record one summary row for each so bulk changes are not invisible."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name is None or name == AuditLog.__tablename__:
        return None
    result = state.invoke_statement()
    params = state.parameters
    count = len(params) if isinstance(params, list) else getattr(result, "rowcount", -1)
    if state.is_insert and getattr(result, "returns_rows", False):
        # insert … RETURNING: read its rows now so our own insert cannot interleave with them.
        # (Updates and deletes keep their result: callers read its rowcount.)
        result = result.freeze()()
    action = "insert" if state.is_insert else "update" if state.is_update else "delete"
    _insert_rows(
        state.session,
        [
            {
                "at": utcnow(),
                "user": session_user(state.session),
                "table_name": name,
                "record_id": "",
                "action": action,
                "changes": json.dumps({"rows": count, "bulk": True}),
            }
        ],
    )
    return result
