"""Has anyone else changed the database? A cheap look for windows sharing one database.

Every change to a record writes an audit row (svdesk.models.audit), in the same transaction, so
new audit rows appear with every committed change from any PC, window or command: one index
range read of the rows after the last look tells a window whether what it shows may be stale,
and who saved ("Updated with changes from anna"). The window tells its own rows from others'
by their ids (svdesk.models.audit.watch_written), so two windows of one person see each other.

On PostgreSQL ids come from a sequence as rows are inserted, not as they commit: a transaction
that took id 100 may commit after one that took 101. A look therefore reads again the last
MARGIN ids before the newest it saw and skips the ones it has handled.
Works on SQLite too (the command line writing under an open window).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from svdesk.models.audit import audit_table, session_user
from svdesk.services.store import Store

MAX_ROWS = 5000  # a look reads at most this many new rows (the newest); enough to say who


@dataclass(frozen=True)
class Stamp:
    newest: int  # the newest audit row's id (0: none yet)
    rows: tuple[tuple[int, str], ...] = ()  # (id, user) of the rows after `seen`, oldest first

    def others(self, mine: set[int] | frozenset[int] = frozenset()) -> list[tuple[int, str]]:
        """The new rows this store did not write (mine: svdesk.models.audit.watch_written)."""
        return [row for row in self.rows if row[0] not in mine]


def who_am_i(store: Store) -> str:
    """The name this store's changes are recorded under (svdesk.models.audit.session_user)."""
    with store.read() as s:
        return session_user(s)


MARGIN = 500  # ids read again behind the newest seen (commits out of id order)


def newest_id(store: Store) -> int:
    with store.read() as s:
        return int(s.execute(select(func.coalesce(func.max(audit_table().c.id), 0))).scalar_one())


def current_stamp(store: Store, seen: int = 0) -> Stamp:
    """One query: the audit rows after `seen` (an index range), at most the newest MAX_ROWS."""
    log = audit_table()
    with store.read() as s:
        rows = s.execute(
            select(log.c.id, log.c.user).where(log.c.id > seen).order_by(log.c.id.desc()).limit(MAX_ROWS)
        ).all()
    found = tuple((int(i), str(u or "")) for i, u in reversed(rows))
    return Stamp(found[-1][0] if found else seen, found)
