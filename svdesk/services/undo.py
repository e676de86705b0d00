"""Undo and redo the latest changes of this session (Edit > Undo, Ctrl+Z).

Each committed write (one `store.write()` transaction: saving a contract, deleting a person with
their job spells and evidence links) is one step. While it runs, the rows it touches are noted
as they were before it (read from the database just before the change: an ORM save or delete, a
bulk update or delete, and the rows the database itself removes or blanks through ON DELETE) and
as they are when it commits. Undo puts every one of those rows back as it was before, with the
same ids, so a deleted record comes back with its children; redo puts them back as after.

Undo and redo are ordinary saves: the audit trail (svdesk.models.audit) records them like any
other change, with personal fields masked as usual. The values held for undo stay in memory,
for this session only, and are never written anywhere.

What is not undone here: bulk imports (undone as a whole from their own Imports tab), erasing a
person (erasure must stay final) and caches that are not audited. Such a change ends the undo
history: what came before it can no longer be undone safely.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import and_, event, select
from sqlalchemy.orm import Session

from svdesk.models.audit import AuditLog
from svdesk.models.base import Base
from svdesk.models.versioned import VERSION_COLUMN
from svdesk.services.validation import ValidationError

if TYPE_CHECKING:
    from svdesk.services.store import Store

IGNORED_COLUMNS = frozenset({"created_at", "updated_at"})
LIMIT = 100  # steps kept
MAX_ROWS = 2000  # rows one step may touch; more is an import or a bulk change, not an edit
_APPLYING = "svdesk_undo_applying"
_PENDING = "svdesk_undo_pending"

Key = tuple[str, tuple]  # (table name, primary key values)

# Names shown in the menu ("Undo delete contract") for the tables users edit.
NOUNS = {
    "contract": "contract",
    "person": "person",
    "job_spell": "job spell",
    "supplier": "supplier",
    "commitment": "commitment",
    "evidence_link": "evidence link",
    "measure_entry": "measure entry",
    "person_contract": "person's contract",
    "assessment_answer": "assessment answer",
    "assessment_action": "action",
    "case_study": "case study",
    "organisation": "organisation details",
}


class UndoConflict(ValidationError):
    """The rows changed since (another window, a background job): undoing would overwrite it."""


@dataclass
class Step:
    label: str  # "delete contract"
    keys: list[Key]  # in the order first touched
    before: dict[Key, dict | None]  # None: the row did not exist
    after: dict[Key, dict | None] = field(default_factory=dict)


@dataclass
class _Pending:
    keys: list[Key] = field(default_factory=list)
    before: dict[Key, dict | None] = field(default_factory=dict)
    actions: dict[Key, str] = field(default_factory=dict)
    saved: list[Key] = field(default_factory=list)  # saved or deleted by the service itself
    barrier: bool = False  # touched something undo must not reverse


# --- tables ------------------------------------------------------------------------------------


def _classes() -> dict[str, type]:
    return {m.local_table.name: m.class_ for m in Base.registry.mappers if hasattr(m.local_table, "name")}


def _undoable_table(name: str) -> bool | None:
    """True: undoable; False: a change here ends the history; None: ignored (caches)."""
    if name == AuditLog.__tablename__ or name not in Base.metadata.tables:
        return None  # the trail itself; look-up tables outside the models (person_locality)
    cls = _classes().get(name)
    mode = getattr(cls, "__audit__", "full") if cls is not None else "full"
    if not mode:
        return None  # bookkeeping and caches, rebuilt by the services that own them
    return mode == "full"


def _pk_clause(table, pk: tuple):
    return and_(*[c == v for c, v in zip(table.primary_key.columns, pk, strict=True)])


def _row(conn, table_name: str, pk: tuple) -> dict | None:
    table = Base.metadata.tables[table_name]
    found = conn.execute(select(table).where(_pk_clause(table, pk))).mappings().first()
    return dict(found) if found is not None else None


def _children(conn, table_name: str, row: dict):
    """Rows the database itself deletes (CASCADE) or blanks (SET NULL) when `row` is deleted."""
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name != table_name or (fk.ondelete or "").upper() not in (
                "CASCADE",
                "SET NULL",
            ):
                continue
            value = row.get(fk.column.name)
            for child in conn.execute(select(table).where(fk.parent == value)).mappings():
                yield table.name, dict(child), (fk.ondelete or "").upper() == "CASCADE"


def _comparable(row: dict | None) -> dict | None:
    return None if row is None else {k: v for k, v in row.items() if k not in IGNORED_COLUMNS}


def _changed_since(current: dict | None, expected: dict | None) -> bool:
    """Whether a row is no longer as the step left it: by its row_version where it has one (the
    same check a record dialog's save makes, svdesk.services.conflicts), else by its values."""
    if current is None or expected is None:
        return (current is None) != (expected is None)
    if VERSION_COLUMN in current and VERSION_COLUMN in expected:
        return current[VERSION_COLUMN] != expected[VERSION_COLUMN]
    return _comparable(current) != _comparable(expected)


# --- watching the session's writes -------------------------------------------------------------

# id(engine) -> the history of that store, while its holder (the main window, say) keeps it
_histories: weakref.WeakValueDictionary[int, UndoHistory] = weakref.WeakValueDictionary()
_lock = threading.Lock()


def _history(session: Session) -> UndoHistory | None:
    if session.info.get(_APPLYING) or not _histories:
        return None
    bind = session.get_bind()
    return _histories.get(id(getattr(bind, "engine", bind)))


def _pending(session: Session) -> _Pending:
    return session.info.setdefault(_PENDING, _Pending())


def _note(session: Session, table_name: str, pk: tuple, action: str, row=..., cascade=True, saved=False):
    undoable = _undoable_table(table_name)
    if undoable is None:
        return
    pending = _pending(session)
    if pending.barrier:
        return  # the history ends here anyway: nothing more to note
    if not undoable or len(pending.keys) >= MAX_ROWS:
        pending.barrier = True
        return
    key = (table_name, tuple(pk))
    if saved:
        pending.saved.append(key)
    if key in pending.before:
        return
    conn = session.connection()
    before = _row(conn, table_name, key[1]) if row is ... else row
    pending.keys.append(key)
    pending.before[key] = before
    pending.actions[key] = action
    if action == "delete" and before is not None and cascade:
        for child_table, child, deleted in _children(conn, table_name, before):
            child_pk = tuple(child[c.name] for c in Base.metadata.tables[child_table].primary_key.columns)
            _note(session, child_table, child_pk, "delete" if deleted else "update", child, cascade=deleted)


def _identity(obj) -> tuple[str, tuple] | None:
    from sqlalchemy import inspect

    state = inspect(obj)
    if state.identity is None:
        return None
    return state.mapper.local_table.name, tuple(state.identity)


@event.listens_for(Session, "before_flush")
def _before_flush(session, _context, _instances):
    if _history(session) is None:
        return
    for action, objects in (("delete", session.deleted), ("update", session.dirty)):
        for obj in objects:
            if action == "update" and not session.is_modified(obj, include_collections=False):
                continue
            ident = _identity(obj)
            if ident is not None:
                _note(session, ident[0], ident[1], action, saved=True)


@event.listens_for(Session, "after_flush")
def _after_flush(session, _context):
    if _history(session) is None:
        return
    for obj in session.new:
        ident = _identity(obj)
        if ident is not None:
            _note(session, ident[0], ident[1], "insert", None, saved=True)


def _watch_bulk(state):
    """update(...)/delete(...) through a session: note the rows they are about to change."""
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    session = state.session
    if _history(session) is None:
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name == AuditLog.__tablename__ and not state.is_insert:
        _pending(session).barrier = True  # erasing a person's values from the trail: final
        return
    if table is None or name is None or _undoable_table(name) is None:
        return
    if state.is_insert:
        _pending(session).barrier = True  # ids not known beforehand: an import, say
        return
    where = state.statement.whereclause
    query = select(table) if where is None else select(table).where(where)
    for row in session.connection().execute(query).mappings():
        pk = tuple(row[c.name] for c in table.primary_key.columns)
        _note(session, name, pk, "delete" if state.is_delete else "update", dict(row))
    return


# Run before the audit trail's own listener, which runs the statement and stops the chain.
event.listen(Session, "do_orm_execute", _watch_bulk, insert=True)


@event.listens_for(Session, "before_commit")
def _before_commit(session):
    history = _history(session)
    if history is None:
        return
    if session.new or session.dirty or session.deleted:
        session.flush()
    pending = session.info.get(_PENDING)
    if pending is None or (not pending.keys and not pending.barrier):
        return
    if pending.barrier:
        session.info["svdesk_undo_step"] = (history, None, True)
        return
    conn = session.connection()
    after = {key: _row(conn, *key) for key in pending.keys}
    changed = [k for k in pending.keys if _comparable(after[k]) != _comparable(pending.before[k])]
    if any(
        k[0] == "person"
        and (pending.before[k] or {}).get("erased_on") is None
        and (after[k] or {}).get("erased_on") is not None
        for k in changed
    ):
        pending.barrier = True  # an erasure is final: no undo may bring the data back
    step = None
    if changed:
        first = next((k for k in pending.saved if k in changed), changed[0])
        noun = NOUNS.get(first[0], first[0].replace("_", " "))
        verb = {"insert": "add", "delete": "delete"}.get(pending.actions[first], "change to")
        if verb == "change to" and pending.before[first] is None:
            verb = "add"
        step = Step(
            f"{verb} {noun}", changed, {k: pending.before[k] for k in changed}, {k: after[k] for k in changed}
        )
    session.info["svdesk_undo_step"] = (history, step, pending.barrier)


@event.listens_for(Session, "after_commit")
def _after_commit(session):
    found = session.info.pop("svdesk_undo_step", None)
    session.info.pop(_PENDING, None)
    if found is not None:
        history, step, barrier = found
        history._committed(step, barrier)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session):
    session.info.pop("svdesk_undo_step", None)
    session.info.pop(_PENDING, None)


