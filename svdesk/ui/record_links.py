"""Open a record from a figure's drill-down, whichever area owns it.

A measure source names each record "<kind>:<id>" (e.g. "person_spell:12"). The area that owns
that kind registers how to open it, usually its edit dialog:

    from svdesk.ui.record_links import register_opener
    register_opener("person_spell", lambda parent, record_id: PersonDialog(...).exec())

Register from the area's page module. A kind with no opener is simply not opened.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

Opener = Callable[[QWidget, str], object]
_OPENERS: dict[str, Opener] = {}


def register_opener(kind: str, fn: Opener) -> None:
    _OPENERS[kind] = fn


def open_record(parent: QWidget, ref: str) -> bool:
    """Open ref with its area's opener; False when no area opens that kind of record."""
    kind, sep, record_id = ref.partition(":")
    fn = _OPENERS.get(kind)
    if not sep or fn is None:
        return False
    fn(parent, record_id)
    return True
