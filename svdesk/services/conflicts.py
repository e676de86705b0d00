"""Two people saving the same record: the second save is stopped and shown both versions.

A record dialog keeps the row_version it loaded (svdesk.models.versioned) and the service's save
or delete passes it here. When the row has been saved since (by another PC, another window or
the command line), or deleted, the save raises ConflictError carrying "theirs" (the row as saved
now, with who saved it and when, from the audit trail) and "yours" (what this person typed), so
the dialog can show both and ask: keep mine, take theirs, or go back to editing. Nothing is
overwritten without that choice.

The same check holds when two saves race (both loaded version 3): the ORM's UPDATE says
WHERE row_version = 3, so the second touches no row; guarded() turns SQLAlchemy's StaleDataError
into the same ConflictError. Keeping mine saves again over their version, and the audit row of
that save records whose change it replaced (saving_over).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from svdesk.formatting import format_date
from svdesk.models.audit import SAVING_OVER, AuditLog
from svdesk.models.versioned import VERSION_COLUMN
from svdesk.services.store import Store

NOT_SHOWN = frozenset({"id", "created_at", "updated_at", VERSION_COLUMN})


class ConflictError(Exception):
    """The record was changed (or deleted) by someone else since this person loaded it."""

    def __init__(
        self,
        noun: str,
        record_id: object,
        theirs: dict[str, Any] | None,
        yours: dict[str, Any],
        *,
        version: int | None,
        by: str = "",
        at: datetime | None = None,
    ):
        self.noun = noun  # "contract"
        self.record_id = record_id
        self.theirs = theirs  # None: deleted since
        self.yours = yours
        self.version = version  # theirs' row_version: pass it back to save over theirs
        self.by = by or "someone else"
        self.at = at
        super().__init__(self.message)

    @property
    def deleted(self) -> bool:
        return self.theirs is None

    @property
    def when(self) -> str:
        if self.at is None:
            return ""
        local = self.at.replace(tzinfo=UTC).astimezone()  # the trail keeps UTC; this PC's clock
        return f"{local:%H:%M} on {format_date(local.date())}"

    @property
    def differing(self) -> list[str]:
        """The fields whose saved value differs from what this person typed."""
        theirs = self.theirs or {}
        return [k for k in self.yours if k in theirs and _same(theirs[k], self.yours[k]) is False]

    @property
    def message(self) -> str:
        when = f" at {self.when}" if self.when else ""
        if self.deleted:
            return (
                f"This {self.noun} was deleted by {self.by}{when} while you were editing it. "
                "Save it again as a new record, or close without saving."
            )
        return (
            f"This {self.noun} was changed by {self.by}{when} while you were editing it. "
            "Compare the two versions, then keep yours, take theirs, or go back to editing."
        )

    @property
    def saving_over(self) -> str:
        """What the audit trail says when this person keeps their version."""
        when = f" of {self.when}" if self.when else ""
        return f"{self.by}'s change{when} (version {self.version})"


def not_deleted(conflict: ConflictError) -> str:
    """What a list says when its Delete found the record changed (or gone) since it was shown."""
    return (
        conflict.message.split(" while you were")[0] + " since this list was shown, so it was not "
        "deleted. The list now shows the saved version: check it, and delete again if you still want to."
    )


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return (a or "") == (b or "")
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(float(a) - float(b)) < 1e-9 or a == b  # type: ignore[arg-type]
    return a == b


def record_values(row: object) -> dict[str, Any]:
    """A mapped row's own values by attribute name, without ids, timestamps and its version."""
    mapper = inspect(row).mapper
    return {attr.key: getattr(row, attr.key) for attr in mapper.column_attrs if attr.key not in NOT_SHOWN}


def last_change(session: Session, table: str, record_id: object) -> tuple[str, datetime | None]:
    """Who last saved this record and when, from the audit trail (("", None) if not recorded)."""
    found = session.execute(
        select(AuditLog.user, AuditLog.at)
        .where(AuditLog.table_name == table, AuditLog.record_id == str(record_id))
        .order_by(AuditLog.id.desc())
        .limit(1)
    ).first()
    return (found[0], found[1]) if found else ("", None)


def conflict_for(
    session: Session, cls: type, record_id: object, yours: dict[str, Any], noun: str
) -> ConflictError:
    """The conflict with the row as it is saved now (read afresh, not from this session's cache)."""
    row = session.get(cls, record_id, populate_existing=True)
    table: str = inspect(cls).local_table.name
    by, at = last_change(session, table, record_id)
    if row is None:
        return ConflictError(noun, record_id, None, yours, version=None, by=by, at=at)
    return ConflictError(
        noun, record_id, record_values(row), yours, version=getattr(row, VERSION_COLUMN), by=by, at=at
    )


def check_version(
    session: Session,
    row: object | None,
    cls: type,
    record_id: object,
    expected: int | None,
    yours: dict,
    noun: str,
) -> None:
    """Raise ConflictError when the row is gone or its version is not the one the editor loaded.
    expected None: the caller loaded no version (the command line, a new record): no check."""
    if expected is None:
        return
    if row is None or getattr(row, VERSION_COLUMN) != expected:
        raise conflict_for(session, cls, record_id, yours, noun)


def saving_over(session: Session, conflict: ConflictError | None) -> None:
    """Note in this transaction's audit rows that the save replaces someone else's change."""
    if conflict is not None:
        session.info[SAVING_OVER] = conflict.saving_over


@contextmanager
def guarded(store: Store, cls: type, record_id: object, yours: dict[str, Any], noun: str) -> Iterator[None]:
    """Turn a save that lost a race (StaleDataError at flush or commit) into a ConflictError."""
    try:
        yield
    except StaleDataError:
        with store.read() as s:
            raise conflict_for(s, cls, record_id, yours, noun) from None


@dataclass(frozen=True)
class Compared:
    """One line of the side-by-side view."""

    field: str
    theirs: object
    yours: object
    differs: bool


@dataclass
class Comparison:
    rows: list[Compared] = field(default_factory=list)


def compare(conflict: ConflictError, fields: list[str] | None = None) -> Comparison:
    """Theirs and yours field by field (fields: the order to show, default: yours' order)."""
    names = fields or list(conflict.yours)
    theirs = conflict.theirs or {}
    out = Comparison()
    for name in names:
        if name not in conflict.yours and name not in theirs:
            continue
        a, b = theirs.get(name), conflict.yours.get(name)
        out.rows.append(Compared(name, a, b, not conflict.deleted and not _same(a, b)))
    return out


def show_value(value: object) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() else f"{value:,}"
    return str(value)
