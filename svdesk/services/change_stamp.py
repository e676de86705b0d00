"""Has anyone else changed the database? A cheap stamp for windows sharing one database.

Every change to a record writes an audit row (svdesk.models.audit), in the same transaction, so
the newest audit id moves with every committed change from any PC, window or command: one
index look-up tells a window whether what it shows may be stale. The same query names the
newest writer other than this one, for the status message ("Updated with changes from anna").
Works on SQLite too (the command line writing under an open window).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from svdesk.models.audit import audit_table, session_user
from svdesk.services.store import Store


@dataclass(frozen=True)
class Stamp:
    newest: int  # the newest audit row's id (0: none yet)
    by_other: str | None  # the newest writer since `seen` who is not this user, if any


def who_am_i(store: Store) -> str:
    """The name this store's changes are recorded under (svdesk.models.audit.session_user)."""
    with store.read() as s:
        return session_user(s)


def current_stamp(store: Store, seen: int = 0, me: str = "") -> Stamp:
    """One query: the newest audit id, and the newest other writer after `seen`."""
    log = audit_table()
    other = (
        select(log.c.user)
        .where(log.c.id > seen, log.c.user != me)
        .order_by(log.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    with store.read() as s:
        newest, by = s.execute(select(func.coalesce(func.max(log.c.id), 0), other)).one()
    return Stamp(int(newest), by)
