"""An open svdesk database: where it is (a file, or a PostgreSQL server's database), its engine
and the folder for evidence files.

Services and exports do not know which store they use. Code that shows or keeps something per
database uses store.label (the file's name, or "svdesk on office-server") and store.local_dir
(a folder on this PC); store.path stays for the SQLite-only paths (backups, the lock file) and,
on PostgreSQL, is a stand-in inside local_dir so a folder beside it is still a folder on this PC."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session

from svdesk.db import open_database
from svdesk.db.location import Location

T = TypeVar("T")


@dataclass
class Store:
    path: Path
    engine: Engine
    read_only: bool = False  # opened read-only (SQLite mode=ro, or a read-only PostgreSQL session)
    location: Location | None = None  # None: the SQLite file at path

    def __post_init__(self) -> None:
        if self.location is None:
            self.location = Location("sqlite", path=self.path)
        self._version = 0
        self._measure_cache: tuple | None = None  # svdesk.services.measure_cache
        self._held = threading.local()  # one_read(): this thread's shared read session, if any
        from svdesk.services.table_changes import install

        # self.table_versions: the commits that wrote to each table; counted before the version
        # goes up (listeners run in order), so whoever sees the new version sees the tables too
        install(self)
        event.listen(self.engine, "begin", self._began)
        event.listen(self.engine, "commit", self._committed)

    # Only a commit that changed rows counts: some services open a write that turns out to have
    # nothing to do (the proxy defaults, once added), which must not make every page read again.
    # table_changes' commit listener (installed first, so it runs first) notes whether it did:
    # SQLite's total_changes, or on PostgreSQL a write statement that reported rows.
    @staticmethod
    def _began(connection) -> None:
        connection.connection.info.pop("svdesk_changed", None)

    def _committed(self, connection) -> None:
        if connection.connection.info.pop("svdesk_changed", False):
            self._version += 1

    @property
    def version(self) -> int:
        """Goes up with every commit that changes rows through this store: a page that remembers
        the version it last read can skip reading again when nothing has changed."""
        return self._version

    def note_outside_change(self) -> None:
        """Another PC, window or command changed the database (svdesk.services.change_stamp):
        what was read through this store may be stale, as after a change of every table."""
        from svdesk.services.table_changes import EVERYTHING

        tables: dict[str, int] = getattr(self, "table_versions", {})  # set by table_changes.install
        tables[EVERYTHING] = tables.get(EVERYTHING, 0) + 1
        self._version += 1

    @classmethod
    def open(cls, where: Path | str | Location) -> Store:
        """Open (creating or upgrading) a database file or a PostgreSQL URL; DatabaseError if not."""
        loc = where if isinstance(where, Location) else Location.parse(where)
        if loc.is_postgres:
            from svdesk.db.postgres import open_postgres

            return cls(loc.stand_in_path(), open_postgres(loc), location=loc)
        assert loc.path is not None
        return cls(loc.path, open_database(loc.path), location=loc)

    @classmethod
    def open_read_only(cls, where: Path | str | Location) -> Store:
        """A store that cannot write (svdesk.db.opening): no migration, no seeding, and another
        process's write-ahead log left alone. Raises DatabaseError saying what is wrong."""
        loc = where if isinstance(where, Location) else Location.parse(where)
        if loc.is_postgres:
            from svdesk.db.postgres import open_postgres_for_reading

            return cls(loc.stand_in_path(), open_postgres_for_reading(loc), read_only=True, location=loc)
        from svdesk.db.opening import open_for_reading

        assert loc.path is not None
        return cls(loc.path, open_for_reading(loc.path), read_only=True, location=loc)

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @property
    def label(self) -> str:
        """What a title bar or a message calls this database."""
        assert self.location is not None
        return self.location.label if self.location.is_postgres else self.path.name

    @property
    def local_dir(self) -> Path:
        """A folder on this PC for what stays per PC for this database (backups, settings)."""
        assert self.location is not None
        return self.location.local_dir() if self.location.is_postgres else self.path.parent

    @property
    def where(self) -> str:
        """What opens this database again (the path, or the full URL): for a child process."""
        assert self.location is not None
        return self.location.url() if self.location.is_postgres else str(self.path)

    @property
    def safe_location(self) -> str:
        """Where it is, as settings and the recent-databases list may keep it (no password)."""
        assert self.location is not None
        return self.location.safe_text if self.location.is_postgres else str(self.path)

    @property
    def evidence_dir(self) -> Path:
        return self.path.with_name(self.path.stem + "-evidence")

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading. Inside one_read() (this thread), the shared one: no new
        connection, transaction or round trips to a server."""
        held: Session | None = getattr(self._held, "session", None)
        if held is None:
            with Session(self.engine, expire_on_commit=False) as session:
                yield session
            return
        self._held.depth += 1
        try:
            yield held
        finally:
            self._held.depth -= 1
            if self._held.depth == 0:
                # as when a read's own session closes: what it loaded is detached, and the
                # next read loads afresh (from the same snapshot), so no read sees another's
                # edits to its objects
                held.expunge_all()

    @contextmanager
    def one_read(self) -> Iterator[None]:
        """Every store.read() inside (in this thread) shares one session: one connection and,
        on PostgreSQL, one REPEATABLE READ transaction. An export or a Dashboard count makes
        dozens of small reads; on a server each new session costs round trips (the pool's
        ping, BEGIN, ROLLBACK) that SQLite answers in-process, and each read saw the database
        as it was at that moment. In one snapshot an export's figures agree with each other
        even while others write to a shared database meanwhile. Re-entrant. A store.write()
        inside is its own transaction, after which the shared read takes a new snapshot."""
        if getattr(self._held, "session", None) is not None:
            yield
            return
        bind = (
            self.engine.execution_options(isolation_level="REPEATABLE READ")
            if self.is_postgres
            else self.engine
        )
        with Session(bind, expire_on_commit=False) as session:
            self._held.session, self._held.depth, self._held.memo = session, 0, {}
            try:
                yield
            finally:
                self._held.session, self._held.memo = None, {}

    def memo(self, key: tuple, load: Callable[[], T]) -> T:
        """Inside one_read(): load() once per snapshot (the same rows give the same answer),
        for what an export or a Dashboard count reads again and again (the contract, the
        measure library); outside, load() every time. Callers must not change what it returns."""
        if getattr(self._held, "session", None) is None:
            return load()
        memo: dict[tuple, Any] = self._held.memo
        if key not in memo:
            memo[key] = load()
        return memo[key]

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: everything inside commits together or not at all."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session
        held: Session | None = getattr(self._held, "session", None)
        if held is not None:
            # a write inside one_read() (a cache of worked-out answers, the shipped defaults):
            # the shared read starts a new snapshot that sees it, as a new session would
            held.rollback()
            self._held.memo = {}

    def overwrite_deletions(self, session: Session) -> None:
        """In a write that removes personal data: SQLite zeroes the old cells instead of leaving
        them in free space (secure_delete). PostgreSQL keeps old row versions until a vacuum:
        see forget_deleted."""
        if not self.is_postgres:
            session.execute(text("PRAGMA secure_delete=ON"))

    def forget_deleted(self, tables: tuple[str, ...]) -> None:
        """After such a write: SQLite's write-ahead log still holds the old pages (folded in
        and emptied); PostgreSQL's tables hold the old row versions until VACUUM, run now
        (by the tables' owner; another user's vacuum is skipped with a warning by the server)."""
        if not self.is_postgres:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            return
        with self.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.exec_driver_sql(f"VACUUM {', '.join(tables)}")

    def close(self) -> None:
        self.engine.dispose()
