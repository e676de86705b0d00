"""An open svdesk database: its file, its engine and the folder beside it for evidence files."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from svdesk.db import open_database


@dataclass
class Store:
    path: Path
    engine: Engine

    def __post_init__(self) -> None:
        self._version = 0
        event.listen(self.engine, "commit", self._committed)

    def _committed(self, _connection) -> None:
        self._version += 1

    @property
    def version(self) -> int:
        """Goes up with every commit through this store (reads never commit): a page that
        remembers the version it last read can skip reading again when nothing has changed."""
        return self._version

    @classmethod
    def open(cls, path: Path | str) -> "Store":
        path = Path(path).expanduser().resolve()
        return cls(path, open_database(path))

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
