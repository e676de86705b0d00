"""Read the audit trail: the history of one record, recent changes, and erasing a person's values.

The rows themselves are written by the session event in svdesk.models.audit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from svdesk.formatting import format_date, format_money
from svdesk.models.audit import NOT_RECORDED, AuditLog, audit_table
from svdesk.services.import_audit import describe
from svdesk.services.store import Store

ACTION_LABELS = {"insert": "Created", "update": "Changed", "delete": "Deleted"}
ERASED = "(erased)"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object

    def describe(self) -> str:
        label = self.field.replace("_pence", "").replace("_", " ")
        old, new = _show(self.old, self.field), _show(self.new, self.field)
        if self.old is None:
            return f"{label}: {new}"
        if self.new is None:
            return f"{label}: was {old}"
        return f"{label}: {old} → {new}"


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    user: str
    table: str
    record_id: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    rows: int | None = None  # summary rows (bulk imports) say how many records, not which
    note: str = ""  # an import or its undo, as a sentence (svdesk.services.import_audit)

    @property
    def action_label(self) -> str:
        if self.note:  # an import or its undo: what happened, not the SQL verb
            return "Imported" if self.action == "insert" else "Undone"
        return ACTION_LABELS.get(self.action, self.action)

    def summary(self) -> str:
        if self.note:
            return self.note
        if self.rows is not None:
            return f"{self.action_label} {self.rows} {self.table} record(s)"
        changes = self.changes
        if self.action in ("insert", "delete"):
            # The id is in the Record column; blank fields say nothing about a new record.
            changes = [
                c
                for c in changes
                if c.field != "id" and (c.old if self.action == "delete" else c.new) not in (None, "")
            ]
        return "; ".join(c.describe() for c in changes) or self.action_label


def _show(value, field: str = "") -> str:
    if value is None or value == "":
        return "(blank)"
    if field.endswith("_pence") and isinstance(value, int) and not isinstance(value, bool):
        return format_money(value)
    return str(value)


def _to_entry(row: AuditLog) -> AuditEntry:
    try:
        data = json.loads(row.changes or "{}")
    except ValueError:
        data = {}
    if isinstance(data, dict) and ("import" in data or "undo" in data):
        note = describe(row.table_name, row.action, data, format_date(row.at.date()))
        if note:
            changes = [
                FieldChange(k, v[0], v[1]) for k, v in data.items() if isinstance(v, list) and len(v) == 2
            ]
            return AuditEntry(row.at, row.user, row.table_name, row.record_id, row.action, changes, note=note)
    if isinstance(data, dict) and "rows" in data and not isinstance(data["rows"], list):
        return AuditEntry(row.at, row.user, row.table_name, row.record_id, row.action, [], data["rows"])
    changes = [FieldChange(k, v[0], v[1]) for k, v in data.items() if isinstance(v, list) and len(v) == 2]
    return AuditEntry(row.at, row.user, row.table_name, row.record_id, row.action, changes)


def record_history(store: Store, table: str, record_id: int | str) -> list[AuditEntry]:
    """Every change to one record, oldest first."""
    with store.read() as s:
        rows = s.scalars(
            select(AuditLog)
            .where(AuditLog.table_name == table, AuditLog.record_id == str(record_id))
            .order_by(AuditLog.id)
        )
        entries = [_to_entry(r) for r in rows]
        return [_created_by_import(s, e) for e in entries]


def _created_by_import(session: Session, entry: AuditEntry) -> AuditEntry:
    """A record the session created during an import (a supplier list's suppliers) says so:
    "Created by import of <file> on <date>", from the import's own audit row."""
    batch = next((c.new for c in entry.changes if c.field == "created_by_batch_id"), None)
    if entry.action != "insert" or entry.note or batch is None:
        return entry
    row = session.scalars(
        select(AuditLog)
        .where(
            AuditLog.table_name == "import_batch",
            AuditLog.record_id == str(batch),
            AuditLog.action == "insert",
        )
        .order_by(AuditLog.id)
        .limit(1)
    ).first()
    if row is None:
        return entry
    try:
        name = json.loads(row.changes)["import"]["file"]
    except (ValueError, KeyError, TypeError):
        return entry
    return replace(entry, note=f"Created by import of {name} on {format_date(entry.at.date())}")


def recent_changes(store: Store, limit: int = 200, table: str | None = None) -> list[AuditEntry]:
    """The latest changes anywhere (or in one table), newest first."""
    with store.read() as s:
        query = select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)
        if table:
            query = query.where(AuditLog.table_name == table)
        return [_to_entry(r) for r in s.scalars(query)]


def erase_history_values(
    session: Session, table: str, record_id: int | str, fields: set[str] | None = None
) -> int:
    """Blank the recorded values of a record's history (all fields, or just `fields`), keeping
    when, who and which fields changed. For erasing a person: call it in the same transaction
    as the erasure so no copy of their data survives in the audit trail. Returns rows changed."""
    rows = session.scalars(
        select(AuditLog).where(AuditLog.table_name == table, AuditLog.record_id == str(record_id))
    ).all()
    changed = 0
    for row in rows:
        data = json.loads(row.changes or "{}")
        new = {
            k: (
                [None if v[0] is None else ERASED, None if v[1] is None else ERASED]
                if (fields is None or k in fields) and isinstance(v, list)
                else v
            )
            for k, v in data.items()
        }
        if new != data:
            # Core update: changing audit rows must not itself be audited as a change.
            session.execute(
                update(audit_table())
                .where(AuditLog.id == row.id)
                .values(changes=json.dumps(new, ensure_ascii=False))
            )
            changed += 1
    return changed


__all__ = [
    "AuditEntry",
    "FieldChange",
    "NOT_RECORDED",
    "erase_history_values",
    "recent_changes",
    "record_history",
]
