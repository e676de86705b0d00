"""Which tables each committed change wrote to, so a cache can keep what a change did not touch.

Store.version says only that something changed. This counts, per table, the commits that wrote
to it through the store's engine: every INSERT / UPDATE / DELETE / REPLACE statement names its
table, which is noted on the connection and counted when the transaction commits having changed
rows (a rollback forgets it). A DELETE or UPDATE also counts for every table whose foreign keys
point at the table (directly or through others), since SQLite's ON DELETE actions write there
unseen; and a write to a table with triggers counts for the tables those triggers write to
(spend_line keeps spend_month, person and person_contract keep person_locality), read from the
database when the store opens. Anything else that writes (DDL, a statement not understood,
rows changed that no statement explains) counts as a change to every table: EVERYTHING.

No schema change and no triggers: the bulk spend import pays one regular-expression match per
statement (executemany is one statement), not a trigger per row.
"""

from __future__ import annotations

import re
from functools import cache

from sqlalchemy import event

EVERYTHING = "*"

_WRITE = re.compile(
    r"\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)\s+"
    r"[\"`\[]?(\w+)",
    re.IGNORECASE,
)
_QUIET = re.compile(
    r"\s*(?:SELECT|PRAGMA|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|END|EXPLAIN)\b", re.IGNORECASE
)


@cache
def _referring() -> dict[str, frozenset[str]]:
    """table -> the tables whose rows SQLite may change when a row of it is deleted or updated."""
    from svdesk.models import Base

    direct: dict[str, set[str]] = {}
    for table in Base.metadata.tables.values():
        for fk in table.foreign_keys:
            direct.setdefault(fk.column.table.name, set()).add(table.name)
    out = {}
    for name in direct:
        seen: set[str] = set()
        todo = [name]
        while todo:
            for t in direct.get(todo.pop(), ()):
                if t not in seen:
                    seen.add(t)
                    todo.append(t)
        out[name] = frozenset(seen)
    return out


def tables_written(statement: str, triggered: dict[str, set[str]] | None = None) -> set[str]:
    """The tables a statement may write to ({} for a read, {EVERYTHING} when not understood).
    triggered: table -> the tables its triggers write to."""
    m = _WRITE.match(statement)
    if not m:
        return set() if _QUIET.match(statement) or not statement.strip() else {EVERYTHING}
    name = m.group(1).lower()
    cascades = statement.lstrip()[:6].upper().startswith(("DELETE", "UPDATE"))
    out = {name}
    todo = [name]
    while todo:
        t = todo.pop()
        for other in (*(_referring().get(t, ()) if cascades else ()), *(triggered or {}).get(t, ())):
            if other not in out:
                out.add(other)
                todo.append(other)
    return out


_SQLITE_TRIGGERS = "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'"
_PG_TRIGGERS = (
    "SELECT c.relname, p.prosrc FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "JOIN pg_proc p ON p.oid = t.tgfoid WHERE NOT t.tgisinternal "
    "AND c.relnamespace = current_schema()::regnamespace"
)


def _triggers(engine) -> dict[str, set[str]]:
    """table -> the tables its triggers write to, from the database's schema (SQLite's
    sqlite_master, or PostgreSQL's pg_trigger and the body of the function each one runs)."""
    out: dict[str, set[str]] = {}
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(_SQLITE_TRIGGERS).all()
        else:
            rows = conn.exec_driver_sql(_PG_TRIGGERS).all()
    for table, sql in rows:
        # the statements after BEGIN; an upsert's DO UPDATE SET names no other table
        body = re.sub(r"DO\s+UPDATE", "", (sql or "").upper().split("BEGIN", 1)[-1])
        out.setdefault(table.lower(), set()).update(
            m.group(1).lower() for m in _WRITE.finditer(body.replace(";", "; "))
        )
    return out


def _total_changes(pooled) -> int | None:
    """SQLite's count of rows this connection has changed (None on PostgreSQL, which has none)."""
    return getattr(pooled.dbapi_connection, "total_changes", None)


def install(store) -> None:
    """Count store.table_versions[table] up with each commit that wrote to that table, and note
    on the connection (info["svdesk_changed"]) whether the commit changed rows, for Store.version.

    Whether rows changed: SQLite counts them per connection (total_changes, compared with the
    count when the transaction began); PostgreSQL has no such count, so a commit changed rows
    when a write statement in it reported rows (or could not say how many)."""
    store.table_versions = {}
    triggered = _triggers(store.engine)

    @event.listens_for(store.engine, "begin")
    def began(connection) -> None:
        info = connection.connection.info
        info["svdesk_tables"] = set()
        info["svdesk_changes"] = _total_changes(connection.connection)
        info["svdesk_wrote"] = False

    @event.listens_for(store.engine, "before_cursor_execute")
    def executing(connection, cursor, statement, parameters, context, executemany) -> None:
        written = tables_written(statement, triggered)
        info = connection.connection.info
        info["svdesk_writing"] = bool(written)
        if written:
            info.setdefault("svdesk_tables", set()).update(written)

    @event.listens_for(store.engine, "after_cursor_execute")
    def executed(connection, cursor, statement, parameters, context, executemany) -> None:
        info = connection.connection.info
        if info.pop("svdesk_writing", False) and getattr(cursor, "rowcount", -1) != 0:
            info["svdesk_wrote"] = True

    @event.listens_for(store.engine, "commit")
    def committed(connection) -> None:
        pooled = connection.connection
        tables = pooled.info.pop("svdesk_tables", set())
        now = _total_changes(pooled)
        if now is not None:
            changed = pooled.info.get("svdesk_changes") != now
        else:
            changed = bool(pooled.info.get("svdesk_wrote"))
        pooled.info["svdesk_changed"] = changed
        if not changed:
            return  # nothing changed (the store's version stays too)
        for t in tables or {EVERYTHING}:
            store.table_versions[t] = store.table_versions.get(t, 0) + 1

    @event.listens_for(store.engine, "rollback")
    def rolled_back(connection) -> None:
        connection.connection.info.pop("svdesk_tables", None)