# --- the history -------------------------------------------------------------------------------


class UndoHistory:
    """The undo and redo stacks of one open database, for this session of the app."""

    def __init__(self, store: Store):
        self.store = store
        self.undo_steps: list[Step] = []
        self.redo_steps: list[Step] = []
        self.listeners: list = []  # called with no arguments after any change to the stacks

    def _committed(self, step: Step | None, barrier: bool) -> None:
        with _lock:
            if barrier:
                self.undo_steps.clear()
                self.redo_steps.clear()
            elif step is not None:
                self.undo_steps.append(step)
                del self.undo_steps[:-LIMIT]
                self.redo_steps.clear()
        self._notify()

    def _notify(self) -> None:
        for listener in list(self.listeners):
            listener()

    def can_undo(self) -> bool:
        return bool(self.undo_steps)

    def can_redo(self) -> bool:
        return bool(self.redo_steps)

    def undo_label(self) -> str:
        return self.undo_steps[-1].label if self.undo_steps else ""

    def redo_label(self) -> str:
        return self.redo_steps[-1].label if self.redo_steps else ""

    def undo(self) -> Step:
        """Put back the rows of the latest change as they were before it."""
        with _lock:
            if not self.undo_steps:
                raise ValidationError({"undo": "There is nothing to undo."})
            step = self.undo_steps[-1]
        _apply(self.store, step, expect=step.after, target=step.before)
        with _lock:
            self.undo_steps.pop()
            self.redo_steps.append(step)
        self._notify()
        return step

    def redo(self) -> Step:
        """Make the change undone last again."""
        with _lock:
            if not self.redo_steps:
                raise ValidationError({"redo": "There is nothing to redo."})
            step = self.redo_steps[-1]
        _apply(self.store, step, expect=step.before, target=step.after)
        with _lock:
            self.redo_steps.pop()
            self.undo_steps.append(step)
        self._notify()
        return step

    def close(self) -> None:
        _histories.pop(id(self.store.engine), None)


