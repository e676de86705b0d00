"""The audit trail of imports and their undo (issue 19.9), one row per import batch.

Imports write their spend lines and suppliers with raw SQL for speed, which the session's audit
event (svdesk.models.audit) never sees; a row per line would also make a million-line import
crawl. So an import records:

- one row for its batch (table "import_batch", the batch's id): the file and the counts;
- one row per supplier it created (table "supplier"), so the supplier's history says
  "Created by import of <file> on <date>";

and undoing it records one row for the batch (what was removed) and one per supplier removed.
The JSON of each row carries an "import" or "undo" object that svdesk.services.audit shows as a
sentence. Rows are written on the import's own connection, in its transaction: an import that
is rolled back leaves no audit row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import insert

from svdesk.db.raw import RawSQL
from svdesk.models.audit import AuditLog, connection_user, session_user
from svdesk.models.base import utcnow

_SQL = 'INSERT INTO audit_log (at, "user", table_name, record_id, action, changes) VALUES (?, ?, ?, ?, ?, ?)'


def _at() -> str:
    return str(utcnow())


def record_import(
    raw: RawSQL,
    batch_id: int,
    kind: str,
    file_name: str,
    counts: dict,
    suppliers: Iterable[tuple[int, str, str]] = (),
) -> None:
    """raw: the import's plain SQL on its transaction. counts: e.g. {"lines": 300, "suppliers_added": 12,
    "already_imported": 4, "rejected": 1}. suppliers: (id, name, postcode) it created."""
    at, user = _at(), connection_user(raw.conn)
    about = {"batch": batch_id, "file": file_name, "kind": kind}
    raw.run(
        _SQL,
        (
            at,
            user,
            "import_batch",
            str(batch_id),
            "insert",
            json.dumps({"import": {**about, **counts}}, ensure_ascii=False),
        ),
    )
    # The name says which supplier it was; its other details are in the register (a sole
    # trader's postcode may be a home address, so it is not copied here).
    raw.run_many(
        _SQL,
        (
            (
                at,
                user,
                "supplier",
                str(sid),
                "insert",
                json.dumps({"import": about, "name": [None, name]}, ensure_ascii=False),
            )
            for sid, name, _postcode in suppliers
        ),
    )


def record_undo(
    session, batch_id: int, kind: str, file_name: str, lines: int, supplier_ids: Iterable[int], fills: int = 0
) -> None:
    """In the undo's session (its transaction): the batch's row and one per supplier removed."""
    at, user = utcnow(), session_user(session)
    about = {"batch": batch_id, "file": file_name, "kind": kind}
    ids = list(supplier_ids)
    rows = [
        {
            "at": at,
            "user": user,
            "table_name": "import_batch",
            "record_id": str(batch_id),
            "action": "delete",
            "changes": json.dumps(
                {"undo": {**about, "lines": lines, "suppliers_removed": len(ids), "details_restored": fills}},
                ensure_ascii=False,
            ),
        }
    ]
    rows += [
        {
            "at": at,
            "user": user,
            "table_name": "supplier",
            "record_id": str(sid),
            "action": "delete",
            "changes": json.dumps({"undo": about}, ensure_ascii=False),
        }
        for sid in ids
    ]
    session.connection().execute(insert(AuditLog), rows)


def _n(count, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def describe(table: str, action: str, data: dict, when: str) -> str:
    """The sentence for an import or undo row (data: the row's JSON); "" if it is neither.
    when: the row's date as the user reads dates."""
    if "import" in data and isinstance(data["import"], dict):
        info = data["import"]
        name = info.get("file", "?")
        if table != "import_batch":
            return f"Created by import of {name} on {when}"
        parts = []
        if info.get("kind") == "spend" or "lines" in info:
            parts.append(_n(info.get("lines", 0), "spend line", "spend lines"))
        parts.append(_n(info.get("suppliers_added", 0), "new supplier", "new suppliers"))
        if info.get("suppliers_updated"):
            parts.append(_n(info["suppliers_updated"], "supplier filled in", "suppliers filled in"))
        if info.get("already_imported"):
            parts.append(f"{info['already_imported']:,} already imported")
        if info.get("rejected"):
            parts.append(f"{info['rejected']:,} rejected")
        return f"Imported {name} ({info.get('kind', '')}, batch {info.get('batch')}): " + ", ".join(parts)
    if "undo" in data and isinstance(data["undo"], dict):
        info = data["undo"]
        name = info.get("file", "?")
        if table != "import_batch":
            return f"Removed by undoing the import of {name} on {when}"
        parts = (
            [f"{_n(info.get('lines', 0), 'spend line', 'spend lines')} removed"]
            if info.get("kind") == "spend" or info.get("lines")
            else []
        )
        parts.append(f"{_n(info.get('suppliers_removed', 0), 'supplier', 'suppliers')} removed")
        if info.get("details_restored"):
            parts.append(f"{_n(info['details_restored'], 'detail', 'details')} blank again")
        return f"Undid the import of {name} (batch {info.get('batch')}): " + ", ".join(parts)
    return ""
