"""A row version on the records people edit, so two people saving the same record at once
cannot silently overwrite each other.

Every ORM UPDATE and DELETE of a versioned row says `WHERE row_version = <the version loaded>`
and adds one to it (SQLAlchemy's version_id_col): a save over a row someone else has saved since
touches no row and fails (StaleDataError), which the services turn into a ConflictError that
shows both versions (svdesk.services.conflicts). Rows written by plain SQL start at 1 (the
server default)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

VERSION_COLUMN = "row_version"


class Versioned:
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805  (declared_attr passes the class)
        return {"version_id_col": cls.__table__.c.row_version}  # type: ignore[attr-defined]


def is_versioned(cls_or_table: Any) -> bool:
    table = getattr(cls_or_table, "__table__", cls_or_table)
    columns = getattr(table, "c", None)
    return columns is not None and VERSION_COLUMN in columns