def attach(store: Store) -> UndoHistory:
    """Start keeping the undo history of this open database (one per store). It is kept while
    the caller holds the returned history."""
    history = _histories.get(id(store.engine))
    if history is None or history.store is not store:
        history = _histories[id(store.engine)] = UndoHistory(store)
    return history


def history_for(store: Store) -> UndoHistory | None:
    return _histories.get(id(store.engine))


def _attributes(cls, row: dict) -> dict:
    from sqlalchemy import inspect

    mapper = inspect(cls)
    out = {}
    for column in mapper.local_table.columns:
        if column.name in row and column.name not in IGNORED_COLUMNS and column.name != VERSION_COLUMN:
            out[mapper.get_property_by_column(column).key] = row[column.name]
    return out


def _apply(store: Store, step: Step, expect: dict, target: dict) -> None:
    classes = _classes()
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    with store.write() as s:
        s.info[_APPLYING] = True
        conn = s.connection()
        for key in step.keys:
            if _changed_since(_row(conn, *key), expect[key]):
                raise UndoConflict(
                    {
                        "undo": (
                            f"The {NOUNS.get(key[0], key[0].replace('_', ' '))} has been changed "
                            "since (perhaps in another window), so this step cannot be undone or "
                            "redone without losing that change."
                        )
                    }
                )
        # Parents first when putting rows back; children first when removing them.
        restore = sorted((k for k in step.keys if target[k] is not None), key=lambda k: order.get(k[0], 0))
        remove = sorted((k for k in step.keys if target[k] is None), key=lambda k: -order.get(k[0], 0))
        for key in remove:
            obj = s.get(classes[key[0]], key[1])
            if obj is not None:
                s.delete(obj)
                s.flush()
        for key in restore:
            cls = classes[key[0]]
            values = _attributes(cls, target[key])
            obj = s.get(cls, key[1])
            if obj is None:
                s.add(cls(**values))
            else:
                for name, value in values.items():
                    if getattr(obj, name) != value:
                        setattr(obj, name, value)
            s.flush()
        for key in restore:  # as saved now (a new row_version): what the reverse step expects
            target[key] = _row(conn, *key)


__all__ = ["Step", "UndoConflict", "UndoHistory", "attach", "history_for"]
