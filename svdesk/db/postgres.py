"""The PostgreSQL store: its engine, migration, read-only opening, health check and messages.

A PostgreSQL database is shared by several people at once, so it needs no lock file and no
backup-before-upgrade copy on this PC: the upgrade runs in one transaction (PostgreSQL's DDL is
transactional), under an advisory lock so two PCs opening an older database at once do not both
upgrade it. The password is never kept by svdesk: libpq reads PGPASSFILE / ~/.pgpass itself, and
when the optional `keyring` package is installed the OS keyring is asked for
"<user>@<host>/<db>" under the service name "svdesk".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from svdesk.db.location import Location
from svdesk.db.migrate import DatabaseError, DatabaseTooNew, _quick_head

if TYPE_CHECKING:
    from sqlalchemy import Engine

CONNECT_TIMEOUT_S = 5
MIGRATION_LOCK_KEY = 380508  # pg_advisory_xact_lock key (migrations/env.py) held while upgrading


def _pence_as_bigint() -> None:
    """Money is kept in pence as INTEGER: 64 bits on SQLite, but 32 on PostgreSQL, where
    £21,474,836.47 is the most it could hold (a firm's turnover or a framework's value can be
    more). On PostgreSQL every *_pence column is made BIGINT, as SQLite holds it, and values
    sent to the server are typed BIGINT (psycopg's bind casts: `%(v)s::INTEGER` would refuse a
    big value before it reached the column); other columns (ids, counts) stay INTEGER."""
    from sqlalchemy import Column, Integer
    from sqlalchemy.ext.compiler import compiles

    @compiles(Integer, "postgresql")
    def _integer(type_, compiler, **kw) -> str:
        column = kw.get("type_expression")
        if isinstance(column, Column) and not str(column.name).endswith("_pence"):
            return compiler.visit_INTEGER(type_, **kw)  # a column's own type, in DDL
        return "BIGINT"


def _text_without_length() -> None:
    """SQLite never enforces VARCHAR(n): a supplier's name or a note longer than the model's
    length is kept whole there. PostgreSQL would refuse the whole save ("value too long"), so
    on PostgreSQL String columns are VARCHAR without a length, as SQLite keeps them, and a
    database moved between the two stores holds the same text."""
    from sqlalchemy import String
    from sqlalchemy.ext.compiler import compiles

    @compiles(String, "postgresql")
    def _string(type_, compiler, **kw) -> str:
        return "VARCHAR"


_pence_as_bigint()
_text_without_length()


def _keyring_password(loc: Location) -> str | None:
    try:
        import keyring  # type: ignore[import-not-found]  # optional: not a dependency of svdesk
    except ImportError:
        return None
    try:
        return keyring.get_password("svdesk", loc.keyring_name)
    except Exception:  # noqa: BLE001  (no keyring backend on this PC: libpq's own ways remain)
        return None


def connect_args(loc: Location) -> dict[str, Any]:
    query = dict(loc.query)
    args: dict[str, Any] = {"application_name": query.get("application_name", "svdesk")}
    if "connect_timeout" not in query:
        args["connect_timeout"] = CONNECT_TIMEOUT_S
    if "sslmode" not in query:
        args["sslmode"] = "prefer"
    if not loc.password and (password := _keyring_password(loc)):
        args["password"] = password
    return args


def make_pg_engine(loc: Location, *, read_only: bool = False) -> Engine:
    """read_only is kept by the store (services write nothing) rather than by the server: a
    read-only PostgreSQL transaction may not CREATE TEMP TABLE, which the spend figures use.
    A person who may only view is refused by the server itself (GRANT SELECT only)."""
    from sqlalchemy import create_engine, event

    from svdesk.db.pg_numbers import numbers_as_sqlite

    engine = create_engine(
        loc.url(driver="postgresql+psycopg"),
        connect_args=connect_args(loc),
        pool_pre_ping=True,
        future=True,
    )
    event.listen(engine, "connect", numbers_as_sqlite)  # sums as int, as on SQLite
    return engine


def describe_pg_error(exc: BaseException, loc: Location, doing: str = "open") -> str:
    """What a connection or server error means, in plain English, for the user."""
    text = str(getattr(exc, "orig", None) or exc)
    low = text.lower()
    where = loc.host_port
    unchanged = " Nothing has been changed."
    if "password authentication failed" in low or "no password supplied" in low:
        return (
            f"The PostgreSQL server at {where} did not accept the password for {loc.user or 'your user'}. "
            "Check the password in your PGPASSFILE (or ~/.pgpass) or the system keyring, or ask "
            "whoever manages the server." + unchanged
        )
    if "does not exist" in low and "database" in low:
        return (
            f'There is no database "{loc.dbname}" on the PostgreSQL server at {where}. Check the '
            "name in the address, or ask whoever manages the server to create it." + unchanged
        )
    if "permission denied" in low or "read-only transaction" in low:
        return (
            f"Your PostgreSQL user {loc.user or ''} may only view {loc.label}, so svdesk could not "
            f"{doing} it. Ask whoever manages the server for editing rights.".replace("  ", " ")
        )
    reason = None
    if "connection refused" in low:
        reason = "connection refused"
    elif "timeout" in low or "timed out" in low:
        reason = f"no answer within {CONNECT_TIMEOUT_S} seconds"
    elif "could not translate host name" in low or "name or service not known" in low:
        reason = "that server name is not known on this network"
    elif "no such file or directory" in low:
        reason = "no server is listening there"
    elif "server closed the connection" in low or "terminating connection" in low:
        reason = "the server closed the connection"
    elif "network is unreachable" in low or "no route to host" in low:
        reason = "the network cannot reach it"
    if reason or "connection" in low:
        return (
            f"svdesk could not reach the PostgreSQL server at {where} ({reason or text.strip()}). "
            "Check the server is running and this PC is on the office network." + unchanged
        )
    return f"svdesk could not {doing} {loc.label}: {text.strip()}." + unchanged


def _connect_or_explain(engine: Engine, loc: Location, doing: str):
    from sqlalchemy.exc import DBAPIError

    try:
        return engine.connect()
    except DBAPIError as exc:
        engine.dispose()
        raise DatabaseError(describe_pg_error(exc, loc, doing)) from exc


def _tables(conn) -> set[str]:
    from sqlalchemy import text

    return set(
        conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars()
    )


def _stored(conn) -> str | None:
    from sqlalchemy import text

    if "alembic_version" not in _tables(conn):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def open_postgres(loc: Location) -> Engine:
    """Open (creating the schema or upgrading as needed) the PostgreSQL database; its engine."""
    engine = make_pg_engine(loc)
    with _connect_or_explain(engine, loc, "open") as conn:
        tables = _tables(conn)
        stored = _stored(conn)
    if stored is not None and stored == _quick_head():
        return engine
    if tables and stored is None:
        engine.dispose()
        raise DatabaseError(
            f"The database {loc.label} already holds tables that are not svdesk's. Choose an "
            "empty database for svdesk, or ask whoever manages the server to make one."
        )
    from alembic import command
    from alembic.script import ScriptDirectory

    from svdesk.db.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    if stored == script.get_current_head():
        return engine
    if stored is not None:
        try:
            script.get_revision(stored)
        except Exception:  # noqa: BLE001  (alembic raises several kinds for an unknown revision)
            engine.dispose()
            raise DatabaseTooNew(
                f"{loc.label} was written by a newer version of svdesk (schema {stored}). "
                "Install the latest svdesk to open it; this version has not changed the database."
            ) from None
    from sqlalchemy.exc import DBAPIError

    try:
        command.upgrade(alembic_config(engine), "head")  # one transaction: see migrations/env.py
    except DBAPIError as exc:
        engine.dispose()
        raise DatabaseError(describe_pg_error(exc, loc, "upgrade")) from exc
    return engine


def check_postgres(loc: Location, doing: str = "open") -> None:
    """The health check: the server answers and the schema is this svdesk's. Raises DatabaseError."""
    from svdesk.db.opening import DatabaseMissing, _check_revision

    engine = make_pg_engine(loc, read_only=True)
    try:
        with _connect_or_explain(engine, loc, doing) as conn:
            tables = _tables(conn)
            stored = _stored(conn)
    finally:
        engine.dispose()
    if not tables:
        raise DatabaseMissing(
            f"The database {loc.label} has no svdesk data yet. Open it in the svdesk window (or run "
            "a command that changes it) to set it up."
        )
    if stored is None:
        raise DatabaseError(f"The database {loc.label} is not an svdesk database. Check the address.")
    _check_revision(loc.label, stored)


def open_postgres_for_reading(loc: Location) -> Engine:
    """An engine for a store that writes nothing (Store.read_only), after the health check."""
    check_postgres(loc, "read")
    return make_pg_engine(loc, read_only=True)


def may_write(engine: Engine) -> bool:
    """Whether the signed-in PostgreSQL user may change svdesk's data (a view-only role may not)."""
    from sqlalchemy import text

    with engine.connect() as conn:
        return bool(
            conn.execute(
                text("SELECT has_table_privilege(current_user, 'contract', 'INSERT,UPDATE,DELETE')")
            ).scalar()
        )
