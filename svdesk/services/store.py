"""An open svdesk database: its file, its engine and the folder beside it for evidence files."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from svdesk.db import open_database


@dataclass
class Store:
    path: Path
    engine: Engine
    read_only: bool = False  # opened with SQLite mode=ro: services must not write

    def __post_init__(self) -> None:
        self._version = 0
        self._measure_cache: tuple | None = None  # svdesk.services.measure_cache
        from svdesk.services.table_changes import install

        # self.table_versions: the commits that wrote to each table; counted before the version
        # goes up (listeners run in order), so whoever sees the new version sees the tables too
        install(self)
        event.listen(self.engine, "begin", self._began)
        event.listen(self.engine, "commit", self._committed)

    # Only a commit that changed rows counts: some services open a write that turns out to have
    # nothing to do (the proxy defaults, once added), which must not make every page read again.
    # SQLite counts the rows each connection has changed (total_changes): the count when the
    # transaction began is kept with the pooled connection and compared when it commits.
    @staticmethod
    def _began(connection) -> None:
        pooled = connection.connection
        pooled.info["svdesk_changes"] = pooled.dbapi_connection.total_changes

    def _committed(self, connection) -> None:
        pooled = connection.connection
        if pooled.info.get("svdesk_changes") != pooled.dbapi_connection.total_changes:
            self._version += 1

    @property
    def version(self) -> int:
        """Goes up with every commit that changes rows through this store: a page that remembers
        the version it last read can skip reading again when nothing has changed."""
        return self._version

    @classmethod
    def open(cls, path: Path | str) -> Store:
        path = Path(path).expanduser().resolve()
        return cls(path, open_database(path))

    @classmethod
    def open_read_only(cls, path: Path | str) -> Store:
        """A store that cannot write (svdesk.db.opening): no migration, no seeding, and another
        process's write-ahead log left alone. Raises DatabaseError saying what is wrong."""
        from svdesk.db.opening import open_for_reading

        path = Path(path).expanduser().resolve()
        return cls(path, open_for_reading(path), read_only=True)

    @property
    def evidence_dir(self) -> Path:
        return self.path.with_name(self.path.stem + "-evidence")

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: everything inside commits together or not at all."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
